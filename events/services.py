"""Every write about events. Keyword-only functions, one transaction each, full_clean() before
saving; views, the API, tasks and commands all call these.

Capacity is enforced with the event row locked (SELECT … FOR UPDATE) for the whole decision, so
concurrent registrations queue on the lock and the seat count is never read stale.
"""

import json

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import outbox
from core.audit import audit_record, snapshot
from core.errors import ApplicationError, NotAllowed
from profiles.models import Membership, Organization
from profiles.predicates import is_member_of, is_staff

from .models import (
    ACTIVE,
    Accommodation,
    CalendarFeed,
    Event,
    EventStatus,
    Invitation,
    InvitationStatus,
    Registration,
    RegistrationStatus,
)
from .rules import is_organizer_member, is_registrant

EDITABLE_FIELDS = [
    "title", "title_kana", "title_en", "description", "kind", "access", "starts_at", "ends_at",
    "venue_name", "address", "ward",
    "latitude", "longitude", "online_url", "capacity", "per_org_limit", "registration_opens_at",
    "registration_closes_at", "fee", "accessibility", "contact", "contact_phone", "reminder_hours",
]  # fmt: skip
# A change to one of these is news for everyone registered.
NOTICE_FIELDS = [
    "title", "starts_at", "ends_at", "venue_name", "address", "ward", "online_url", "capacity",
]  # fmt: skip
# What people signed up for: a change to an organization's published event goes back to the
# support center (flagged in the console; the event stays up for those registered).
REVIEW_FIELDS = [
    "starts_at", "ends_at", "venue_name", "address", "ward", "online_url", "capacity",
]  # fmt: skip


def _deny(message: str = ""):
    raise NotAllowed(message or _("この操作をする権限がありません"))


def _require(by, perm: str, obj=None, message: str = "") -> None:
    """Ask the named permission (events/rules.py) the pages and the API ask too."""
    if by is None or not by.has_perm(perm, obj):
        _deny(message)


def _clean(instance) -> None:
    try:
        instance.full_clean()
    except ValidationError as exc:
        raise ApplicationError(
            "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items()),
            code="invalid",
            extra={"fields": exc.message_dict},
        ) from exc


def _check_dates(event: Event) -> None:
    if event.starts_at and event.ends_at and event.ends_at <= event.starts_at:
        raise ApplicationError(
            _("終了日時は開始日時より後にしてください"),
            code="end_before_start",
        )
    if (
        event.registration_opens_at
        and event.registration_closes_at
        and event.registration_closes_at <= event.registration_opens_at
    ):
        raise ApplicationError(
            _("申込締切は申込開始より後にしてください"),
            code="window_order",
        )


def confirmed_seats(event: Event) -> int:
    """Seats taken now, counted by the one seat annotation (read fresh: callers hold the lock)."""
    return Event.objects.with_seats().values_list("seats_taken", flat=True).get(pk=event.pk)


# --- Events -----------------------------------------------------------------------------------


@transaction.atomic
def event_create(*, by, organization: Organization | None = None, tags=(), **fields) -> Event:
    """A draft event. Staff may organize it for the support center (organization=None);
    members organize it for their organization."""
    _require(
        by, "events.organize_for", organization, "" if organization else _("団体を選んでください")
    )
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ApplicationError(f"Unknown fields: {', '.join(sorted(unknown))}")
    event = Event(organizer_org=organization, created_by=by, status=EventStatus.DRAFT, **fields)
    _check_dates(event)
    _clean(event)
    event.save()
    event.tags.set(tags)
    return event


