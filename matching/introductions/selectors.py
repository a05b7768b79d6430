"""Reads for pages, the API and other apps. Each list is scoped to what the viewer may see."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from profiles.models import ModerationStatus

from .models import (
    OPEN_STATUSES,
    Collaboration,
    Conversation,
    ConversationRead,
    Introduction,
    Status,
)
from .rules import member_org_ids


def _pk(value) -> int:
    return getattr(value, "pk", value)


def organizations_with_accepted_introduction(organization) -> set[int]:
    """Ids of the organizations this one (or any of several: an organization, an id, or a
    collection of either) has an accepted introduction with. The profiles app reveals contact
    details to exactly these."""
    if isinstance(organization, int) or hasattr(organization, "pk"):
        org_ids = {_pk(organization)}
    else:  # any collection of organizations or ids (a set, a list, a QuerySet)
        org_ids = {_pk(o) for o in organization}
    org_ids.discard(None)
    if not org_ids:
        return set()
    pairs = Introduction.objects.filter(status=Status.ACCEPTED).filter(
        Q(requester_id__in=org_ids) | Q(recipient_id__in=org_ids)
    )
    ids = set()
    for requester_id, recipient_id in pairs.values_list("requester_id", "recipient_id"):
        if requester_id in org_ids:
            ids.add(recipient_id)
        if recipient_id in org_ids:
            ids.add(requester_id)
    return ids


def introduction_state_with(organizations) -> dict[int, str]:
    """For some organizations (usually the viewer's): the other organizations they already
    have an introduction with, as id → "accepted" or "open" (accepted wins). Pages use it to
    offer "request an introduction" only where none exists yet."""
    org_ids = {_pk(o) for o in organizations} - {None}
    if not org_ids:
        return {}
    rows = Introduction.objects.filter(
        Q(requester_id__in=org_ids) | Q(recipient_id__in=org_ids),
        status__in=(Status.ACCEPTED, *OPEN_STATUSES),
    ).values_list("requester_id", "recipient_id", "status")
    states: dict[int, str] = {}
    for requester_id, recipient_id, status in rows:
        others = set()
        if requester_id in org_ids:
            others.add(recipient_id)
        if recipient_id in org_ids:
            others.add(requester_id)
        for other in others - org_ids:
            if status == Status.ACCEPTED or other not in states:
                states[other] = "accepted" if status == Status.ACCEPTED else "open"
    return states


def introduction_list(*, viewer, box: str = "all") -> QuerySet[Introduction]:
    """The viewer's introductions: `inbox` (to my organizations), `outbox` (from them) or all.
    Staff with no organization see every introduction in `all`."""
    qs = Introduction.objects.select_related("requester", "recipient", "proposed_by")
    if not viewer.is_authenticated:
        return qs.none()
    ids = member_org_ids(viewer)
    if box == "inbox":
        return qs.filter(
            Q(recipient_id__in=ids)
            | Q(requester_id__in=ids, status=Status.PROPOSED)
            | Q(requester_id__in=ids, proposed_by__isnull=False)
        )
    if box == "outbox":
        return qs.filter(requester_id__in=ids, proposed_by__isnull=True)
    if viewer.is_staff:
        return qs
    return qs.filter(Q(requester_id__in=ids) | Q(recipient_id__in=ids))


def introduction_get(*, viewer, pk: int) -> Introduction | None:
    intro = (
        Introduction.objects.select_related("requester", "recipient", "proposed_by")
        .filter(pk=pk)
        .first()
    )
    if intro is None or not viewer.has_perm("introductions.view_introduction", intro):
        return None
    return intro


def open_outgoing_count(organization) -> int:
    return Introduction.objects.filter(requester=organization, status=Status.REQUESTED).count()


def open_introduction_between(a, b) -> Introduction | None:
    a_id, b_id = _pk(a), _pk(b)
    return Introduction.objects.filter(
        status__in=OPEN_STATUSES, requester_id__in=(a_id, b_id), recipient_id__in=(a_id, b_id)
    ).first()


def live_introductions_with(organization) -> dict[int, Introduction]:
    """For one organization: the other organization of each open or accepted introduction it
    takes part in, either way round, mapped to that introduction (the newest one per partner).
    The matcher's suggestion list uses it to replace "request an introduction" by a link to
    the introduction already under way."""
    org_id = _pk(organization)
    rows = (
        Introduction.objects.filter(status__in=(*OPEN_STATUSES, Status.ACCEPTED))
        .filter(Q(requester_id=org_id) | Q(recipient_id=org_id))
        .order_by("created_at", "id")
    )
    return {intro.other_side(org_id): intro for intro in rows}


def conversation_list(*, viewer) -> QuerySet[Conversation]:
    """The conversations the viewer takes part in, with `unread` counted for them."""
    if not viewer.is_authenticated:
        return Conversation.objects.none()
    ids = member_org_ids(viewer)
    # A suspended organization's members lose its conversations (rules.is_conversation_member).
    suspended = ModerationStatus.SUSPENDED
    scope = Q(introduction__requester_id__in=ids) & ~Q(introduction__requester__status=suspended)
    scope |= Q(introduction__recipient_id__in=ids) & ~Q(introduction__recipient__status=suspended)
    if viewer.is_staff:
        scope |= Q(introduction__proposed_by__isnull=False)
    last_read = ConversationRead.objects.filter(conversation=OuterRef("pk"), user=viewer).values(
        "last_read_message_id"
    )[:1]
    return (
        Conversation.objects.filter(scope)
        .select_related("introduction__requester", "introduction__recipient")
        .annotate(read_upto=Coalesce(Subquery(last_read), Value(0), output_field=IntegerField()))
        .annotate(
            unread=Count(
                "messages",
                filter=Q(messages__id__gt=F("read_upto")) & ~Q(messages__author=viewer),
            )
        )
        .order_by("-last_message_at", "-id")
    )


def conversation_get(*, viewer, pk: int) -> Conversation | None:
    conversation = (
        Conversation.objects.select_related("introduction__requester", "introduction__recipient")
        .filter(pk=pk)
        .first()
    )
    if conversation is None or not viewer.has_perm("introductions.view_conversation", conversation):
        return None
    return conversation


def unread_message_total(*, viewer) -> int:
    return sum(c.unread for c in conversation_list(viewer=viewer))


def message_page(*, conversation: Conversation, before_id: int | None = None, limit: int = 30):
    """The newest `limit` messages before `before_id`, oldest first, and whether more exist."""
    qs = conversation.messages.select_related("author", "organization").order_by("-id")
    if before_id:
        qs = qs.filter(id__lt=before_id)
    rows = list(qs[: limit + 1])
    has_more = len(rows) > limit
    return list(reversed(rows[:limit])), has_more


def collaboration_list(*, viewer, organization=None) -> QuerySet[Collaboration]:
    """The viewer's organizations' collaborations (all of them, shown or not)."""
    qs = Collaboration.objects.select_related("organization_a", "organization_b")
    if not viewer.is_authenticated:
        return qs.none()
    ids = member_org_ids(viewer)
    if organization is not None:
        if _pk(organization) not in ids and not viewer.is_staff:
            return qs.none()
        ids = {_pk(organization)}
    elif viewer.is_staff:
        return qs
    return qs.filter(Q(organization_a_id__in=ids) | Q(organization_b_id__in=ids))


def public_collaborations(organization) -> QuerySet[Collaboration]:
    """What a profile page shows: the organization's collaborations both sides agreed to show."""
    org_id = _pk(organization)
    return (
        Collaboration.objects.filter(a_agrees_to_show=True, b_agrees_to_show=True)
        .filter(Q(organization_a_id=org_id) | Q(organization_b_id=org_id))
        .select_related("organization_a", "organization_b")
    )


def collaboration_get(*, viewer, pk: int) -> Collaboration | None:
    collaboration = (
        Collaboration.objects.select_related("organization_a", "organization_b")
        .filter(pk=pk)
        .first()
    )
    if collaboration is None or not viewer.has_perm(
        "introductions.view_collaboration", collaboration
    ):
        return None
    return collaboration


def collaboration_partners(*, organization) -> list:
    """Organizations this one may record a collaboration with."""
    from profiles.models import Organization

    return list(
        Organization.objects.filter(pk__in=organizations_with_accepted_introduction(organization))
    )


def introduction_outcomes(*, since=None) -> QuerySet:
    """Answered introductions for the matcher's evaluation: who, from which suggestion, how it
    ended and, for declines, the structured reason. Rows of plain values."""
    qs = Introduction.objects.exclude(status__in=OPEN_STATUSES)
    if since is not None:
        qs = qs.filter(answered_at__gte=since)
    return qs.values(
        "id", "requester_id", "recipient_id", "suggestion_id", "status", "decline_reason",
        "created_at", "answered_at", "proposed_by_id",
    ).order_by("id")  # fmt: skip


def collaboration_figures() -> dict:
    """Figures for the support center's dashboard: introductions by outcome, decline reasons,
    collaborations (all, ongoing, shown on profiles)."""
    by_status = dict(Introduction.objects.values_list("status").annotate(n=Count("id")).order_by())
    reasons = dict(
        Introduction.objects.filter(status=Status.DECLINED)
        .values_list("decline_reason")
        .annotate(n=Count("id"))
        .order_by()
    )
    collaborations = Collaboration.objects.aggregate(
        total=Count("id"),
        ongoing=Count("id", filter=Q(ended_on__isnull=True)),
        public=Count("id", filter=Q(a_agrees_to_show=True, b_agrees_to_show=True)),
    )
    return {
        "introductions": by_status,
        "decline_reasons": reasons,
        "collaborations": collaborations,
    }


# --- The CSR / 四方よし activity report ---------------------------------------------------------


def fiscal_year_of(day) -> int:
    """Japan's fiscal year (年度), April to March, named by the year it starts in."""
    return day.year if day.month >= 4 else day.year - 1


def fiscal_year_bounds(year: int):
    import datetime as dt

    return dt.date(year, 4, 1), dt.date(year + 1, 3, 31)


@dataclass
class CsrRow:
    collaboration: Collaboration
    partner: object
    sdgs: list
    hours: Decimal
    value: int
    quote: str  # the partner's own words, only while the partner consents


@dataclass
class CsrReport:
    organization: object
    year: int
    start: object
    end: object
    rows: list[CsrRow] = field(default_factory=list)
    years: list[int] = field(default_factory=list)

    @property
    def total_hours(self) -> Decimal:
        return sum((r.hours for r in self.rows), Decimal(0))

    @property
    def total_value(self) -> int:
        return sum(r.value for r in self.rows)

    @property
    def partners(self) -> list[dict]:
        """Per partner: its collaborations this year, hours and in-kind value (most first)."""
        out: dict[int, dict] = {}
        for r in self.rows:
            p = out.setdefault(
                r.partner.pk,
                {"partner": r.partner, "count": 0, "hours": Decimal(0), "value": 0},
            )
            p["count"] += 1
            p["hours"] += r.hours
            p["value"] += r.value
        return sorted(out.values(), key=lambda p: (-p["count"], -p["hours"], p["partner"].name))

    @property
    def by_field(self) -> list[tuple]:
        """Collaborations by the partner's fields of activity (one collaboration counts once in
        each of its partner's fields), as (tag, count), most first."""
        counts: dict[int, list] = {}
        for r in self.rows:
            for tag in r.partner.fields.all():
                counts.setdefault(tag.pk, [tag, 0])[1] += 1
        return sorted(((t, n) for t, n in counts.values()), key=lambda x: (-x[1], x[0].order))

    @property
    def by_sdg(self) -> list[tuple]:
        """SDGs the year's collaborations touched, as (tag, count), in SDG order."""
        counts: dict[int, list] = {}
        for r in self.rows:
            for tag in r.sdgs:
                counts.setdefault(tag.pk, [tag, 0])[1] += 1
        return sorted(((t, n) for t, n in counts.values()), key=lambda x: x[0].number or 0)

    @property
    def quotes(self) -> list[CsrRow]:
        return [r for r in self.rows if r.quote]


def csr_report(*, viewer, organization, year: int, today=None) -> CsrReport | None:
    """One organization's collaborations active during a fiscal year, with what it brought
    (employee-volunteer hours, in-kind value), the SDGs touched and the partners' consented
    words. None when the viewer may not see it (members of the organization and staff only)."""
    from django.utils import timezone

    if not viewer.has_perm("introductions.view_csr_report", organization):
        return None
    start, end = fiscal_year_bounds(year)
    org_id = organization.pk
    mine = Collaboration.objects.filter(Q(organization_a_id=org_id) | Q(organization_b_id=org_id))
    rows = (
        mine.filter(started_on__lte=end)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start))
        .select_related(
            "organization_a", "organization_a__ward", "organization_b", "organization_b__ward"
        )
        .prefetch_related("sdgs", "organization_a__fields", "organization_b__fields")
        .order_by("started_on", "id")
    )
    report = CsrReport(organization=organization, year=year, start=start, end=end)
    for c in rows:
        partner = c.partner_of(org_id)
        report.rows.append(
            CsrRow(
                collaboration=c,
                partner=partner,
                sdgs=sorted(c.sdgs.all(), key=lambda t: t.number or 0),
                hours=c.volunteer_hours,
                value=c.in_kind_value,
                quote=c.consented_quote(partner.pk),
            )
        )
    this_year = fiscal_year_of(today or timezone.localdate())
    first = mine.order_by("started_on").values_list("started_on", flat=True).first()
    first_year = min(fiscal_year_of(first) if first else this_year, this_year, year)
    report.years = list(range(max(this_year, year), first_year - 1, -1))
    return report
