"""Listeners to profiles' signals (connected in MatchingConfig.ready). Thin: queue work, never
compute here. The profiles services send these signals after their transaction commits (their
one on_commit), so a listener queues at once."""

from . import scheduling

# A profile becomes public by these (review, or created published by staff or the register).
PUBLISHED_REASONS = {"organization.publish", "organization.created"}


def on_organization_changed(sender, organization_id, reason="", **kwargs):
    from .services import organization_alert_enqueue

    scheduling.schedule_refresh(organization_id)
    if reason in PUBLISHED_REASONS and organization_alert_enqueue(organization_id=organization_id):
        scheduling.schedule_alerts()


def on_listing_published(sender, listing_id, **kwargs):
    from .services import listing_alert_enqueue

    if listing_alert_enqueue(listing_id=listing_id):
        scheduling.schedule_alerts()


def on_directory_imported(
    sender, organization_ids, listing_ids=(), created_organization_ids=(), **kwargs
):
    """One register import: one refresh of every organization it changed, run here (the
    import already runs in a worker or a command, and reports this as its last phase), and one
    batch of alerts for the listings it published and the organizations it added."""
    from .services import listing_alerts_enqueue_many, suggestions_refresh

    if organization_ids:
        suggestions_refresh(organization_ids=organization_ids)
    if (listing_ids or created_organization_ids) and listing_alerts_enqueue_many(
        listing_ids=listing_ids, organization_ids=created_organization_ids
    ):
        scheduling.schedule_alerts()
