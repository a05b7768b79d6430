"""The weekly digest: what is new for a person (suggestions for their organizations, new
events, notifications they chose to receive weekly), mailed once a week, never twice.

Work is batched: the beat task walks user ids in chunks and queues one task per chunk, so
100,000 people make 200 small tasks rather than 100,000 at once. A person with nothing new
gets no mail.

Suggestions and events belong to other apps, which add them as sections (register_section,
called from matching's and events' AppConfig.ready): core imports no app.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import DIGEST_KIND, Delivery, DigestDelivery, Notification, NotificationPreference
from .site import email_subject

CHUNK_SIZE = 500
DIGEST_PERIOD = dt.timedelta(days=7)
SECTIONS: dict[str, Callable[..., list[dict]]] = {}


def week_of(moment: dt.datetime) -> dt.date:
    local = timezone.localtime(moment).date()
    return local - dt.timedelta(days=local.weekday())


def digest_recipient_ids(*, after_id: int = 0, limit: int = CHUNK_SIZE) -> list[int]:
    """Active people with an address who did not turn the digest off, by id (keyset pages)."""
    opted_out = NotificationPreference.objects.filter(
        kind=DIGEST_KIND, delivery=Delivery.IN_APP
    ).values("user_id")
    return list(
        get_user_model()
        .objects.filter(is_active=True, pk__gt=after_id)
        .exclude(email="")
        .exclude(pk__in=opted_out)
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )


def register_section(name: str, reader: Callable[..., list[dict]]) -> None:
    """An app adds a section to the digest (from its AppConfig.ready): `reader(user=, since=,
    now=)` returns the section's items as {"title", "url"}; the e-mail template shows the
    section under its name. core names no app: the apps come to it."""
    SECTIONS[name] = reader


def sections_for(user, *, since, now) -> dict[str, list[dict]]:
    return {name: reader(user=user, since=since, now=now) for name, reader in SECTIONS.items()}


def digest_send(*, user_id: int, now: dt.datetime | None = None) -> bool:
    """Mail one person's digest for this week, once. False when already sent or empty."""
    now = now or timezone.now()
    week = week_of(now)
    since = now - DIGEST_PERIOD
    with transaction.atomic():
        user = get_user_model().objects.select_for_update().get(pk=user_id)
        if DigestDelivery.objects.filter(user=user, week=week).exists():
            return False
        pending = list(
            Notification.objects.filter(user=user, digest_pending=True).order_by("created_at")[:50]
        )
        sections = sections_for(user, since=since, now=now)
        count = len(pending) + sum(len(items) for items in sections.values())
        if count == 0:
            return False
        with translation.override(user.preferred_language or "ja"):
            body = render_to_string(
                "core/digest_email.txt",
                {
                    "user": user,
                    "notifications": pending,
                    **sections,
                    "site_url": settings.SITE_URL.rstrip("/"),
                },
            )
            subject = email_subject(translation.gettext("今週のお知らせのまとめ"))
        DigestDelivery.objects.create(user=user, week=week, item_count=count)
        Notification.objects.filter(pk__in=[n.pk for n in pending]).update(
            digest_pending=False, emailed_at=now
        )
        send_mail(
            subject=subject,
            message=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[user.email],
        )
    return True
