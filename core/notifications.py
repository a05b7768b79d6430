"""The one way every app tells a person something: an in-app row, a live push over the person's
WebSocket group, and an e-mail sent by a Celery task (once, even if the task retries).

    notify(user=owner, kind="event.waitlist_promoted", title=..., body=..., url=...,
           dedupe_key=f"event-promoted:{registration.pk}")
"""

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import IntegrityError, transaction

from .consumers import user_group
from .models import Notification


def unread_count(user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def push_unread(user_id: int) -> None:
    """Send the person's live badge count to every browser tab they have open."""
    layer = get_channel_layer()
    if layer is None:
        return
    count = Notification.objects.filter(user_id=user_id, read_at__isnull=True).count()
    async_to_sync(layer.group_send)(
        user_group(user_id), {"type": "notify", "payload": {"kind": "unread", "unread": count}}
    )


def notify(
    *,
    user,
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    dedupe_key: str | None = None,
    email: bool = True,
) -> Notification | None:
    """Record a notification; after commit push the badge and queue the e-mail.

    Returns None when a notification with the same dedupe_key exists already.
    """
    if dedupe_key and Notification.objects.filter(dedupe_key=dedupe_key).exists():
        return None
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                user=user, kind=kind, title=title, body=body, url=url, dedupe_key=dedupe_key
            )
    except IntegrityError:
        # Another worker wrote the same dedupe_key between our check and insert.
        return None
    transaction.on_commit(lambda: push_unread(user.pk))
    if email and wants_email(user, kind):
        from .tasks import send_notification_email

        transaction.on_commit(lambda: send_notification_email.delay(notification.pk))
    return notification


def wants_email(user, kind: str) -> bool:
    """Whether this kind of notification goes out by e-mail now (preferences may refine it)."""
    return bool(user.email) and user.is_active


def mark_read(*, user, ids: list[int] | None = None) -> int:
    from django.utils import timezone

    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    changed = qs.update(read_at=timezone.now())
    transaction.on_commit(lambda: push_unread(user.pk))
    return changed
