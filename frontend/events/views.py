"""Event pages: thin views over events.selectors and events.services. Permission checks go
through the django-rules rules in events/rules.py, the same ones the API uses."""

import calendar
import datetime as dt
import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import ApplicationError, reraise_refusal
from core.models import Facet, Tag
from core.pagecache import anonymous_page
from core.redirects import safe_next as _safe_next
from core.safe_output import JSON_SCRIPT_ESCAPES
from events import ical, selectors, services
from events.models import CalendarFeed, EventStatus, Invitation, Registration, RegistrationStatus
from matching.event_selectors import invitation_suggestions_for_event
from matching.introductions.selectors import introduction_state_with
from profiles.models import Organization

from ..paging import page_of, querystring_without_page
from .forms import EventFilterForm, EventForm, RegistrationForm, month_or_today


def _event_for(request, pk, rule: str = "events.view_event"):
    """The event if the viewer may see it (404 otherwise) and, when asked, manage it (403)."""
    event = get_object_or_404(selectors.event_visible(viewer=request.user), pk=pk)
    if not request.user.has_perm(rule, event):
        raise PermissionDenied
    return event


def _template(request, page: str, partial: str) -> str:
    return partial if request.htmx and not request.htmx.boosted else page


# --- Public calendar --------------------------------------------------------------------------


@anonymous_page("events")
def event_list_page(request):
    form = EventFilterForm(request.GET or None)
    page = page_of(request, selectors.event_list(viewer=request.user, filters=form.filters()))
    context = {
        "form": form,
        "page": page,
        "events": page.object_list,
        "total": page.paginator.count,
        "query": querystring_without_page(request),
    }
    return render(
        request,
        _template(request, "frontend/events/list.html", "frontend/events/_results.html"),
        context,
    )


@anonymous_page("events")
def event_month_page(request):
    first = month_or_today(request.GET.get("month"))
    form = EventFilterForm(request.GET or None)
    events = list(
        selectors.event_month(
            viewer=request.user, year=first.year, month=first.month, filters=form.filters()
        )
    )
    by_day: dict[dt.date, list] = {}
    for event in events:
        day = timezone.localtime(event.starts_at).date()
        last = timezone.localtime(event.ends_at).date()
        while day <= last:
            by_day.setdefault(day, []).append(event)
            day += dt.timedelta(days=1)
    weeks = [
        [
            {"date": day, "in_month": day.month == first.month, "events": by_day.get(day, [])}
            for day in week
        ]
        for week in calendar.Calendar(firstweekday=6).monthdatescalendar(first.year, first.month)
    ]
    previous = (first - dt.timedelta(days=1)).replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    params = request.GET.copy()
    params.pop("month", None)
    context = {
        "form": form,
        "month": first,
        "weeks": weeks,
        "events": events,
        "previous": previous,
        "following": following,
        "today": timezone.localdate(),
        "filter_query": params.urlencode(),
    }
    return render(
        request,
        _template(request, "frontend/events/month.html", "frontend/events/_month.html"),
        context,
    )


def _json_ld(request, event) -> str:
    """schema.org Event for search engines and assistants."""
    place = {
        "@type": "Place",
        "name": event.venue_name or event.organizer_name,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": event.address,
            "addressLocality": "仙台市",
            "addressRegion": "宮城県",
            "addressCountry": "JP",
        },
    }
    if event.latitude is not None and event.longitude is not None:
        place["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(event.latitude),
            "longitude": float(event.longitude),
        }
    locations = [place] if event.venue_name or event.address else []
    event_url = f"{settings.SITE_URL}{event.get_absolute_url()}"
    if event.online_url:
        # The event page, not the meeting URL: that is for registered participants only.
        locations.append({"@type": "VirtualLocation", "url": event_url})
    if event.online_url and locations[:-1]:
        mode = "https://schema.org/MixedEventAttendanceMode"
    elif event.online_url:
        mode = "https://schema.org/OnlineEventAttendanceMode"
    else:
        mode = "https://schema.org/OfflineEventAttendanceMode"
    url = event_url
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": event.description,
        "startDate": timezone.localtime(event.starts_at).isoformat(),
        "endDate": timezone.localtime(event.ends_at).isoformat(),
        "eventStatus": "https://schema.org/EventCancelled"
        if event.status == EventStatus.CANCELLED
        else "https://schema.org/EventScheduled",
        "eventAttendanceMode": mode,
        "location": locations[0] if len(locations) == 1 else locations,
        "organizer": {"@type": "Organization", "name": event.organizer_name},
        "maximumAttendeeCapacity": event.capacity,
        "remainingAttendeeCapacity": max(event.seats_left, 0),
        "url": url,
        "offers": {
            "@type": "Offer",
            "url": url,
            "description": event.fee,
            "availability": "https://schema.org/InStock"
            if event.seats_left > 0
            else "https://schema.org/SoldOut",
        },
        "inLanguage": "ja",
    }
    # The same escaping as Django's json_script: no "<", ">" or "&" reaches the HTML parser,
    # so neither "</script>" nor "<!--<script>" in a description can end or swallow the page.
    return json.dumps(data, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES)


