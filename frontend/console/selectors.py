"""Reads of the console. Each takes the viewer and refuses anyone who is not staff."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import AuditLog
from events.models import Event, EventStatus, Registration, RegistrationStatus
from events.selectors import registration_counts
from matching.introductions.models import Collaboration, Introduction, Status
from matching.models import Suggestion
from matching.selectors import reasons_for, tag_labeler
from profiles.models import Listing, ListingKind, ModerationStatus, Organization

from . import attention, figures
from .access import require_console
from .figures import TOKYO
from .models import FiscalYearPlan


def console_attention(*, viewer, now: datetime | None = None) -> list[dict]:
    """The console home: each section with how many items wait and the first few of them."""
    require_console(viewer)
    now = now or timezone.now()
    sections = []
    for section in attention.available():
        count, items = section.items(now)
        sections.append({"section": section, "count": count, "items": items})
    return sections


def audit_log_search(
    *,
    viewer,
    actor: str = "",
    action: str = "",
    target: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[AuditLog]:
    """Audit entries, newest first. actor and target match a part of the name, e-mail or label
    (or the exact target id); action matches the start ("organization." finds every
    organization action); dates are days in Sendai's time zone, both inclusive."""
    require_console(viewer)
    qs = AuditLog.objects.select_related("actor")
    if actor:
        qs = qs.filter(Q(actor__email__icontains=actor) | Q(actor__display_name__icontains=actor))
    if action:
        qs = qs.filter(action__istartswith=action)
    if target:
        qs = qs.filter(
            Q(target_label__icontains=target)
            | Q(target_type__icontains=target)
            | Q(target_id=target)
        )
    if date_from:
        qs = qs.filter(created_at__gte=datetime.combine(date_from, time.min, tzinfo=TOKYO))
    if date_to:
        end = datetime.combine(date_to + timedelta(days=1), time.min, tzinfo=TOKYO)
        qs = qs.filter(created_at__lt=end)
    return qs


def audit_actions(*, viewer) -> list[str]:
    require_console(viewer)
    return list(AuditLog.objects.order_by("action").values_list("action", flat=True).distinct())


# --- Impact dashboard -------------------------------------------------------------------------


def dashboard_figures(*, viewer, period, filters, by: str) -> list[dict]:
    """Every available figure for the period, narrowed by the filters and broken down by
    ``by``. A figure that has no such breakdown (a snapshot of now has no months) shows its
    total; one that cannot be narrowed by the chosen filters says so instead of guessing."""
    require_console(viewer)
    out = []
    for figure in figures.available():
        entry = {"figure": figure, "applicable": figure.accepts(filters)}
        if entry["applicable"]:
            shown_by = by if by in figure.breakdowns else "total"
            entry["by"] = shown_by
            entry["rows"] = figure.rows(period, filters, shown_by)
            entry["total"] = (
                entry["rows"][0].value if shown_by == "total" else figure.total(period, filters)
            )
            if "reason" in figure.breakdowns and by != "reason":
                entry["reasons"] = figure.rows(period, filters, "reason")
        out.append(entry)
    return out


def figure_csv_rows(*, viewer, figure_list, period, filters, by: str) -> list[list]:
    """The figures as CSV rows (a header first): one line per figure and slot."""
    require_console(viewer)
    header = ["figure", "label", "fiscal_year", "breakdown", "key", "slot", "value", "unit"]
    header += ["ward", "kind", "field"]
    scope = [
        filters.ward.slug if filters.ward else "",
        filters.kind or "",
        filters.field.slug if filters.field else "",
    ]
    lines = [header]
    for figure in figure_list:
        if not figure.accepts(filters):
            continue
        breakdowns = [by if by in figure.breakdowns else "total"]
        if "reason" in figure.breakdowns and by != "reason":
            breakdowns.append("reason")
        for shown_by in breakdowns:
            for row in figure.rows(period, filters, shown_by):
                lines.append(
                    [
                        figure.key,
                        str(figure.label),
                        period.fiscal_year,
                        shown_by,
                        row.key,
                        row.label,
                        "" if row.value is None else row.value,
                        figure.unit,
                        *scope,
                    ]
                )
    return lines


# --- Annual progress report -------------------------------------------------------------------

GRADES = {
    "A": _("着実に進捗"),
    "B": _("概ね順調"),
    "C": _("遅れている"),
}


def grade_for(percent: float | None, plan: FiscalYearPlan) -> str | None:
    if percent is None:
        return None
    if percent >= plan.grade_a_from:
        return "A"
    if percent >= plan.grade_b_from:
        return "B"
    return "C"