@transaction.atomic
def event_update(*, event: Event, by, tags=None, **fields) -> Event:
    """Change an event. Capacity may not drop below the seats already confirmed; a larger
    capacity promotes the waitlist; registrants hear of a changed time or place."""
    _require(by, "events.manage_event", event)
    event = Event.objects.select_for_update().get(pk=event.pk)
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ApplicationError(f"Unknown fields: {', '.join(sorted(unknown))}")
    if event.status == EventStatus.CANCELLED:
        raise ApplicationError(
            _("中止したイベントは編集できません"),
            code="cancelled",
        )
    before = snapshot(event, EDITABLE_FIELDS)
    for name, value in fields.items():
        setattr(event, name, value)
    _check_dates(event)
    taken = confirmed_seats(event)
    if event.capacity < taken:
        raise ApplicationError(
            _("定員を参加確定済みの %(taken)s 人より少なくできません") % {"taken": taken},
            code="capacity_below_registrations",
        )
    _clean(event)
    event.save()
    if tags is not None:
        event.tags.set(tags)
    after = snapshot(event, EDITABLE_FIELDS)
    if event.capacity > before["capacity"]:
        _promote_waitlist(event)
    changed = [f for f in NOTICE_FIELDS if before[f] != after[f]]
    if changed and event.status == EventStatus.PUBLISHED:
        stamp = timezone.now().strftime("%Y%m%d%H%M%S%f")
        _queue_notice(event.pk, "changed", stamp)
    _flag_for_review(event, by=by, before=before, after=after)
    if is_staff(by) and not is_organizer_member(by, event):
        audit_record(actor=by, action="event.update", target=event, before=before, after=after)
    return event


def _plain(value):
    """A field's value as stored in JSON (datetimes as ISO text), so values compare alike."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def _flag_for_review(event: Event, *, by, before: dict, after: dict) -> None:
    """An organization changed a published event's time, place, capacity or URL: keep what
    changed (against the reviewed values) for the console. Staff's own edits are reviewed."""
    if event.organizer_org_id is None or event.status != EventStatus.PUBLISHED:
        return
    if is_staff(by):
        return
    changes = dict(event.changes_since_review)
    for name in REVIEW_FIELDS:
        old, new = _plain(before[name]), _plain(after[name])
        if old == new:
            continue
        reviewed = changes.get(name, {"before": old})["before"]
        if reviewed == new:
            changes.pop(name, None)  # changed back to what was reviewed
        else:
            changes[name] = {"before": reviewed, "after": new}
    if changes == event.changes_since_review:
        return
    event.changes_since_review = changes
    event.changed_after_review_at = timezone.now() if changes else None
    event.save(update_fields=["changes_since_review", "changed_after_review_at"])


@transaction.atomic
def event_changes_reviewed(*, event: Event, by) -> Event:
    """Staff have looked at what an organization changed after publication."""
    _require(by, "events.review_event", event)
    event = Event.objects.select_for_update().get(pk=event.pk)
    if not event.changes_since_review:
        raise ApplicationError(_("確認が必要な変更はありません"), code="state")
    audit_record(
        actor=by, action="event.changes_reviewed", target=event,
        before={"changes_since_review": event.changes_since_review},
        after={"changes_since_review": {}},
    )  # fmt: skip
    event.changes_since_review = {}
    event.changed_after_review_at = None
    event.save(update_fields=["changes_since_review", "changed_after_review_at"])
    return event


@transaction.atomic
def event_submit(*, event: Event, by) -> Event:
    """Send an organization's draft to the support center's review queue; a support-center
    event (staff) is published at once."""
    _require(by, "events.manage_event", event)
    if event.status not in {EventStatus.DRAFT}:
        raise ApplicationError(
            _("下書きのイベントだけを申請できます"),
            code="not_draft",
        )
    if event.organizer_org_id is None:
        return event_publish(event=event, by=by)
    event.status = EventStatus.PENDING
    event.save(update_fields=["status", "updated_at"])
    return event


@transaction.atomic
def event_publish(*, event: Event, by) -> Event:
    _require(by, "events.review_event", event)
    if event.status not in {EventStatus.DRAFT, EventStatus.PENDING}:
        raise ApplicationError(_("このイベントは公開できません"), code="state")
    before = {"status": event.status}
    event.status = EventStatus.PUBLISHED
    event.review_comment = ""
    event.save(update_fields=["status", "review_comment", "updated_at"])
    audit_record(
        actor=by, action="event.publish", target=event, before=before, after={"status": "published"}
    )
    _notify_organizer(event, "event.published", gettext_lazy("イベントが公開されました"))
    return event


