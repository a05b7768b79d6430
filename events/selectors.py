"""Reads for pages and the API, each scoped to what the viewer may see."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.utils import timezone

from profiles.models import Membership, Organization

from .models import (
    ACTIVE,
    PUBLIC_STATUSES,
    Event,
    EventStatus,
    Invitation,
    Registration,
    RegistrationStatus,
)


def event_visible(*, viewer) -> QuerySet:
    """Public events for everyone; drafts and pending ones for their organizers and staff."""
    qs = Event.objects.with_seats().select_related("organizer_org", "ward").prefetch_related("tags")
    if viewer is not None and viewer.is_authenticated and viewer.is_staff:
        return qs
    visible = Q(status__in=PUBLIC_STATUSES)
    if viewer is not None and viewer.is_authenticated:
        visible |= Q(organizer_org__memberships__user=viewer)
    return qs.filter(visible).distinct()


@dataclass
class EventFilters:
    ward: str = ""
    kind: str = ""
    tag: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    has_seats: bool = False
    q: str = ""
    include_past: bool = False


def event_list(
    *, viewer, filters: EventFilters | None = None, public_only: bool = True
) -> QuerySet:
    """Events for the calendar and list: published (and cancelled, shown as such) by default."""
    f = filters or EventFilters()
    qs = event_visible(viewer=viewer)
    if public_only:
        qs = qs.public()
    if f.ward:
        qs = qs.filter(Q(ward__slug=f.ward) | Q(ward__parent__slug=f.ward))
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.tag:
        qs = qs.filter(tags__slug=f.tag)
    if f.q:
        qs = qs.filter(Q(title__icontains=f.q) | Q(description__icontains=f.q))
    tz = timezone.get_current_timezone()
    if f.date_from:
        qs = qs.filter(
            ends_at__gte=dt.datetime.combine(f.date_from, dt.time.min).replace(tzinfo=tz)
        )
    elif not f.include_past:
        qs = qs.filter(ends_at__gte=timezone.now())
    if f.date_to:
        qs = qs.filter(
            starts_at__lt=dt.datetime.combine(
                f.date_to + dt.timedelta(days=1), dt.time.min
            ).replace(tzinfo=tz)
        )
    if f.has_seats:
        qs = qs.filter(status=EventStatus.PUBLISHED, seats_left__gt=0)
    return qs.distinct().order_by("starts_at", "id")


def event_month(*, viewer, year: int, month: int, filters: EventFilters | None = None):
    """Published events overlapping the month, for the month grid."""
    first = dt.date(year, month, 1)
    last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    f = filters or EventFilters()
    f.date_from, f.date_to = first, last
    return event_list(viewer=viewer, filters=f)


def review_queue(*, viewer) -> QuerySet:
    if not viewer.has_perm("events.review_event"):
        return Event.objects.none()
    return event_visible(viewer=viewer).filter(status=EventStatus.PENDING).order_by("updated_at")


def events_managed(*, viewer) -> QuerySet:
    """Events the viewer may manage: staff all, members their organizations'."""
    if not viewer.is_authenticated:
        return Event.objects.none()
    qs = event_visible(viewer=viewer)
    if not viewer.is_staff:
        qs = qs.filter(organizer_org__memberships__user=viewer)
    return qs.order_by("-starts_at")


def registrations_active(*, event: Event) -> QuerySet:
    return event.registrations.filter(status__in=ACTIVE).select_related("organization", "user")


def attendee_list(*, event: Event) -> QuerySet:
    """Confirmed registrations (callers check events.manage_event first)."""
    return (
        event.registrations.filter(status=RegistrationStatus.CONFIRMED)
        .select_related("organization", "user")
        .order_by("organization__name_kana", "user__display_name", "id")
    )


def waitlist(*, event: Event) -> list[Registration]:
    """Waitlisted registrations in the order they will be offered seats, numbered from 1."""
    rows = list(
        event.registrations.filter(status=RegistrationStatus.WAITLISTED)
        .select_related("organization", "user")
        .order_by("queued_at", "id")
    )
    for position, row in enumerate(rows, start=1):
        row.position = position
    return rows


def waitlist_position(*, registration: Registration) -> int | None:
    if registration.status != RegistrationStatus.WAITLISTED:
        return None
    ahead = Registration.objects.filter(
        event_id=registration.event_id, status=RegistrationStatus.WAITLISTED
    ).filter(
        Q(queued_at__lt=registration.queued_at)
        | Q(queued_at=registration.queued_at, id__lt=registration.pk)
    )
    return ahead.count() + 1


def accommodation_requests(*, event: Event) -> QuerySet:
    return (
        registrations_active(event=event)
        .exclude(accommodations=[], accommodations_note="")
        .order_by("queued_at", "id")
    )


def registrations_of(*, viewer) -> QuerySet:
    """The viewer's own registrations and those of their organizations."""
    if not viewer.is_authenticated:
        return Registration.objects.none()
    orgs = Membership.objects.filter(user=viewer).values("organization_id")
    return (
        Registration.objects.filter(Q(user=viewer) | Q(organization_id__in=orgs))
        .select_related("event", "organization", "event__ward")
        .order_by("event__starts_at", "id")
    )


