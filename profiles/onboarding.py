"""A new organization's first hour, as reads: where its profile stands in review (what happens
next, how long it usually takes, who reviews) and the checklist on its home page (profile,
first need, first offer, members) with progress. Nothing here writes."""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Invitation, ListingKind, Membership, ModerationStatus, Organization

# Without enough recent reviews to measure, the support center's stated service level.
DEFAULT_REVIEW_DAYS = 2
REVIEW_SAMPLE = 50
REVIEW_WINDOW = timedelta(days=365)


@dataclass(frozen=True)
class ReviewState:
    status: str  # pending | returned | published | draft | suspended
    typical_days: int
    measured: bool  # typical_days comes from real reviews, not the default
    comment: str


def typical_review_days() -> tuple[int, bool]:
    """The median time from sign-up to publication over the last year's self-registered
    profiles, in whole days (at least 1), and whether it was measured; with fewer than three
    such reviews, the support center's default."""
    from core.models import AuditLog

    since = timezone.now() - REVIEW_WINDOW
    published = (
        AuditLog.objects.filter(
            action="organization.publish",
            target_type="profiles.organization",
            created_at__gte=since,
        )
        .order_by("-created_at")
        .values_list("target_id", "created_at")[: REVIEW_SAMPLE * 2]
    )
    first_publish: dict[int, object] = {}
    for target_id, at in published:
        if str(target_id).isdigit():
            first_publish[int(target_id)] = at  # ordered newest first: the earliest wins
    created = dict(
        Organization.objects.filter(
            pk__in=first_publish, managed_by_staff=False, created_by__is_staff=False
        ).values_list("pk", "created_at")
    )
    waits = [
        (first_publish[pk] - at).total_seconds() / 86400
        for pk, at in created.items()
        if first_publish[pk] >= at
    ][:REVIEW_SAMPLE]
    if len(waits) < 3:
        return DEFAULT_REVIEW_DAYS, False
    return max(1, math.ceil(statistics.median(waits))), True


def review_state(organization: Organization) -> ReviewState:
    days, measured = typical_review_days()
    return ReviewState(
        status=organization.status,
        typical_days=days,
        measured=measured,
        comment=organization.review_comment,
    )


@dataclass(frozen=True)
class Step:
    key: str
    label: str
    done: bool
    url: str
    action: str


def checklist(organization: Organization) -> dict:
    """The steps of a new organization's first hour and how many are done."""
    listings = organization.listings.exclude(status="closed")
    has_need = listings.filter(kind=ListingKind.NEED).exists()
    has_offer = listings.filter(kind=ListingKind.OFFER).exists()
    others = (
        Membership.objects.filter(organization=organization).count() > 1
        or Invitation.objects.filter(
            Q(status=Invitation.Status.PENDING) | Q(status=Invitation.Status.ACCEPTED),
            organization=organization,
        ).exists()
    )
    edit = reverse("profiles:edit", args=[organization.pk])
    new_listing = reverse("profiles:listing_create", args=[organization.pk])
    steps = [
        Step("profile", str(_("団体のプロフィールを登録")), True, edit,
             str(_("プロフィールを見直す"))),
        Step(
            "published",
            str(_("支援センターの確認を受けて公開")),
            organization.status == ModerationStatus.PUBLISHED,
            reverse("profiles:detail", args=[organization.pk]),
            str(_("公開状態を見る")),
        ),
        Step("need", str(_("「求めていること」を1つ登録")), has_need, f"{new_listing}?kind=need",
             str(_("求めていることを登録する"))),
        Step("offer", str(_("「提供できること」を1つ登録")), has_offer, f"{new_listing}?kind=offer",
             str(_("提供できることを登録する"))),
        Step("members", str(_("一緒に使うメンバーを招待")), others,
             reverse("profiles:members", args=[organization.pk]), str(_("メンバーを招待する"))),
    ]  # fmt: skip
    done = sum(s.done for s in steps)
    return {
        "steps": steps,
        "done": done,
        "total": len(steps),
        "percent": round(100 * done / len(steps)),
        "complete": done == len(steps),
    }