@transaction.atomic
def event_return(*, event: Event, by, comment: str) -> Event:
    """Staff send an organization's event back to draft with a comment."""
    _require(by, "events.review_event", event)
    if event.status != EventStatus.PENDING:
        raise ApplicationError(
            _("審査待ちのイベントだけを差し戻せます"),
            code="state",
        )
    if not comment.strip():
        raise ApplicationError(_("差し戻しの理由を書いてください"), code="comment_required")
    event.status = EventStatus.DRAFT
    event.review_comment = comment.strip()
    event.save(update_fields=["status", "review_comment", "updated_at"])
    audit_record(
        actor=by,
        action="event.return",
        target=event,
        before={"status": "pending"},
        after={"status": "draft"},
        note=event.review_comment,
    )
    _notify_organizer(
        event, "event.returned", gettext_lazy("イベントが差し戻されました"), event.review_comment
    )
    return event


@transaction.atomic
def event_cancel(*, event: Event, by, reason: str = "") -> Event:
    """Call the event off; everyone registered is told (by a task, once each)."""
    _require(by, "events.manage_event", event)
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.status == EventStatus.CANCELLED:
        raise ApplicationError(
            _("このイベントはすでに中止されています"),
            code="state",
        )
    was_public = event.status == EventStatus.PUBLISHED
    before = {"status": event.status}
    event.status = EventStatus.CANCELLED
    event.cancel_reason = reason.strip()
    event.save(update_fields=["status", "cancel_reason", "updated_at"])
    if is_staff(by):
        audit_record(
            actor=by,
            action="event.cancel",
            target=event,
            before=before,
            after={"status": "cancelled"},
            note=event.cancel_reason,
        )
    if was_public:
        _queue_notice(event.pk, "cancelled", "once")
    return event


def _notify_organizer(event: Event, kind: str, title, body: str = "") -> None:
    from core.notifications import notify

    if not event.organizer_org_id:
        return
    for membership in Membership.objects.filter(organization_id=event.organizer_org_id):
        notify(
            user=membership.user,
            kind=kind,
            title=lambda: f"{title}: {event.title}",
            body=body,
            url=event.get_absolute_url(),
        )


def _queue_notice(event_id: int, notice: str, stamp: str) -> None:
    outbox.send_on_commit("events.tasks.notify_registrants", event_id, notice, stamp)


# --- Registrations ----------------------------------------------------------------------------


def _check_open(event: Event, now) -> None:
    if event.status == EventStatus.CANCELLED:
        raise ApplicationError(_("このイベントは中止されました"), code="cancelled")
    if event.status != EventStatus.PUBLISHED:
        raise ApplicationError(
            _("このイベントはまだ公開されていません"),
            code="not_published",
        )
    if event.registration_opens_at and now < event.registration_opens_at:
        raise ApplicationError(
            _("申込受付はまだ始まっていません"),
            code="not_open_yet",
        )
    if now >= event.closes_at:
        raise ApplicationError(_("申込は締め切られました"), code="closed")