def viewer_registrations_for(*, viewer, event: Event) -> list[Registration]:
    return list(registrations_of(viewer=viewer).filter(event=event, status__in=ACTIVE))


def organizations_of(*, viewer) -> QuerySet:
    if not viewer.is_authenticated:
        return Organization.objects.none()
    return Organization.objects.filter(memberships__user=viewer).order_by("name_kana")


def invitations_for(*, event: Event) -> QuerySet:
    return event.invitations.select_related("organization", "invited_by").order_by(
        "organization__name_kana"
    )


def invite_candidates(
    *, event: Event, q: str = "", ward: str = "", field: str = "", limit: int = 50
) -> QuerySet:
    """Published organizations the curator may invite, with whether each is invited already."""
    qs = Organization.objects.published().select_related("ward")
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(name_kana__icontains=q))
    if ward:
        qs = qs.filter(Q(ward__slug=ward) | Q(ward__parent__slug=ward))
    if field:
        qs = qs.filter(fields__slug=field)
    if event.organizer_org_id:
        qs = qs.exclude(pk=event.organizer_org_id)
    invited = Invitation.objects.filter(event=event, organization=OuterRef("pk"))
    registered = Registration.objects.filter(
        event=event, organization=OuterRef("pk"), status__in=ACTIVE
    )
    return (
        qs.annotate(already_invited=Exists(invited), already_registered=Exists(registered))
        .distinct()
        .order_by("name_kana")[:limit]
    )


def fellow_attendees(*, viewer, event: Event) -> QuerySet:
    """After the event: organizations that attended and chose to be listed, shown to the
    members of other attending organizations (so they can ask for an introduction)."""
    mine = registrations_of(viewer=viewer).filter(
        event=event, status=RegistrationStatus.CONFIRMED, organization__isnull=False
    )
    if event.ends_at > timezone.now() or not mine.exists():
        return Organization.objects.none()
    my_orgs = mine.values("organization_id")
    return (
        Organization.objects.published()
        .filter(
            event_registrations__event=event,
            event_registrations__status=RegistrationStatus.CONFIRMED,
            event_registrations__listed=True,
        )
        .exclude(pk__in=my_orgs)
        .distinct()
        .order_by("name_kana")
    )


def newly_published_events(*, since, now=None, limit: int = 10) -> QuerySet:
    """Published events still ahead that became public since `since` (for the weekly
    digest): published in that time (the audit log records each publication, whoever
    created the event and when) or created already published in that time."""
    from core.models import AuditLog

    now = now or timezone.now()
    published_ids = [
        int(target_id)
        for target_id in AuditLog.objects.filter(
            action="event.publish", target_type="events.event", created_at__gte=since
        ).values_list("target_id", flat=True)
        if target_id.isdigit()
    ]
    return (
        Event.objects.upcoming_public(now=now)
        .filter(Q(pk__in=published_ids) | Q(created_at__gte=since))
        .select_related("ward")
        .order_by("starts_at", "id")[:limit]
    )


def registration_counts(events) -> dict[int, dict[str, int]]:
    """Per event: confirmed and waitlisted registrations and people, people checked in, and
    registrations asking for an accommodation (託児, 手話 …) — in one query."""
    active = Q(status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED])
    confirmed = Q(status=RegistrationStatus.CONFIRMED)
    waitlisted = Q(status=RegistrationStatus.WAITLISTED)
    rows = (
        Registration.objects.filter(event__in=events)
        .order_by()
        .values("event_id")
        .annotate(
            confirmed=Count("pk", filter=confirmed),
            confirmed_people=Sum("attendees", filter=confirmed, default=0),
            waitlisted=Count("pk", filter=waitlisted),
            waitlisted_people=Sum("attendees", filter=waitlisted, default=0),
            checked_in=Sum("attendees", filter=Q(checked_in_at__isnull=False), default=0),
            accommodations=Count(
                "pk", filter=active & ~(Q(accommodations=[]) & Q(accommodations_note=""))
            ),
        )
    )
    return {row.pop("event_id"): row for row in rows}


def changes_since_review(event) -> list[dict]:
    """What an organization changed after publication, for staff to read: the field's label
    and the reviewed and the current value as text."""
    from django.utils import timezone
    from django.utils.dateparse import parse_datetime

    from core.models import Tag

    def shown(name, value):
        if value in (None, ""):
            return "—"
        if name in ("starts_at", "ends_at"):
            moment = parse_datetime(value)
            return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else value
        if name == "ward":
            tag = Tag.objects.filter(pk=value).first()
            return tag.label if tag else str(value)
        return str(value)

    return [
        {
            "field": name,
            "label": str(Event._meta.get_field(name).verbose_name),
            "before": shown(name, change["before"]),
            "after": shown(name, change["after"]),
        }
        for name, change in sorted(event.changes_since_review.items())
    ]