def _fellows_with_introductions(*, viewer, event) -> list:
    """The other attending organizations, each marked with where an introduction to it
    stands for the viewer's organizations: "accepted", "open" or None (may be requested)."""
    fellows = list(selectors.fellow_attendees(viewer=viewer, event=event))
    if fellows:
        states = introduction_state_with(selectors.organizations_of(viewer=viewer))
        for org in fellows:
            org.introduction_state = states.get(org.pk)
    return fellows


@anonymous_page("events")
def event_detail_page(request, pk):
    event = _event_for(request, pk)
    mine = selectors.viewer_registrations_for(viewer=request.user, event=event)
    for registration in mine:
        registration.position = selectors.waitlist_position(registration=registration)
    registered_org_ids = {r.organization_id for r in mine}
    organizations = [
        o for o in selectors.organizations_of(viewer=request.user) if o.pk not in registered_org_ids
    ]
    form = None
    if request.user.is_authenticated:
        form = RegistrationForm(organizations=organizations)
        if event.per_org_limit:
            form.fields["attendees"].widget.attrs["max"] = event.per_org_limit
        if any(r.organization_id is None for r in mine):
            form.fields["registrant"].choices = [
                c for c in form.fields["registrant"].choices if c[0] != "self"
            ]
    now = timezone.now()
    context = {
        "event": event,
        "mine": mine,
        "form": form,
        "can_register": event.status == EventStatus.PUBLISHED
        and now < event.closes_at
        and (not event.registration_opens_at or now >= event.registration_opens_at),
        "json_ld": _json_ld(request, event) if event.is_public else "",
        "fellow_attendees": _fellows_with_introductions(viewer=request.user, event=event),
        "my_invitations": Invitation.objects.filter(
            event=event,
            organization__in=selectors.organizations_of(viewer=request.user),
            status="sent",
        ).select_related("organization"),
    }
    return render(request, "frontend/events/detail.html", context)


def event_ics(request, pk):
    event = get_object_or_404(selectors.event_visible(viewer=None).public(), pk=pk)
    response = HttpResponse(ical.event_ics(event), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="tsunagu-event-{event.pk}.ics"'
    return response


def _feed_response(events, name: str) -> HttpResponse:
    return HttpResponse(
        ical.feed_ics(events, name=name), content_type="text/calendar; charset=utf-8"
    )


def _feed_events():
    since = timezone.now() - dt.timedelta(days=90)
    return selectors.event_visible(viewer=None).public().filter(ends_at__gte=since)


def feed_all(request):
    return _feed_response(_feed_events(), _("つなぐ 交流イベント"))


def feed_ward(request, slug):
    ward = get_object_or_404(Tag, facet=Facet.AREA, slug=slug)
    events = _feed_events().filter(ward__in=[ward, *ward.tag_set.all()])
    return _feed_response(events, _("つなぐ 交流イベント（%(ward)s）") % {"ward": ward.label})


def feed_organization(request, token):
    """The organization's own registrations; the address itself is the secret."""
    feed = get_object_or_404(CalendarFeed.objects.select_related("organization"), token=token)
    events = _feed_events().filter(
        registrations__organization=feed.organization,
        registrations__status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED],
    )
    return _feed_response(events.distinct(), feed.organization.name)


# --- Registering ------------------------------------------------------------------------------


@login_required
@require_POST
def register(request, pk):
    event = _event_for(request, pk)
    organizations = list(selectors.organizations_of(viewer=request.user))
    form = RegistrationForm(request.POST, organizations=organizations)
    if not form.is_valid():
        messages.error(request, _("入力内容を確認してください"))
        return redirect(event)
    org_id = form.organization_id()
    organization = next((o for o in organizations if o.pk == org_id), None)
    try:
        registration = services.registration_create(
            event=event,
            by=request.user,
            organization=organization,
            attendees=form.cleaned_data["attendees"] if organization else 1,
            attendee_names=form.cleaned_data["attendee_names"],
            accommodations=form.cleaned_data["accommodations"],
            accommodations_note=form.cleaned_data["accommodations_note"],
            listed=form.cleaned_data["listed"],
        )
    except ApplicationError as exc:
        reraise_refusal(exc)
        messages.error(request, exc.message)
        return redirect(event)
    if registration.status == RegistrationStatus.CONFIRMED:
        messages.success(request, _("参加を受け付けました。"))
    else:
        position = selectors.waitlist_position(registration=registration)
        messages.success(
            request,
            _("満席のため、キャンセル待ち %(n)s 番目で受け付けました。") % {"n": position},
        )
    return redirect(event)


