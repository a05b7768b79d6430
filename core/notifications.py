"""The one way every app tells a person something: an in-app row, a live push over the person's
WebSocket group, and an e-mail sent by a Celery task (once, even if the task retries).

    notify(user=owner, kind="event.waitlist_promoted", title=..., body=..., url=...,
           dedupe_key=f"event-promoted:{registration.pk}")
"""

from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from . import live, outbox
from .consumers import user_group
from .models import DIGEST_KIND, Delivery, Notification, NotificationPreference

# The weekly digest itself: "in_app" here means "do not send me the digest".


# Kinds a person can set a preference for (other kinds they have received are listed too).
KNOWN_KINDS = {
    "introduction.requested": _("紹介の依頼が届いたとき"),
    "introduction.proposed": _("支援センターから紹介の提案があったとき"),
    "introduction.accepted": _("紹介が成立したとき"),
    "introduction.declined": _("紹介が見送られたとき"),
    "introduction.withdrawn": _("相手が紹介の依頼を取り下げたとき"),
    "introduction.reminder": _("返答していない紹介の催促"),
    "introduction.expired": _("紹介の依頼が期限切れになったとき"),
    "conversation.message": _("やりとりに新しいメッセージがあったとき"),
    "collaboration.recorded": _("相手が協働を記録したとき"),
    "matching.saved_search": _("保存した検索に新しい結果があったとき"),
    DIGEST_KIND: _("週1回のおすすめと交流会のまとめ"),
}


def unread_count(user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def push_unread(user_id: int) -> None:
    """Send the person's live badge count to every browser tab they have open."""
    count = Notification.objects.filter(user_id=user_id, read_at__isnull=True).count()
    live.group_send(
        user_group(user_id), {"type": "notify", "payload": {"kind": "unread", "unread": count}}
    )


def in_language_of(user, text) -> str:
    """A text in the recipient's language, not in the language of whoever caused it: a lazy
    string or a callable (``lambda: _("…%(x)s") % {...}``) is evaluated under the person's
    preferred language."""
    with translation.override(getattr(user, "preferred_language", "") or "ja"):
        return str(text() if callable(text) else text)


def notify(
    *,
    user,
    kind: str,
    title,
    body="",
    url: str = "",
    dedupe_key: str | None = None,
    email: bool = True,
) -> Notification | None:
    """Record a notification; after commit push the badge and queue the e-mail.

    Returns None when a notification with the same dedupe_key exists already. ``title`` and
    ``body`` may be lazy strings or callables: they are written in the recipient's language.
    """
    title, body = in_language_of(user, title), in_language_of(user, body)
    if dedupe_key and Notification.objects.filter(dedupe_key=dedupe_key).exists():
        return None
    delivery = delivery_for(user, kind) if email else Delivery.IN_APP
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                user=user,
                kind=kind,
                title=title[:200],
                body=body,
                url=url,
                dedupe_key=dedupe_key,
                digest_pending=delivery == Delivery.DIGEST,
            )
    except IntegrityError:
        # Another worker wrote the same dedupe_key between our check and insert.
        return None
    transaction.on_commit(lambda: push_unread(user.pk))
    if delivery == Delivery.EMAIL and user.email and user.is_active:
        from .tasks import send_notification_email

        outbox.send_on_commit(send_notification_email, notification.pk)
    return notification


def delivery_for(user, kind: str) -> str:
    """The person's choice for this kind: in-app only, e-mail now (the default) or the
    weekly digest."""
    chosen = (
        NotificationPreference.objects.filter(user=user, kind=kind)
        .values_list("delivery", flat=True)
        .first()
    )
    return chosen or Delivery.EMAIL


def wants_email(user, kind: str) -> bool:
    """Whether this kind of notification goes out by e-mail now."""
    return bool(user.email) and user.is_active and delivery_for(user, kind) == Delivery.EMAIL


def preference_set(*, user, kind: str, delivery: str) -> NotificationPreference:
    """Record how a person wants one kind of notification delivered."""
    from .errors import ApplicationError

    if delivery not in Delivery.values:
        raise ApplicationError(_("受け取り方を選んでください"))
    if not kind or len(kind) > 48:
        raise ApplicationError(_("種類が正しくありません"))
    with transaction.atomic():
        preference, _created = NotificationPreference.objects.update_or_create(
            user=user, kind=kind, defaults={"delivery": delivery}
        )
    return preference


def mark_read(*, user, ids: list[int] | None = None) -> int:
    from django.utils import timezone

    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    changed = qs.update(read_at=timezone.now())
    transaction.on_commit(lambda: push_unread(user.pk))
    return changed
