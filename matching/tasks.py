"""Celery interfaces to matching.services: take ids, call a service. When they are queued is
matching.scheduling's business."""

from celery import shared_task
from django.core.cache import cache

from .scheduling import ALERTS_KEY, REFRESH_KEY


@shared_task(
    name="matching.tasks.refresh_suggestions",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=3,
    time_limit=10 * 60,
    soft_time_limit=9 * 60,
)
def refresh_suggestions(organization_id: int) -> list[int]:
    from .services import suggestions_refresh

    # Cleared first: a change arriving while this runs queues a fresh refresh after it.
    cache.delete(REFRESH_KEY.format(organization_id))
    return sorted(suggestions_refresh(organization_ids=[organization_id]))


@shared_task(name="matching.tasks.rebuild_suggestions", time_limit=60 * 60, soft_time_limit=55 * 60)
def rebuild_suggestions() -> int:
    from .services import suggestions_rebuild

    return suggestions_rebuild()


@shared_task(
    name="matching.tasks.send_listing_alerts",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=3,
    time_limit=10 * 60,
    soft_time_limit=9 * 60,
)
def send_listing_alerts() -> int:
    from .services import listing_alerts_send

    cache.delete(ALERTS_KEY)
    return listing_alerts_send()