@login_required
@require_POST
def cancel_registration(request, pk):
    registration = get_object_or_404(Registration.objects.select_related("event"), pk=pk)
    if not request.user.has_perm("events.cancel_registration", registration):
        raise Http404
    try:
        services.registration_cancel(registration=registration, by=request.user)
        messages.success(request, _("申込を取り消しました。"))
    except ApplicationError as exc:
        reraise_refusal(exc)
        messages.error(request, exc.message)
    return redirect(_safe_next(request) or registration.event)


@login_required
@require_POST
def decline_invitation(request, pk):
    invitation = get_object_or_404(Invitation.objects.select_related("event"), pk=pk)
    try:
        services.invitation_decline(invitation=invitation, by=request.user)
        messages.success(request, _("招待を辞退しました。"))
    except ApplicationError as exc:
        reraise_refusal(exc)
        messages.error(request, exc.message)
    return redirect(invitation.event)


@login_required
def my_registrations(request):
    registrations = list(selectors.registrations_of(viewer=request.user))
    for registration in registrations:
        registration.position = selectors.waitlist_position(registration=registration)
    now = timezone.now()
    feeds = [
        (organization, CalendarFeed.objects.filter(organization=organization).first())
        for organization in selectors.organizations_of(viewer=request.user)
    ]
    context = {
        "upcoming": [r for r in registrations if r.event.ends_at >= now and r.is_active],
        "past": [r for r in registrations if r.event.ends_at < now or not r.is_active],
        "feeds": feeds,
        "managed": selectors.events_managed(viewer=request.user)[:50],
    }
    return render(request, "frontend/events/mine.html", context)


@login_required
@require_POST
def feed_create(request, org_id):
    organization = get_object_or_404(Organization, pk=org_id)
    try:
        if request.POST.get("rotate"):
            services.calendar_feed_rotate(organization=organization, by=request.user)
            messages.success(
                request, _("新しい配信アドレスを作りました。古いアドレスは使えません。")
            )
        else:
            services.calendar_feed_get_or_create(organization=organization, by=request.user)
    except ApplicationError as exc:
        reraise_refusal(exc)
        messages.error(request, exc.message)
    return redirect("events:mine")


# --- Organizing -------------------------------------------------------------------------------


@login_required
def event_create_page(request):
    if not request.user.has_perm("events.create_event"):
        raise PermissionDenied
    organizations = selectors.organizations_of(viewer=request.user)
    # Who may organize for the support center itself (organization None) chooses any group.
    for_center = request.user.has_perm("events.organize_for", None)
    if for_center:
        organizations = Organization.objects.published().order_by("name_kana")
    form = EventForm(request.POST or None, organizations=organizations, staff=for_center)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_create(
                by=request.user,
                organization=form.cleaned_data.get("organization"),
                tags=form.cleaned_data["tags"],
                **form.service_fields(),
            )
        except ApplicationError as exc:
            reraise_refusal(exc)
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("下書きを保存しました。内容を確かめて申請してください。"))
            return redirect("events:manage", pk=event.pk)
    return render(request, "frontend/events/form.html", {"form": form, "event": None})


@login_required
def event_edit_page(request, pk):
    event = _event_for(request, pk, "events.manage_event")
    form = EventForm(request.POST or None, instance=event)
    if request.method == "POST" and form.is_valid():
        # The form wrote the new values onto `event`; the service reads a fresh copy.
        try:
            services.event_update(
                event=event, by=request.user, tags=form.cleaned_data["tags"],
                **form.service_fields(),
            )  # fmt: skip
        except ApplicationError as exc:
            reraise_refusal(exc)
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("イベントを更新しました。"))
            return redirect("events:manage", pk=event.pk)
    return render(request, "frontend/events/form.html", {"form": form, "event": event})