@transaction.atomic
def registration_create(
    *,
    event: Event,
    by,
    organization: Organization | None = None,
    attendees: int = 1,
    attendee_names: str = "",
    accommodations: list[str] | None = None,
    accommodations_note: str = "",
    listed: bool = True,
) -> Registration:
    """Register an organization (by one of its members) or oneself. Confirmed while seats
    remain; otherwise on the waitlist, in order."""
    if not (by and by.is_authenticated):
        _deny(_("ログインしてください"))
    if organization is not None:
        _require(
            by,
            "events.register_for_organization",
            organization,
            _("この団体のメンバーではありません"),
        )
    accommodations = list(dict.fromkeys(accommodations or []))
    bad = [a for a in accommodations if a not in Accommodation.values]
    if bad:
        raise ApplicationError(_("不明な配慮の種類です") % {"v": ", ".join(bad)})
    if attendees < 1:
        raise ApplicationError(_("参加人数は1人以上にしてください"), code="attendees")
    # The lock: every registration, cancellation and capacity change for this event waits here.
    event = Event.objects.select_for_update().get(pk=event.pk)
    now = timezone.now()
    _check_open(event, now)
    if organization is None and attendees != 1:
        raise ApplicationError(
            _("個人での申込は1人です"),
            code="attendees",
        )
    if event.per_org_limit and attendees > event.per_org_limit:
        raise ApplicationError(
            _("1団体あたりの上限は %(limit)s 人です") % {"limit": event.per_org_limit},
            code="per_org_limit",
        )
    if attendees > event.capacity:
        raise ApplicationError(
            _("参加人数が定員（%(cap)s 人）を超えています") % {"cap": event.capacity},
            code="over_capacity",
        )
    active = event.registrations.filter(status__in=ACTIVE)
    duplicate = (
        active.filter(organization=organization)
        if organization
        else active.filter(user=by, organization__isnull=True)
    )
    if duplicate.exists():
        raise ApplicationError(_("すでに申し込んでいます"), code="already_registered")
    has_queue = active.filter(status=RegistrationStatus.WAITLISTED).exists()
    fits = confirmed_seats(event) + attendees <= event.capacity
    registration = Registration(
        event=event,
        organization=organization,
        user=by,
        attendees=attendees,
        attendee_names=attendee_names.strip(),
        accommodations=accommodations,
        accommodations_note=accommodations_note.strip(),
        listed=listed,
        # Nobody jumps the queue: while people wait, newcomers wait behind them.
        status=RegistrationStatus.CONFIRMED
        if fits and not has_queue
        else RegistrationStatus.WAITLISTED,
    )
    _clean(registration)
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError as exc:
        raise ApplicationError(_("すでに申し込んでいます"), code="already_registered") from exc
    if organization is not None and not is_member_of(by, organization):
        # Staff registering a group that does not use the web (代理申込).
        audit_record(
            actor=by,
            action="registration.create_on_behalf",
            target=registration,
            after={"status": registration.status, "attendees": attendees},
        )
    if organization is not None:
        Invitation.objects.filter(event=event, organization=organization).update(
            status=InvitationStatus.REGISTERED, responded_at=now
        )
    # The confirmation is written after commit, outside the event lock.
    transaction.on_commit(lambda: _notify_registered(registration.pk))
    return registration


def _notify_registered(registration_id: int) -> None:
    from core.notifications import notify

    registration = Registration.objects.select_related("event", "user").get(pk=registration_id)
    event = registration.event
    if registration.status == RegistrationStatus.CONFIRMED:
        title = _("参加申込を受け付けました: %(title)s") % {"title": event.title}
    else:
        title = _("キャンセル待ちで受け付けました: %(title)s") % {"title": event.title}
    notify(
        user=registration.user,
        kind="event.registered",
        title=title,
        body=_event_summary(event),
        url=event.get_absolute_url(),
        dedupe_key=f"event-registered:{registration.pk}",
    )
    if (registration.accommodations or registration.accommodations_note) and event.organizer_org_id:
        # The organizer has to arrange interpreters, childcare or access in time.
        needs = "、".join(registration.accommodation_labels())
        for membership in Membership.objects.filter(organization_id=event.organizer_org_id):
            notify(
                user=membership.user,
                kind="event.accommodation_requested",
                title=lambda: _("配慮の希望があります: %(title)s") % {"title": event.title},
                body=f"{registration.registrant_name}: {needs} {registration.accommodations_note}",
                url=reverse("events:manage", args=[event.pk]) + "#accommodations",
                dedupe_key=f"event-accommodation:{registration.pk}:{membership.user_id}",
            )


@transaction.atomic
def registration_cancel(*, registration: Registration, by) -> Registration:
    """Withdraw a registration; the first waitlisted ones that now fit are promoted."""
    _require(by, "events.cancel_registration", registration)
    event = Event.objects.select_for_update().get(pk=registration.event_id)
    registration = Registration.objects.get(pk=registration.pk)
    if registration.status == RegistrationStatus.CANCELLED:
        raise ApplicationError(_("この申込はすでに取り消されています"), code="state")
    before = {"status": registration.status}
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "cancelled_at"])
    if is_staff(by) and not is_registrant(by, registration):
        audit_record(
            actor=by,
            action="registration.cancel",
            target=registration,
            before=before,
            after={"status": "cancelled"},
        )
    # Once the event has begun, a freed seat is no longer offered to the waitlist.
    if event.status == EventStatus.PUBLISHED and event.starts_at > timezone.now():
        _promote_waitlist(event)
    return registration


