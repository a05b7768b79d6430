"""What needs the support center's attention today: the sections of the console home.

Like the figures, each section is a provider registered by name (register_all(), at start-up).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from profiles.models import Listing, ModerationStatus, Organization

SHOWN = 20  # items listed per section; the count says how many there are in all
INTRODUCTION_WAIT_DAYS = 7


@dataclass(frozen=True)
class Item:
    label: str
    url: str
    detail: str = ""


@dataclass(frozen=True)
class Section:
    key: str
    title: Promise | str
    empty: Promise | str
    items: Callable[[datetime], tuple[int, list[Item]]]  # (how many in all, the first SHOWN)


_SECTIONS: dict[str, Section] = {}


def register(section: Section) -> None:
    _SECTIONS[section.key] = section


def available() -> list[Section]:
    return list(_SECTIONS.values())


def _when(moment) -> str:
    return date_format(timezone.localtime(moment), "SHORT_DATE_FORMAT") if moment else "—"


def _curate_url(org_id: int) -> str:
    return reverse("console:curate_organization", args=[org_id])


def _pending_organizations(now):
    qs = Organization.objects.filter(status=ModerationStatus.PENDING).select_related("ward")
    qs = qs.order_by("created_at", "id")
    return qs.count(), [
        Item(
            o.name,
            _curate_url(o.pk),
            gettext("%(kind)s・%(ward)s・登録 %(date)s")
            % {"kind": o.get_kind_display(), "ward": o.ward.label, "date": _when(o.created_at)},
        )
        for o in qs[:SHOWN]
    ]


def _pending_listings(now):
    qs = Listing.objects.filter(moderation=ModerationStatus.PENDING).select_related("organization")
    qs = qs.order_by("created_at", "id")
    return qs.count(), [
        Item(
            str(listing),
            _curate_url(listing.organization_id) + f"#listing-{listing.pk}",
            gettext("%(org)s・登録 %(date)s")
            % {"org": listing.organization.name, "date": _when(listing.created_at)},
        )
        for listing in qs[:SHOWN]
    ]


def _stale_profiles(now):
    qs = Organization.objects.published().stale(now=now)
    qs = qs.order_by("last_confirmed_at", "created_at", "id")
    return qs.count(), [
        Item(
            o.name,
            _curate_url(o.pk),
            gettext("最終確認 %(date)s") % {"date": _when(o.last_confirmed_at)},
        )
        for o in qs[:SHOWN]
    ]


def _register_profiles() -> None:
    register(
        Section(
            "pending_organizations",
            _("審査待ちの団体"),
            _("審査待ちの団体はありません。"),
            _pending_organizations,
        )
    )
    register(
        Section(
            "pending_listings",
            _("審査待ちの募集・提供"),
            _("審査待ちの募集・提供はありません。"),
            _pending_listings,
        )
    )
    register(
        Section(
            "stale_profiles",
            _("12か月以上確認されていない団体"),
            _("確認が古くなった団体はありません。"),
            _stale_profiles,
        )
    )


def _register_events() -> None:
    from events.models import Event, EventStatus
    from events.selectors import registration_counts

    def pending_events(now):
        # Organizations' events wait in the events app's own review queue.
        qs = Event.objects.filter(status=EventStatus.PENDING).select_related("organizer_org")
        qs = qs.order_by("starts_at", "id")
        return qs.count(), [
            Item(
                e.title,
                reverse("events:detail", args=[e.pk]),
                f"{e.organizer_name}・{_when(e.starts_at)}",
            )
            for e in qs[:SHOWN]
        ]

    def changed_after_review(now):
        # Organizations' published events whose time, place, capacity or URL changed since
        # the support center published them (events.services._flag_for_review).
        qs = Event.objects.filter(
            status=EventStatus.PUBLISHED, changed_after_review_at__isnull=False
        ).select_related("organizer_org")
        qs = qs.order_by("changed_after_review_at", "id")
        return qs.count(), [
            Item(
                e.title,
                reverse("events:manage", args=[e.pk]),
                gettext("%(org)s・%(fields)s を変更・%(date)s")
                % {
                    "org": e.organizer_name,
                    "fields": gettext("、").join(
                        str(Event._meta.get_field(name).verbose_name)
                        for name in sorted(e.changes_since_review)
                    ),
                    "date": _when(e.changed_after_review_at),
                },
            )
            for e in qs[:SHOWN]
        ]

    def events_this_week(now):
        qs = (
            Event.objects.upcoming_public(now=now)
            .filter(starts_at__lt=now + timedelta(days=7))
            .order_by("starts_at", "id")
        )
        shown = list(qs[:SHOWN])
        counts = registration_counts(shown)
        items = []
        for e in shown:
            state = counts.get(e.pk, {})
            detail = _when(e.starts_at) + gettext(
                "・申込 %(people)s人／定員 %(capacity)s人・キャンセル待ち %(w)s件"
            ) % {
                "people": state.get("confirmed_people", 0),
                "capacity": e.capacity,
                "w": state.get("waitlisted", 0),
            }
            items.append(Item(e.title, reverse("events:manage", args=[e.pk]), detail))
        return qs.count(), items

    register(
        Section(
            "pending_events",
            _("審査待ちの団体主催イベント"),
            _("審査待ちのイベントはありません。"),
            pending_events,
        )
    )
    register(
        Section(
            "events_changed_after_review",
            _("公開後に日時・場所・定員が変わったイベント"),
            _("公開後に変更されたイベントはありません。"),
            changed_after_review,
        )
    )
    register(
        Section(
            "events_this_week",
            _("今週のイベント"),
            _("今週のイベントはありません。"),
            events_this_week,
        )
    )


def _register_introductions() -> None:
    from matching.introductions.models import OPEN_STATUSES, Introduction

    def waiting(now):
        qs = Introduction.objects.filter(
            status__in=OPEN_STATUSES,
            created_at__lt=now - timedelta(days=INTRODUCTION_WAIT_DAYS),
        ).select_related("requester", "recipient")
        qs = qs.order_by("created_at")
        return qs.count(), [
            Item(
                f"{i.requester} → {i.recipient}",
                reverse("console:introductions_board") + f"#introduction-{i.pk}",
                gettext("%(days)s日間 回答待ち") % {"days": (now - i.created_at).days},
            )
            for i in qs[:SHOWN]
        ]

    register(
        Section(
            "waiting_introductions",
            _("回答を長く待っている紹介"),
            _("長く待っている紹介はありません。"),
            waiting,
        )
    )


def register_all() -> None:
    _register_profiles()
    _register_events()
    _register_introductions()
