"""Listeners to profiles' signals (connected in MatchingConfig.ready). Thin: queue work after
commit, never compute here."""

from django.db import transaction

from . import scheduling


def on_organization_changed(sender, organization_id, reason="", **kwargs):
    transaction.on_commit(lambda: scheduling.schedule_refresh(organization_id))


def on_listing_published(sender, listing_id, **kwargs):
    from .services import listing_alert_enqueue

    if listing_alert_enqueue(listing_id=listing_id):
        transaction.on_commit(scheduling.schedule_alerts)


def on_directory_imported(sender, organization_ids, listing_ids=(), **kwargs):
    """One register import: one refresh of every organization it changed, run here (the
    import already runs in a worker or a command, and reports this as its last phase), and one
    batch of reverse alerts for the listings it published."""
    from .services import listing_alerts_enqueue_many, suggestions_refresh

    if organization_ids:
        suggestions_refresh(organization_ids=organization_ids)
    if listing_ids and listing_alerts_enqueue_many(listing_ids=listing_ids):
        transaction.on_commit(scheduling.schedule_alerts)
