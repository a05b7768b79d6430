"""Celery interfaces: take ids, call a service. Retries are safe because every notice carries a
dedupe key (core.notifications.notify sends each key once)."""

from celery import shared_task


@shared_task(
    name="events.tasks.send_due_reminders",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=3,
    time_limit=300,
    soft_time_limit=280,
)
def send_due_reminders() -> int:
    from .services import reminder_send_due

    return reminder_send_due()


@shared_task(
    name="events.tasks.notify_registrants",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
    time_limit=300,
    soft_time_limit=280,
)
def notify_registrants(event_id: int, notice: str, stamp: str) -> int:
    from .services import registrants_notify

    return registrants_notify(event_id=event_id, notice=notice, stamp=stamp)
