"""Listeners to profiles' signals (connected in MatchingConfig.ready). Thin: queue work after
commit, never compute here."""

from django.db import transaction


def on_organization_changed(sender, organization_id, reason="", **kwargs):
    from .tasks import schedule_refresh

    transaction.on_commit(lambda: schedule_refresh(organization_id))


def on_listing_published(sender, listing_id, **kwargs):
    from .services import listing_alert_enqueue
    from .tasks import schedule_alerts

    if listing_alert_enqueue(listing_id=listing_id):
        transaction.on_commit(schedule_alerts)