def _promote_waitlist(event: Event) -> list[Registration]:
    """Promote, in order, each waitlisted registration that fits the free seats. Call with the
    event row locked."""
    from core.notifications import notify

    free = event.capacity - confirmed_seats(event)
    promoted = []
    for waiting in event.registrations.filter(status=RegistrationStatus.WAITLISTED).order_by(
        "queued_at", "id"
    ):
        if free <= 0:
            break
        if waiting.attendees > free:
            continue
        waiting.status = RegistrationStatus.CONFIRMED
        waiting.promoted_at = timezone.now()
        waiting.save(update_fields=["status", "promoted_at"])
        free -= waiting.attendees
        promoted.append(waiting)
        notify(
            user=waiting.user,
            kind="event.waitlist_promoted",
            title=_("キャンセル待ちから参加確定になりました: %(title)s") % {"title": event.title},
            body=_("%(when)s 開催の「%(title)s」に参加できます。")
            % {
                "when": timezone.localtime(event.starts_at).strftime("%Y-%m-%d %H:%M"),
                "title": event.title,
            },
            url=event.get_absolute_url(),
            dedupe_key=f"event-promoted:{waiting.pk}",
        )
    return promoted


@transaction.atomic
def registration_check_in(*, registration: Registration, by, undo: bool = False) -> Registration:
    """Mark a confirmed registration as arrived at the door (or undo a mistaken tick)."""
    _require(by, "events.check_in", registration)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status != RegistrationStatus.CONFIRMED:
        raise ApplicationError(
            _("参加確定の申込だけを受付できます"),
            code="state",
        )
    registration.checked_in_at = None if undo else timezone.now()
    registration.save(update_fields=["checked_in_at"])
    return registration


# --- Invitations ------------------------------------------------------------------------------


@transaction.atomic
def invitation_send(*, event: Event, organizations, by, reason: str = "") -> list[Invitation]:
    """Invite organizations (one or many). Already invited ones are skipped; each new invitee's
    members are notified once."""
    from core.notifications import notify

    _require(by, "events.invite", event)
    if event.status != EventStatus.PUBLISHED:
        raise ApplicationError(
            _("公開中のイベントにだけ招待できます"),
            code="not_published",
        )
    already = set(event.invitations.values_list("organization_id", flat=True))
    registered = set(
        event.registrations.filter(status__in=ACTIVE, organization__isnull=False).values_list(
            "organization_id", flat=True
        )
    )
    created = []
    for organization in organizations:
        if organization.pk in already:
            continue
        invitation = Invitation(
            event=event,
            organization=organization,
            invited_by=by,
            reason=reason[:300],
            status=InvitationStatus.REGISTERED
            if organization.pk in registered
            else InvitationStatus.SENT,
        )
        _clean(invitation)
        invitation.save()
        already.add(organization.pk)
        created.append(invitation)
        for membership in Membership.objects.filter(organization=organization).select_related(
            "user"
        ):
            notify(
                user=membership.user,
                kind="event.invited",
                title=lambda: _("交流イベントへのご招待: %(title)s") % {"title": event.title},
                body=lambda org=organization: (
                    _("%(org)s を「%(title)s」にご招待します。")
                    % {"org": org.name, "title": event.title}
                ),
                url=event.get_absolute_url(),
                dedupe_key=f"event-invited:{invitation.pk}:{membership.user_id}",
            )
    if created:
        audit_record(
            actor=by,
            action="event.invite",
            target=event,
            after={"organizations": [i.organization_id for i in created]},
        )
    return created


