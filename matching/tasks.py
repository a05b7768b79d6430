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


@shared_task(name="matching.tasks.rebuild_suggestions", time_limit=10 * 60, soft_time_limit=9 * 60)
def rebuild_suggestions() -> int:
    """The nightly full rebuild, split into chunks run as a Celery group: it speeds up with
    every worker. Returns how many organizations were queued."""
    import uuid

    from celery import group

    from .services import REBUILD_CHUNK, rebuild_start

    generation = uuid.uuid4().hex
    eligible = rebuild_start(generation=generation)
    chunks = [eligible[i : i + REBUILD_CHUNK] for i in range(0, len(eligible), REBUILD_CHUNK)]
    group(rebuild_suggestions_chunk.s(chunk, generation) for chunk in chunks).apply_async()
    return len(eligible)


@shared_task(
    name="matching.tasks.rebuild_suggestions_chunk",
    acks_late=True,
    reject_on_worker_lost=True,
    time_limit=30 * 60,
    soft_time_limit=28 * 60,
)
def rebuild_suggestions_chunk(organization_ids: list[int], generation: str) -> int:
    from .services import suggestions_rebuild_chunk

    return suggestions_rebuild_chunk(organization_ids=organization_ids, generation=generation)


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
