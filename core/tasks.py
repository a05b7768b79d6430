from celery import shared_task


@shared_task(name="core.tasks.ping", time_limit=30, soft_time_limit=25)
def ping(value: str = "pong") -> str:
    """Answers with its argument: used by /healthz-style checks and the worker test."""
    return value


@shared_task(name="core.tasks.heartbeat", time_limit=30, soft_time_limit=25)
def heartbeat() -> str:
    """Beat's own periodic task: shows in worker logs that beat and a worker are alive."""
    return "alive"


@shared_task(
    name="core.tasks.send_notification_email",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
    time_limit=60,
    soft_time_limit=50,
)
def send_notification_email(notification_id: int) -> bool:
    """Mail one notification, once: the row is locked and stamped in the same transaction,
    so a retry or a second worker finds it already sent."""
    from django.conf import settings
    from django.core.mail import send_mail
    from django.db import transaction
    from django.utils import timezone, translation

    from core.models import Notification
    from core.site import email_subject, site_url

    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update()
            .select_related("user")
            .filter(pk=notification_id, emailed_at__isnull=True)
            .first()
        )
        if notification is None:
            return False
        user = notification.user
        with translation.override(user.preferred_language or "ja"):
            link = site_url(notification.url) if notification.url else ""
            send_mail(
                subject=email_subject(notification.title),
                message="\n\n".join(part for part in (notification.body, link) if part),
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=[user.email],
            )
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])
    return True


@shared_task(name="core.tasks.send_weekly_digests", time_limit=600, soft_time_limit=570)
def send_weekly_digests() -> int:
    """Weekly (beat): queue one task per chunk of people; returns how many chunks."""
    from .digest import CHUNK_SIZE, digest_recipient_ids

    chunks, after = 0, 0
    while ids := digest_recipient_ids(after_id=after, limit=CHUNK_SIZE):
        send_digest_chunk.delay(ids)
        chunks += 1
        after = ids[-1]
    return chunks


@shared_task(
    name="core.tasks.send_digest_chunk",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=3,
    time_limit=900,
    soft_time_limit=870,
)
def send_digest_chunk(user_ids: list[int]) -> int:
    """Mail the digest to one chunk of people; a retry skips those already mailed this week."""
    from .digest import digest_send

    return sum(1 for user_id in user_ids if digest_send(user_id=user_id))
