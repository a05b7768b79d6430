"""Celery interfaces to matching.services: take ids, call a service. Debounced: a burst of
changes to one organization queues one refresh, which runs after the burst settles.

Without a worker (no REDIS_URL: Celery runs tasks eagerly, in the caller's process) a countdown
means nothing, so every change would run a refresh at once — and a refresh reads the whole
directory. Seeding 60 organizations ran 200 of them (23 s of 39 s). There the debounce is done
per process instead: refreshes asked for during one unit of work are gathered and run once, for
all their organizations together, when the unit ends — after each web request
(`request_finished`) and when a command or shell exits (`atexit`). Tests turn this off
(MATCHING_EAGER_COALESCE = False) to see each refresh at once."""

import atexit
import threading

from celery import shared_task
from django.conf import settings
from django.core.cache import cache

REFRESH_KEY = "matching:refresh-pending:{}"
ALERTS_KEY = "matching:alerts-pending"


def refresh_delay() -> int:
    return int(getattr(settings, "MATCHING_REFRESH_DELAY", 30))


def alert_window() -> int:
    return int(getattr(settings, "MATCHING_ALERT_WINDOW", 300))


_pending: set[int] = set()
_pending_lock = threading.Lock()
_hooks_installed = False


def _coalescing() -> bool:
    return bool(settings.CELERY_TASK_ALWAYS_EAGER) and bool(
        getattr(settings, "MATCHING_EAGER_COALESCE", True)
    )


def _install_flush_hooks() -> None:
    global _hooks_installed
    if _hooks_installed:
        return
    from django.core.signals import request_finished

    request_finished.connect(_flush_after_request, dispatch_uid="matching.flush_refreshes")
    atexit.register(flush_pending_refreshes)
    _hooks_installed = True


def _flush_after_request(sender, **kwargs) -> None:
    flush_pending_refreshes()


def flush_pending_refreshes() -> list[int]:
    """Run the refreshes gathered in this process (eager mode), all in one. Returns the
    organizations whose suggestions were recomputed."""
    with _pending_lock:
        ids = sorted(_pending)
        _pending.clear()
    if not ids:
        return []
    from .services import suggestions_refresh

    return sorted(suggestions_refresh(organization_ids=ids))


def discard_pending_refreshes() -> None:
    """A full rebuild is about to read the directory: the gathered refreshes are moot."""
    with _pending_lock:
        _pending.clear()


def schedule_refresh(organization_id: int) -> bool:
    """Queue one refresh for this organization unless one is already waiting. Returns whether
    a task was queued (or, without a worker, gathered for the end of this unit of work). Call
    after commit (the task must see the change)."""
    if _coalescing():
        with _pending_lock:
            fresh = organization_id not in _pending
            _pending.add(organization_id)
            _install_flush_hooks()
        return fresh
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