def achievement_percent(actual, basis, *, higher_is_better: bool) -> float | None:
    """How far the actual value is toward its basis, in percent (lower-is-better figures such
    as the answer time count as 100 % when at or under the target)."""
    if actual is None or basis is None:
        return None
    actual, basis = float(actual), float(basis)
    if higher_is_better:
        return 100.0 if basis == 0 else round(100 * actual / basis, 1)
    if actual == 0:
        return 100.0
    return round(100 * basis / actual, 1)


def progress_report(*, viewer, fiscal_year: int, now: datetime | None = None) -> dict:
    """Each targeted figure of the year against its target and grade. While the year runs, a
    count is graded against the share of the target due by now (target × elapsed share of the
    year); snapshots and times are graded against the target itself."""
    require_console(viewer)
    period = figures.Period(fiscal_year)
    plan = FiscalYearPlan.objects.filter(fiscal_year=fiscal_year).first()
    share = period.elapsed_share(now)
    lines = []
    if plan is not None:
        for target in plan.targets.all():
            figure = figures.get(target.figure)
            if figure is None:
                lines.append({"key": target.figure, "figure": None, "target": target.target})
                continue
            actual = figure.total(period) if share > 0 else None
            prorate = figure.unit == "count" and not figure.snapshot and share < 1
            basis = float(target.target) * share if prorate else float(target.target)
            percent = achievement_percent(actual, basis, higher_is_better=figure.higher_is_better)
            grade = grade_for(percent, plan)
            lines.append(
                {
                    "key": figure.key,
                    "figure": figure,
                    "target": target.target,
                    "actual": actual,
                    "basis": round(basis, 1),
                    "prorated": prorate,
                    "percent": percent,
                    "grade": grade,
                    "grade_label": GRADES.get(grade, ""),
                }
            )
    order = {f.key: i for i, f in enumerate(figures.available())}
    lines.sort(key=lambda line: order.get(line["key"], len(order)))
    return {"period": period, "plan": plan, "share": share, "lines": lines}


def report_csv_rows(*, viewer, report: dict) -> list[list]:
    require_console(viewer)
    header = ["fiscal_year", "figure", "label", "target", "due_by_now", "actual", "percent"]
    lines = [header + ["grade", "grade_label"]]
    for line in report["lines"]:
        figure = line["figure"]
        lines.append(
            [
                report["period"].fiscal_year,
                line["key"],
                str(figure.label) if figure else "",
                line["target"],
                line.get("basis", ""),
                "" if line.get("actual") is None else line["actual"],
                "" if line.get("percent") is None else line["percent"],
                line.get("grade") or "",
                str(line.get("grade_label") or ""),
            ]
        )
    return lines


# --- Curate, introductions board, events desk, seating ------------------------------------------

# Pairs in these states were never really introduced, so the planner may still seat them
# together for their complementarity.
NOT_INTRODUCED_STATES = (Status.EXPIRED, Status.WITHDRAWN)
CANDIDATES_SHOWN = 30


def organization_search(*, viewer, q: str = "") -> QuerySet[Organization]:
    require_console(viewer)
    qs = Organization.objects.select_related("ward")
    q = q.strip()
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(name_kana__icontains=q))
    return qs.order_by("name_kana", "id")


def _between(org_id: int) -> Q:
    return Q(requester_id=org_id) | Q(recipient_id=org_id)


def introduction_candidates(
    *, viewer, organization: Organization, q: str = ""
) -> list[Organization]:
    """Organizations a curator may propose to meet this one: those found by name when ``q`` is
    given, otherwise the matcher's stored suggestions for it, in the matcher's order (one
    matcher: the console asks the same ranking members see). Each carries ``introduction`` (the
    latest introduction of the pair, or None) so the form can say which pairs were already
    introduced."""
    require_console(viewer)
    q = q.strip()
    if q:
        qs = (
            Organization.objects.published()
            .exclude(pk=organization.pk)
            .filter(Q(name__icontains=q) | Q(name_kana__icontains=q))
            .order_by("name_kana")
            .select_related("ward")
        )
        candidates = list(qs[:CANDIDATES_SHOWN])
    else:
        ranked = list(
            Suggestion.objects.filter(
                organization=organization, partner__status=ModerationStatus.PUBLISHED
            )
            .order_by("rank", "id")
            .values_list("partner_id", flat=True)[:CANDIDATES_SHOWN]
        )
        found = Organization.objects.select_related("ward").in_bulk(ranked)
        candidates = [found[pk] for pk in ranked if pk in found]
    latest = _latest_introduction_by_partner(organization.pk, [c.pk for c in candidates])
    for candidate in candidates:
        candidate.introduction = latest.get(candidate.pk)
    return candidates


