"""Celery interfaces to matching.services: take ids, call a service. Debounced: a burst of
changes to one organization queues one refresh, which runs after the burst settles."""

from celery import shared_task
from django.conf import settings
from django.core.cache import cache

REFRESH_KEY = "matching:refresh-pending:{}"
ALERTS_KEY = "matching:alerts-pending"


def refresh_delay() -> int:
    return int(getattr(settings, "MATCHING_REFRESH_DELAY", 30))


def alert_window() -> int:
    return int(getattr(settings, "MATCHING_ALERT_WINDOW", 300))


def schedule_refresh(organization_id: int) -> bool:
    """Queue one refresh for this organization unless one is already waiting. Returns whether
    a task was queued. Call after commit (the task must see the change)."""
    delay = refresh_delay()
    if not cache.add(REFRESH_KEY.format(organization_id), 1, timeout=delay + 120):
        return False
    refresh_suggestions.apply_async(args=[organization_id], countdown=delay)
    return True


def schedule_alerts() -> bool:
    """Queue the next batch of reverse alerts unless one is already waiting."""
    window = alert_window()
    if not cache.add(ALERTS_KEY, 1, timeout=window + 120):
        return False
    send_listing_alerts.apply_async(countdown=window)
    return True


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