@login_required
@require_POST
def event_action(request, pk, action):
    """Submit / publish / return / cancel / mark changes reviewed, each a service call."""
    event = _event_for(request, pk, "events.manage_event")
    try:
        if action == "submit":
            event = services.event_submit(event=event, by=request.user)
            # A support-center event is published at once: say so, not "submitted".
            if event.status == "published":
                messages.success(request, _("公開しました。"))
            else:
                messages.success(request, _("申請しました。支援センターの確認後に公開されます。"))
        elif action == "publish":
            services.event_publish(event=event, by=request.user)
            messages.success(request, _("公開しました。"))
        elif action == "return":
            services.event_return(
                event=event, by=request.user, comment=request.POST.get("comment", "")
            )
            messages.success(request, _("差し戻しました。"))
        elif action == "changes-reviewed":
            services.event_changes_reviewed(event=event, by=request.user)
            messages.success(request, _("公開後の変更を確認済みにしました。"))
        elif action == "cancel":
            services.event_cancel(
                event=event, by=request.user, reason=request.POST.get("reason", "")
            )
            messages.success(request, _("イベントを中止し、申込者に知らせました。"))
        else:
            raise Http404
    except ApplicationError as exc:
        reraise_refusal(exc)
        messages.error(request, exc.message)
    return redirect(_safe_next(request) or reverse("events:manage", args=[event.pk]))


@login_required
def review_queue_page(request):
    if not request.user.has_perm("events.review_event"):
        raise PermissionDenied
    return render(
        request,
        "frontend/events/review.html",
        {"events": selectors.review_queue(viewer=request.user)},
    )


@login_required
def manage_page(request, pk):
    event = _event_for(request, pk, "events.manage_event")
    attendees = list(selectors.attendee_list(event=event))
    context = {
        "event": event,
        "attendees": attendees,
        "people": sum(r.attendees for r in attendees),
        "checked_in": sum(r.attendees for r in attendees if r.checked_in_at),
        "waitlist": selectors.waitlist(event=event),
        "accommodations": selectors.accommodation_requests(event=event),
        "invitations": selectors.invitations_for(event=event),
        "changes_since_review": selectors.changes_since_review(event),
    }
    return render(request, "frontend/events/manage.html", context)


@login_required
def attendees_print_page(request, pk):
    event = _event_for(request, pk, "events.manage_event")
    attendees = selectors.attendee_list(event=event)
    context = {
        "event": event,
        "attendees": attendees,
        "people": event.seats_taken,
    }
    return render(request, "frontend/events/print.html", context)


@login_required
@require_POST
def check_in(request, pk):
    registration = get_object_or_404(
        Registration.objects.select_related("event", "organization", "user"), pk=pk
    )
    if not request.user.has_perm("events.check_in", registration):
        raise PermissionDenied
    try:
        registration = services.registration_check_in(
            registration=registration, by=request.user, undo=bool(request.POST.get("undo"))
        )
    except ApplicationError as exc:
        reraise_refusal(exc)
        messages.error(request, exc.message)
    if request.htmx:
        return render(request, "frontend/events/_attendee_row.html", {"r": registration})
    return redirect(reverse("events:manage", args=[registration.event_id]) + "#attendees")


# --- Curating invitations ---------------------------------------------------------------------


@login_required
def invite_page(request, pk):
    event = _event_for(request, pk, "events.invite")
    q = request.GET.get("q", "").strip()
    ward = request.GET.get("ward", "")
    field = request.GET.get("field", "")
    if request.method == "POST":
        ids = request.POST.getlist(
            "candidate" if request.POST.get("invite_all") else "organization"
        )
        organizations = Organization.objects.published().filter(pk__in=ids)
        try:
            created = services.invitation_send(
                event=event, organizations=list(organizations), by=request.user,
                reason=request.POST.get("reason", ""),
            )  # fmt: skip
            messages.success(request, _("%(n)s 団体を招待しました。") % {"n": len(created)})
        except ApplicationError as exc:
            reraise_refusal(exc)
            messages.error(request, exc.message)
        return redirect(f"{reverse('events:invite', args=[event.pk])}?{request.GET.urlencode()}")
    candidates = selectors.invite_candidates(event=event, q=q, ward=ward, field=field)
    context = {
        "event": event,
        # The matcher's proposals (with reasons) for the full page; htmx searches skip them.
        "proposals": []
        if request.htmx
        else invitation_suggestions_for_event(viewer=request.user, event=event),
        "candidates": candidates,
        "invitations": selectors.invitations_for(event=event),
        "q": q,
        "ward": ward,
        "field": field,
        "wards": Tag.objects.filter(facet=Facet.AREA, parent__isnull=True),
        "fields": Tag.objects.filter(facet=Facet.FIELD),
        "searched": bool(q or ward or field),
    }
    return render(
        request,
        _template(request, "frontend/events/invite.html", "frontend/events/_candidates.html"),
        context,
    )
