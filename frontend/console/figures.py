"""The figures of the impact dashboard and the annual report: a small registry of providers.

A figure is a named provider ``provider(period, filters, by) -> list[Row]``: for one fiscal year
(``Period``), optionally narrowed to a ward, a kind of organization and a field (``Filters``), it
returns one row per month, fiscal year, ward, kind, field or reason (``by``), or one "total" row.
Rows always cover every slot (every month, every ward …), so an empty database gives zeros.

Every figure registers at start-up (``register_all()``, called from ConsoleConfig.ready, when
every model is loaded).

Most figures are counts of dated rows: ``counter(CountSpec(...))`` builds their provider from a
queryset, the date that places a row in time and the path to the organization that places it in
a ward, kind and field. Each row counts once (distinct); by field an organization with several
fields counts once in each of them.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.models import Tag
from profiles.models import (
    ListingKind,
    ModerationStatus,
    Organization,
    OrganizationKind,
)

TOKYO = ZoneInfo(settings.TIME_ZONE)
YEARS_COMPARED = 5  # the "by fiscal year" view shows the chosen year and the four before it

BREAKDOWNS = {
    "month": _("月別"),
    "fiscal_year": _("年度別"),
    "ward": _("区・地域別"),
    "kind": _("団体の種別別"),
    "field": _("活動分野別"),
    "reason": _("理由別"),
    "total": _("合計"),
}


# --- Period, filters, rows --------------------------------------------------------------------


def fiscal_year_of(day: date) -> int:
    """Japanese fiscal years run April–March: 2027-03-31 belongs to FY2026."""
    return day.year if day.month >= 4 else day.year - 1


def current_fiscal_year() -> int:
    return fiscal_year_of(timezone.localdate())


@dataclass(frozen=True)
class Period:
    fiscal_year: int

    @property
    def start(self) -> datetime:
        return datetime(self.fiscal_year, 4, 1, tzinfo=TOKYO)

    @property
    def end(self) -> datetime:
        """Exclusive: the first moment of the next fiscal year."""
        return datetime(self.fiscal_year + 1, 4, 1, tzinfo=TOKYO)

    def months(self) -> list[date]:
        return [date(self.fiscal_year + (m < 4), m, 1) for m in (*range(4, 13), 1, 2, 3)]

    def elapsed_share(self, now: datetime | None = None) -> float:
        """How much of the year has passed (0 before it starts, 1 once it is over)."""
        now = now or timezone.now()
        total = (self.end - self.start).total_seconds()
        return min(1.0, max(0.0, (now - self.start).total_seconds() / total))

    def label(self) -> str:
        return gettext("%(year)s年度") % {"year": self.fiscal_year}


@dataclass(frozen=True)
class Filters:
    ward: Tag | None = None
    kind: str | None = None
    field: Tag | None = None

    def active(self) -> set[str]:
        return {name for name in ("ward", "kind", "field") if getattr(self, name)}


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    value: float | int | None


@dataclass(frozen=True)
class Figure:
    key: str
    label: Promise | str
    description: Promise | str
    provider: Callable[[Period, Filters, str], list[Row]]
    breakdowns: tuple[str, ...]
    filters: tuple[str, ...] = ("ward", "kind", "field")
    snapshot: bool = False  # a state now (open needs), not a count over the period
    unit: str = "count"  # "count" or "hours"
    higher_is_better: bool = True
    source: str = "profiles"

    def rows(self, period: Period, filters: Filters, by: str) -> list[Row]:
        if by not in (*self.breakdowns, "total"):
            raise ValueError(f"{self.key} has no breakdown {by!r}")
        return self.provider(period, filters, by)

    def total(self, period: Period, filters: Filters | None = None) -> float | int | None:
        return self.provider(period, filters or Filters(), "total")[0].value

    def accepts(self, filters: Filters) -> bool:
        return filters.active() <= set(self.filters)


_REGISTRY: dict[str, Figure] = {}


def register(figure: Figure) -> Figure:
    _REGISTRY[figure.key] = figure
    return figure


def unregister(key: str) -> None:
    _REGISTRY.pop(key, None)


def available() -> list[Figure]:
    return list(_REGISTRY.values())


def get(key: str) -> Figure | None:
    return _REGISTRY.get(key)


# --- Counting dated rows ----------------------------------------------------------------------


@dataclass(frozen=True)
class CountSpec:
    queryset: Callable[[], QuerySet]  # called at query time, so models resolve late
    date_field: str | None  # None: a snapshot of now
    org_path: str | None = ""  # "" = the row is the organization; None = no organization
    ward_path: str | None = None  # defaults to the organization's ward
    date_is_datetime: bool = True
    sum_field: str | None = None  # sum this instead of counting rows
    reason_field: str | None = None
    reason_choices: tuple[tuple[str, Promise | str], ...] = field(default=())
    # A row that belongs to several organizations (a collaboration has two): it counts once
    # in the total and once in each ward, kind or field any of them is in.
    org_paths: tuple[str, ...] = ()

    def path(self, name: str) -> str:
        return f"{self.org_path}__{name}" if self.org_path else name

    @property
    def ward(self) -> str:
        return self.ward_path or self.path("ward")


def _month_key(value) -> date:
    if isinstance(value, datetime):
        value = timezone.localtime(value, TOKYO) if timezone.is_aware(value) else value
    return date(value.year, value.month, 1)


def _slots(by: str, period: Period, spec: CountSpec) -> list[tuple[str, str]]:
    if by == "month":
        return [(f"{m:%Y-%m}", f"{m:%Y-%m}") for m in period.months()]
    if by == "fiscal_year":
        years = range(period.fiscal_year - YEARS_COMPARED + 1, period.fiscal_year + 1)
        return [(str(y), Period(y).label()) for y in years]
    if by == "ward":
        return [(t.slug, t.label) for t in Tag.objects.filter(facet="area")]
    if by == "kind":
        return [(k.value, str(k.label)) for k in OrganizationKind]
    if by == "field":
        return [(t.slug, t.label) for t in Tag.objects.filter(facet="field")]
    if by == "reason":
        return [(k, str(label)) for k, label in spec.reason_choices]
    return [("total", gettext("合計"))]


def _group(by: str, spec: CountSpec):
    """What to group the queryset by, and how a grouped value becomes a slot key."""
    if by in ("month", "fiscal_year"):
        if spec.date_is_datetime:
            expr = TruncMonth(spec.date_field, tzinfo=TOKYO)
        else:
            expr = TruncMonth(spec.date_field)
        if by == "month":
            return expr, lambda v: f"{_month_key(v):%Y-%m}"
        return expr, lambda v: str(fiscal_year_of(_month_key(v)))
    if by == "ward":
        return F(f"{spec.ward}__slug"), str
    if by == "kind":
        return F(spec.path("kind")), str
    if by == "field":
        return F(spec.path("fields__slug")), str
    if by == "reason":
        return F(spec.reason_field), str
    raise ValueError(by)


def _date_range(by: str, period: Period) -> tuple[datetime, datetime]:
    if by == "fiscal_year":
        return Period(period.fiscal_year - YEARS_COMPARED + 1).start, period.end
    return period.start, period.end


def _filtered(spec: CountSpec, filters: Filters) -> QuerySet:
    if spec.org_paths:
        return _filtered_any(spec, filters)
    qs = spec.queryset()
    if filters.ward:
        qs = qs.filter(**{spec.ward: filters.ward})
    if spec.org_path is None:
        return qs
    if filters.kind:
        qs = qs.filter(**{spec.path("kind"): filters.kind})
    if filters.field:
        # A subquery, not a join: joining the fields would count a row once per field.
        with_field = Organization.objects.filter(fields=filters.field).values("pk")
        qs = qs.filter(**{f"{spec.org_path or 'pk'}__in": with_field})
    return qs


def _filtered_any(spec: CountSpec, filters: Filters) -> QuerySet:
    """Rows of which any of the organizations matches every chosen filter."""
    qs = spec.queryset()
    if not filters.active():
        return qs
    matching = Organization.objects.all()
    if filters.ward:
        matching = matching.filter(ward=filters.ward)
    if filters.kind:
        matching = matching.filter(kind=filters.kind)
    if filters.field:
        matching = matching.filter(fields=filters.field)
    ids = matching.values("pk")
    any_of = Q()
    for path in spec.org_paths:
        any_of |= Q(**{f"{path}__in": ids})
    return qs.filter(any_of)


def _in_period(qs: QuerySet, spec: CountSpec, start: datetime, end: datetime) -> QuerySet:
    if spec.date_field is None:
        return qs
    if not spec.date_is_datetime:
        start, end = start.date(), end.date()
    return qs.filter(**{f"{spec.date_field}__gte": start, f"{spec.date_field}__lt": end})


def counter(spec: CountSpec) -> Callable[[Period, Filters, str], list[Row]]:
    def provider(period: Period, filters: Filters, by: str) -> list[Row]:
        metric = Sum(spec.sum_field) if spec.sum_field else Count("pk", distinct=True)
        qs = _in_period(_filtered(spec, filters), spec, *_date_range(by, period)).order_by()
        slots = _slots(by, period, spec)
        if by == "total":
            value = qs.aggregate(v=metric)["v"] or 0
            return [Row(key, label, value) for key, label in slots]
        if spec.org_paths and by in ("ward", "kind", "field"):
            return _count_per_organization(qs, spec, by, slots)
        expr, key_of = _group(by, spec)
        counts: dict[str, int] = defaultdict(int)
        for row in qs.annotate(g=expr).values("g").annotate(v=metric):
            if row["g"] is not None:
                counts[key_of(row["g"])] += row["v"] or 0
        return [Row(key, label, counts.get(key, 0)) for key, label in slots]

    return provider


def _count_per_organization(qs: QuerySet, spec: CountSpec, by: str, slots) -> list[Row]:
    """One query per organization path; a row counts once per slot whichever side is in it."""
    seen: set[tuple[str, int]] = set()
    for path in spec.org_paths:
        expr, key_of = _group(by, replace(spec, org_path=path, ward_path=None, org_paths=()))
        for pk, group in qs.annotate(g=expr).values_list("pk", "g"):
            if group is not None:
                seen.add((key_of(group), pk))
    counts: dict[str, int] = defaultdict(int)
    for key, _pk in seen:
        counts[key] += 1
    return [Row(key, label, counts.get(key, 0)) for key, label in slots]


def median_hours(
    queryset: Callable[[], QuerySet], *, start_field: str, end_field: str, spec: CountSpec
) -> Callable[[Period, Filters, str], list[Row]]:
    """The median time between two datetimes of a row, in hours (None where there is none)."""

    def provider(period: Period, filters: Filters, by: str) -> list[Row]:
        qs = _in_period(_filtered(spec, filters), spec, *_date_range(by, period)).order_by()
        slots = _slots(by, period, spec)
        if by == "total":
            expr, key_of = F("pk"), lambda v: "total"
        else:
            expr, key_of = _group(by, spec)
        durations: dict[str, list[float]] = defaultdict(list)
        for started, ended, group in qs.annotate(g=expr).values_list(start_field, end_field, "g"):
            if group is not None and started and ended:
                durations[key_of(group)].append((ended - started).total_seconds() / 3600)
        return [
            Row(key, label, round(statistics.median(durations[key]), 1))
            if durations.get(key)
            else Row(key, label, None)
            for key, label in slots
        ]

    return provider


# --- The figures ------------------------------------------------------------------------------


def _organizations():
    return Organization.objects.exclude(status=ModerationStatus.DRAFT)


def _open_listings(kind: str):
    from profiles.models import Listing

    return Listing.objects.public().filter(kind=kind)


ALL = ("month", "fiscal_year", "ward", "kind", "field")
NOW = ("ward", "kind", "field")


def _register_profiles() -> None:
    register(
        Figure(
            key="organizations_registered",
            label=_("登録団体数"),
            description=_("期間中に登録された団体（下書きを除く）"),
            provider=counter(CountSpec(_organizations, "created_at")),
            breakdowns=ALL,
        )
    )
    register(
        Figure(
            key="organizations_verified",
            label=_("確認済み団体数"),
            description=_("期間中に支援センターが確認した団体"),
            provider=counter(
                CountSpec(lambda: Organization.objects.filter(verified=True), "verified_at")
            ),
            breakdowns=ALL,
        )
    )
    register(
        Figure(
            key="organizations_published_now",
            label=_("公開中の団体数（現在）"),
            description=_("いま公開されている団体"),
            provider=counter(CountSpec(Organization.objects.published, None)),
            breakdowns=NOW,
            snapshot=True,
        )
    )
    for kind, label, description in (
        (ListingKind.NEED, _("募集中の「求めていること」（現在）"), _("公開中で募集中のもの")),
        (ListingKind.OFFER, _("募集中の「提供できること」（現在）"), _("公開中で募集中のもの")),
    ):
        register(
            Figure(
                key=f"{kind}s_open_now",
                label=label,
                description=description,
                provider=counter(
                    CountSpec(
                        lambda kind=kind: _open_listings(kind),
                        None,
                        org_path="organization",
                        ward_path="ward",
                    )
                ),
                breakdowns=NOW,
                snapshot=True,
            )
        )


def _register_matching() -> None:
    from matching.models import Suggestion

    register(
        Figure(
            key="suggestions_shown",
            label=_("おすすめの提示数"),
            description=_(
                "期間中に初めて団体へ提示されたおすすめ（同じ組み合わせは一度だけ数えます）"
            ),
            provider=counter(
                CountSpec(
                    lambda: Suggestion.objects.all(), "first_suggested_at", org_path="organization"
                )
            ),
            breakdowns=ALL,
            source="matching",
        )
    )


def _register_introductions() -> None:
    from matching.introductions.models import DeclineReason, Introduction, Status

    register(
        Figure(
            key="introductions_requested",
            label=_("紹介の依頼・提案数"),
            description=_("期間中に依頼または提案された紹介（依頼した団体で集計）"),
            provider=counter(
                CountSpec(lambda: Introduction.objects.all(), "created_at", "requester")
            ),
            breakdowns=ALL,
            source="introductions",
        )
    )
    register(
        Figure(
            key="introductions_accepted",
            label=_("紹介の成立数"),
            description=_("期間中に双方が受け入れた紹介"),
            provider=counter(
                CountSpec(
                    lambda: Introduction.objects.filter(status=Status.ACCEPTED),
                    "answered_at",
                    "requester",
                )
            ),
            breakdowns=ALL,
            source="introductions",
        )
    )
    register(
        Figure(
            key="introductions_declined",
            label=_("紹介の辞退数"),
            description=_("期間中に辞退された紹介（理由別にも集計）"),
            provider=counter(
                CountSpec(
                    lambda: Introduction.objects.filter(status=Status.DECLINED),
                    "answered_at",
                    "requester",
                    reason_field="decline_reason",
                    reason_choices=tuple(DeclineReason.choices),
                )
            ),
            breakdowns=(*ALL, "reason"),
            source="introductions",
        )
    )
    # Only real answers: an expiry or a withdrawal also stamps answered_at, but nobody
    # answered (an expiry would put every unanswered request at 30 days).
    answered = CountSpec(
        lambda: Introduction.objects.filter(
            status__in=[Status.ACCEPTED, Status.DECLINED], answered_at__isnull=False
        ),
        "answered_at",
        "requester",
    )
    register(
        Figure(
            key="introductions_median_answer_hours",
            label=_("回答までの時間（中央値・時間）"),
            description=_("紹介の依頼から回答（成立・辞退）までにかかった時間の中央値"),
            provider=median_hours(
                answered.queryset,
                start_field="created_at",
                end_field="answered_at",
                spec=answered,
            ),
            breakdowns=ALL,
            unit="hours",
            higher_is_better=False,
            source="introductions",
        )
    )
    from matching.introductions.models import Collaboration

    register(
        Figure(
            key="collaborations_started",
            label=_("協働の開始数"),
            description=_("期間中に始まった協働（参加団体のいずれかで集計）"),
            provider=counter(
                CountSpec(
                    lambda: Collaboration.objects.all(),
                    "started_on",
                    "organization_a",
                    date_is_datetime=False,
                    org_paths=("organization_a", "organization_b"),
                )
            ),
            breakdowns=ALL,
            source="introductions",
        )
    )


def _register_events() -> None:
    from events.models import Event, EventStatus, Registration, RegistrationStatus

    register(
        Figure(
            key="events_held",
            label=_("交流会の開催数"),
            description=_("期間中に開催された公開イベント"),
            provider=counter(
                CountSpec(
                    lambda: Event.objects.filter(
                        status=EventStatus.PUBLISHED, starts_at__lt=timezone.now()
                    ),
                    "starts_at",
                    org_path=None,
                    ward_path="ward",
                )
            ),
            breakdowns=("month", "fiscal_year", "ward"),
            filters=("ward",),
            source="events",
        )
    )
    if Event is not None and Registration is not None:
        # Registrations of organizations (a person registering alone has no ward or kind to
        # count in), to events that were not called off.
        def registrations(**extra):
            return Registration.objects.filter(
                organization__isnull=False, event__status=EventStatus.PUBLISHED, **extra
            )

        register(
            Figure(
                key="registrations",
                label=_("参加申込数（団体）"),
                description=_("期間中のイベント（中止を除く）への確定した団体の申込"),
                provider=counter(
                    CountSpec(
                        lambda: registrations(status=RegistrationStatus.CONFIRMED),
                        "event__starts_at",
                        "organization",
                    )
                ),
                breakdowns=ALL,
                source="events",
            )
        )
        register(
            Figure(
                key="attendance",
                label=_("参加者数（受付済み）"),
                description=_("受付を済ませた団体の申込の参加人数の合計"),
                provider=counter(
                    CountSpec(
                        lambda: registrations(checked_in_at__isnull=False),
                        "event__starts_at",
                        "organization",
                        sum_field="attendees",
                    )
                ),
                breakdowns=ALL,
                source="events",
            )
        )


def register_all() -> None:
    _register_profiles()
    _register_matching()
    _register_introductions()
    _register_events()


def figure_rows(figure: Figure, period: Period, filters: Filters, by: str) -> list[Row]:
    """Rows of a figure, or [] when the figure cannot be narrowed by these filters."""
    if not figure.accepts(filters):
        return []
    return figure.rows(period, filters, by)