def _latest_introduction_by_partner(org_id: int, partner_ids) -> dict[int, Introduction]:
    latest: dict[int, Introduction] = {}
    intros = Introduction.objects.filter(_between(org_id)).filter(
        Q(requester_id__in=partner_ids) | Q(recipient_id__in=partner_ids)
    )
    for intro in intros.order_by("-created_at", "-id"):
        latest.setdefault(intro.other_side(org_id), intro)
    return latest


def curate_organization(*, viewer, organization_id: int) -> dict:
    """An organization as a curator sees it: needs, offers, the matcher's suggestions with
    reasons, and the introductions it was part of and how they ended."""
    require_console(viewer)
    org = get_object_or_404(Organization.objects.select_related("ward"), pk=organization_id)
    listings = list(org.listings.prefetch_related("tags").order_by("-created_at", "id"))
    intros = list(
        Introduction.objects.filter(_between(org.pk))
        .select_related("requester", "recipient", "proposed_by", "declined_by")
        .order_by("-created_at", "-id")
    )
    status_by_partner: dict[int, str] = {}
    for intro in intros:
        intro.partner = intro.recipient if intro.requester_id == org.pk else intro.requester
        status_by_partner.setdefault(intro.partner.pk, intro.status)
    data = {
        "organization": org,
        "needs": [x for x in listings if x.kind == ListingKind.NEED],
        "offers": [x for x in listings if x.kind == ListingKind.OFFER],
        "introductions": intros,
        "collaborations": list(
            Collaboration.objects.filter(Q(organization_a=org) | Q(organization_b=org))
            .select_related("organization_a", "organization_b")
            .order_by("-started_on")
        ),
    }
    # The matcher's stored suggestions, best first, with its reasons rendered as sentences in
    # the active language (the matcher stores them structured).
    label = tag_labeler()
    suggestions = list(
        Suggestion.objects.filter(organization=org).select_related("partner").order_by("rank")
    )
    for s in suggestions:
        s.introduction_status = status_by_partner.get(s.partner_id)
        s.reason_texts = [r["text"] for r in reasons_for(s, label=label)]
    data["suggestions"] = suggestions
    return data


def introduction_states() -> list[tuple[str, str]]:
    return list(Status.choices)


def introductions_board(
    *,
    viewer,
    ward=None,
    kind: str | None = None,
    staff=None,
    older_than_days: int | None = None,
    now: datetime | None = None,
) -> list[dict]:
    """Introductions in columns by state, each oldest first, filtered by either side's ward
    or kind, the staff member who proposed them, and age."""
    require_console(viewer)
    now = now or timezone.now()
    qs = Introduction.objects.select_related("requester", "recipient", "proposed_by")
    if ward is not None:
        qs = qs.filter(Q(requester__ward=ward) | Q(recipient__ward=ward))
    if kind:
        qs = qs.filter(Q(requester__kind=kind) | Q(recipient__kind=kind))
    if staff is not None:
        qs = qs.filter(proposed_by=staff)
    if older_than_days:
        qs = qs.filter(created_at__lt=now - timedelta(days=older_than_days))
    counts = dict(qs.order_by().values_list("status").annotate(n=Count("pk")))
    columns = []
    for state, label in introduction_states():
        items = list(qs.filter(status=state).order_by("created_at", "id")[:50])
        for item in items:
            item.age_days = (now - item.created_at).days
        columns.append(
            {"state": state, "label": label, "count": counts.get(state, 0), "items": items}
        )
    return columns


def introduction_pair_history(*, viewer, a_id: int, b_id: int) -> dict:
    """Every introduction between two organizations (either direction), the collaborations
    that came of them, and what staff did about them."""
    require_console(viewer)
    a = get_object_or_404(Organization, pk=a_id)
    b = get_object_or_404(Organization, pk=b_id)
    intros = list(
        Introduction.objects.filter(Q(requester=a, recipient=b) | Q(requester=b, recipient=a))
        .select_related("requester", "recipient", "proposed_by", "declined_by")
        .order_by("created_at", "id")
    )
    collaborations = list(
        Collaboration.objects.filter(
            Q(organization_a=a, organization_b=b) | Q(organization_a=b, organization_b=a)
        ).order_by("started_on")
    )
    entries = AuditLog.objects.filter(
        Q(target_type=Introduction._meta.label_lower, target_id__in=[str(i.pk) for i in intros])
        | Q(
            target_type=Collaboration._meta.label_lower,
            target_id__in=[str(c.pk) for c in collaborations],
        )
    ).select_related("actor")
    return {
        "a": a,
        "b": b,
        "introductions": intros,
        "collaborations": collaborations,
        "audit": list(entries.order_by("created_at", "id")),
    }


