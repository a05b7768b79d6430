"""The weekly digest: what is new for a person (suggestions for their organizations, new
events, notifications they chose to receive weekly), mailed once a week, never twice.

Work is batched: the beat task walks user ids in chunks and queues one task per chunk, so
100,000 people make 200 small tasks rather than 100,000 at once. A person with nothing new
gets no mail.

Suggestions and events belong to other apps. Events are read through the events app's own
selector (`_new_events`); suggestions through the app registry, only if the matcher is
installed and has the expected fields (`_new_suggestions`).
"""

from __future__ import annotations

import datetime as dt
import logging

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from .models import Delivery, DigestDelivery, Notification, NotificationPreference
from .notifications import DIGEST_KIND
from .site import email_subject

log = logging.getLogger(__name__)
CHUNK_SIZE = 500
DIGEST_PERIOD = dt.timedelta(days=7)


def week_of(moment: dt.datetime) -> dt.date:
    local = timezone.localtime(moment).date()
    return local - dt.timedelta(days=local.weekday())


def digest_recipient_ids(*, after_id: int = 0, limit: int = CHUNK_SIZE) -> list[int]:
    """Active people with an address who did not turn the digest off, by id (keyset pages)."""
    from profiles.models import User

    opted_out = NotificationPreference.objects.filter(
        kind=DIGEST_KIND, delivery=Delivery.IN_APP
    ).values("user_id")
    return list(
        User.objects.filter(is_active=True, pk__gt=after_id)
        .exclude(email="")
        .exclude(pk__in=opted_out)
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )


def _model(label: str):
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def _new_suggestions(user, since) -> list[dict]:
    """Partners that entered the lists of the person's organizations this week (a suggestion
    that stays in a list keeps its first_suggested_at through the nightly refreshes)."""
    Suggestion = _model("matching.Suggestion")
    if Suggestion is None:
        return []
    org_ids = list(user.memberships.values_list("organization_id", flat=True))
    if not org_ids:
        return []
    try:
        rows = list(
            Suggestion.objects.filter(
                organization_id__in=org_ids,
                first_suggested_at__gte=since,
                partner__status="published",
            )
            .select_related("organization", "partner")
            .order_by("organization__name_kana", "organization_id", "rank")[:10]
        )
    except FieldError as exc:  # the matcher's fields differ: say so, skip
        log.warning("digest: cannot read matching.Suggestion (%s)", exc)
        return []
    several = len(org_ids) > 1
    return [
        {
            # Whose list it is matters only to members of several organizations.
            "title": f"{row.partner.name} — {row.organization.name}" if several
            else row.partner.name,
            "url": f"{reverse('matching:suggestions')}?organization={row.organization_id}",
        }
        for row in rows
    ]  # fmt: skip


def _new_events(since, now) -> list[dict]:
    """Events published this week that are still ahead, as the events app defines them
    (events.selectors.newly_published_events), imported lazily: core never needs events."""
    if not apps.is_installed("events"):
        return []
    from events.selectors import newly_published_events

    return [
        {
            "title": f"{timezone.localtime(event.starts_at):%Y-%m-%d %H:%M} {event.title}",
            "url": event.get_absolute_url(),
        }
        for event in newly_published_events(since=since, now=now)
    ]


def digest_send(*, user_id: int, now: dt.datetime | None = None) -> bool:
    """Mail one person's digest for this week, once. False when already sent or empty."""
    from profiles.models import User

    now = now or timezone.now()
    week = week_of(now)
    since = now - DIGEST_PERIOD
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user_id)
        if DigestDelivery.objects.filter(user=user, week=week).exists():
            return False
        pending = list(
            Notification.objects.filter(user=user, digest_pending=True).order_by("created_at")[:50]
        )
        suggestions = _new_suggestions(user, since)
        events = _new_events(since, now)
        count = len(pending) + len(suggestions) + len(events)
        if count == 0:
            return False
        with translation.override(user.preferred_language or "ja"):
            body = render_to_string(
                "core/digest_email.txt",
                {
                    "user": user,
                    "notifications": pending,
                    "suggestions": suggestions,
                    "events": events,
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
