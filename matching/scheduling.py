"""When the matcher's follow-up work runs: debounced, so that a burst of changes to one
organization queues one refresh, run after the burst settles, and a burst of new listings one
batch of reverse alerts. The tasks are sent by name (matching.tasks imports the services, which
call these).

Without a worker (no REDIS_URL: Celery runs tasks eagerly, in the caller's process) a refresh
runs at once. Work that changes many organizations in one go and then rebuilds every list
anyway (`seed_demo`) asks for no refresh at all inside `paused()`."""

import contextlib
import threading

from django.conf import settings
from django.core.cache import cache

from core.celery import task_named

REFRESH_KEY = "matching:refresh-pending:{}"
ALERTS_KEY = "matching:alerts-pending"
REFRESH_TASK = "matching.tasks.refresh_suggestions"
ALERTS_TASK = "matching.tasks.send_listing_alerts"

_local = threading.local()


def refresh_delay() -> int:
    return settings.MATCHING_REFRESH_DELAY


def alert_window() -> int:
    return settings.MATCHING_ALERT_WINDOW


@contextlib.contextmanager
def paused():
    """Refreshes asked for inside (in this thread) are dropped: the caller rebuilds after."""
    previous = getattr(_local, "paused", False)
    _local.paused = True
    try:
        yield
    finally:
        _local.paused = previous


def schedule_refresh(organization_id: int) -> bool:
    """Queue one refresh for this organization unless one is already waiting. Returns whether
    a task was queued. Call after commit (the task must see the change)."""
    if getattr(_local, "paused", False):
        return False
    delay = refresh_delay()
    if not cache.add(REFRESH_KEY.format(organization_id), 1, timeout=delay + 120):
        return False
    task_named(REFRESH_TASK).apply_async(args=[organization_id], countdown=delay)
    return True


def schedule_alerts() -> bool:
    """Queue the next batch of reverse alerts unless one is already waiting."""
    window = alert_window()
    if not cache.add(ALERTS_KEY, 1, timeout=window + 120):
        return False
    task_named(ALERTS_TASK).apply_async(countdown=window)
    return True