def events_desk(*, viewer, now: datetime | None = None) -> dict:
    """The support center's own events, upcoming and recent, with their registration state,
    and how many organizations' events wait for review."""
    require_console(viewer)
    now = now or timezone.now()
    own = Event.objects.filter(organizer_org__isnull=True)
    upcoming = list(own.filter(ends_at__gte=now).order_by("starts_at", "id")[:50])
    recent = list(own.filter(ends_at__lt=now).order_by("-starts_at", "-id")[:10])
    counts = registration_counts(upcoming + recent)
    for event in upcoming + recent:
        event.counts = counts.get(event.pk, {})
    return {
        "upcoming": upcoming,
        "recent": recent,
        "pending_review": Event.objects.filter(status=EventStatus.PENDING).count(),
    }


def seating_input(*, viewer, event_id: int) -> dict:
    """The planner's input for an event: one Party per organization with a confirmed
    registration (its people, and the resource tags of its open public needs and offers), one
    per person who registered alone, and the pairs already introduced."""
    from .planner import Party

    require_console(viewer)
    event = get_object_or_404(Event, pk=event_id)
    registrations = list(
        Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED)
        .select_related("organization", "user")
        .order_by("queued_at", "id")
    )
    people: dict[int, int] = defaultdict(int)
    orgs = {}
    individuals = []
    for reg in registrations:
        if reg.organization_id is None:
            individuals.append(reg)
            continue
        orgs[reg.organization_id] = reg.organization
        people[reg.organization_id] += reg.attendees
    needs: dict[int, set] = defaultdict(set)
    offers: dict[int, set] = defaultdict(set)
    listings = Listing.objects.live().filter(organization_id__in=orgs).prefetch_related("tags")
    for listing in listings:
        bucket = needs if listing.kind == ListingKind.NEED else offers
        bucket[listing.organization_id].update(
            t for t in listing.tags.all() if t.facet == "resource"
        )
    pairs = (
        Introduction.objects.filter(requester_id__in=orgs, recipient_id__in=orgs)
        .exclude(status__in=NOT_INTRODUCED_STATES)
        .values_list("requester_id", "recipient_id")
    )
    introduced = {frozenset(p) for p in pairs}
    parties = [
        Party(
            key=org.pk,
            name=org.name,
            kind=org.kind,
            people=people[org.pk],
            needs=frozenset(needs[org.pk]),
            offers=frozenset(offers[org.pk]),
        )
        for org in sorted(orgs.values(), key=lambda o: (o.name_kana, o.pk))
    ]
    parties += [
        Party(
            key=f"person-{reg.user_id}",
            name=str(reg.user),
            kind="individual",
            people=1,
            needs=frozenset(),
            offers=frozenset(),
        )
        for reg in individuals
    ]
    return {"event": event, "parties": parties, "introduced": introduced}


# --- What the matcher has learned ---------------------------------------------------------------

LEARNED_SHOWN = 30
DISTANCE_LABELS = {
    "same": _("同じ区"),
    "neighboring": _("隣接する区"),
    "far": _("離れた区"),
}


def matcher_learning(*, viewer, lang: str = "ja") -> dict:
    """The (need tag, offer tag) pairs the outcomes since the last reset moved, most moved first
    (up to LEARNED_SHOWN), with the counts behind each; the distance classes likewise."""
    from matching.learning import DISTANCE_CLASSES
    from matching.models import LearningReset
    from matching.selectors import learned_weights, learning_reset_at

    require_console(viewer)
    learned = learned_weights()
    label = tag_labeler()
    pairs = []
    for (need, offer), tally in learned.pair_counts.items():
        m = learned.multiplier(need, offer)
        pairs.append({
            "need": label("resource", need, lang), "offer": label("resource", offer, lang),
            "key": f"{need}:{offer}", "multiplier": m, "percent": round((m - 1) * 100),
            "good": tally.good, "bad": tally.bad,
        })  # fmt: skip
    pairs.sort(key=lambda p: (-abs(p["multiplier"] - 1), -(p["good"] + p["bad"]), p["key"]))
    distances = []
    for d in DISTANCE_CLASSES:
        tally = learned.distance_counts.get(d)
        if tally is None:
            continue
        distances.append({"key": d, "label": DISTANCE_LABELS[d],
                          "percent": learned.distance_pct.get(d, 0),
                          "good": tally.good, "bad": tally.bad})  # fmt: skip
    last = LearningReset.objects.select_related("by").order_by("-at", "-id").first()
    return {
        "pairs": pairs[:LEARNED_SHOWN],
        "pairs_total": len(pairs),
        "distances": distances,
        "outcomes": learned.outcomes,
        "reset_at": learning_reset_at(),
        "last_reset": last,
    }