@transaction.atomic
def invitation_decline(*, invitation: Invitation, by) -> Invitation:
    _require(by, "events.register_for_organization", invitation.organization)
    if invitation.status != InvitationStatus.SENT:
        raise ApplicationError(_("この招待には回答済みです"), code="state")
    invitation.status = InvitationStatus.DECLINED
    invitation.responded_at = timezone.now()
    invitation.save(update_fields=["status", "responded_at"])
    return invitation


# --- Calendar feeds ---------------------------------------------------------------------------


@transaction.atomic
def calendar_feed_get_or_create(*, organization: Organization, by) -> CalendarFeed:
    _require(by, "events.register_for_organization", organization)
    feed, _created = CalendarFeed.objects.get_or_create(organization=organization)
    return feed


@transaction.atomic
def calendar_feed_rotate(*, organization: Organization, by) -> CalendarFeed:
    """Replace the secret address (e.g. after it leaked); the old one stops working."""
    from .models import new_feed_token

    feed = calendar_feed_get_or_create(organization=organization, by=by)
    feed.token = new_feed_token()
    feed.save(update_fields=["token"])
    return feed


# --- Notices ----------------------------------------------------------------------------------


def reminder_send_due(*, now=None) -> int:
    """Remind every confirmed registrant of the events starting within their reminder window.
    Safe to run as often as beat likes: each reminder is keyed by registration and start time."""
    from core.notifications import notify

    now = now or timezone.now()
    sent = 0
    events = Event.objects.upcoming_public(now=now).filter(
        starts_at__gt=now, starts_at__lte=now + _max_window()
    )
    for event in events:
        if event.starts_at - timezone.timedelta(hours=event.reminder_hours) > now:
            continue
        for registration in event.registrations.filter(
            status=RegistrationStatus.CONFIRMED
        ).select_related("user"):
            with transaction.atomic():
                result = notify(
                    user=registration.user,
                    kind="event.reminder",
                    title=_("まもなく開催: %(title)s") % {"title": event.title},
                    body=_event_summary(event),
                    url=event.get_absolute_url(),
                    dedupe_key=f"event-reminder:{registration.pk}:{event.starts_at:%Y%m%d%H%M}",
                )
            sent += result is not None
    return sent


def _max_window():
    from django.db.models import Max

    hours = Event.objects.aggregate(h=Max("reminder_hours"))["h"] or 48
    return timezone.timedelta(hours=hours)


def _event_summary(event: Event) -> str:
    """Time, place and capacity for a change notice. The meeting URL is never in it: the
    notice also goes to the waitlist, and the URL is for confirmed participants only (they
    find it on the event's page)."""
    start = timezone.localtime(event.starts_at)
    end = timezone.localtime(event.ends_at)
    place = " ".join(p for p in (event.venue_name, event.address) if p)
    if event.online_url:
        online = _("オンライン（参加用 URL はイベントのページで確認できます）")
        place = f"{place}\n{online}" if place else online
    capacity = _("定員 %(n)s 人") % {"n": event.capacity}
    return f"{start:%Y-%m-%d %H:%M}–{end:%H:%M}\n{place}\n{capacity}"


def registrants_notify(*, event_id: int, notice: str, stamp: str) -> int:
    """Tell everyone with an active registration that the event changed or was cancelled.
    The dedupe key makes a retried task send nothing twice."""
    from core.notifications import notify

    event = Event.objects.get(pk=event_id)
    if notice == "cancelled":
        title = lambda: _("中止のお知らせ: %(title)s") % {"title": event.title}  # noqa: E731
        body = event.cancel_reason
    else:
        title = lambda: _("変更のお知らせ: %(title)s") % {"title": event.title}  # noqa: E731
        body = _event_summary(event)
    sent = 0
    for registration in event.registrations.filter(status__in=ACTIVE).select_related("user"):
        with transaction.atomic():
            result = notify(
                user=registration.user,
                kind=f"event.{notice}",
                title=title,
                body=body,
                url=event.get_absolute_url(),
                dedupe_key=f"event-{notice}:{event.pk}:{stamp}:{registration.pk}",
            )
        sent += result is not None
    return sent
