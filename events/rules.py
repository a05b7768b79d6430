"""Who may do what with events: one set of predicates for pages, API and templates.

rules.test_rule("events.manage_event", user, event)
"""

import rules
from django.db.models import Q

from profiles.models import Membership

from .models import Event, EventStatus, Registration, RegistrationStatus


@rules.predicate
def is_staff(user) -> bool:
    return bool(user and user.is_authenticated and user.is_staff)


@rules.predicate
def is_member_of_any_organization(user) -> bool:
    return bool(user and user.is_authenticated) and Membership.objects.filter(user=user).exists()


@rules.predicate
def is_organizer_member(user, event: Event) -> bool:
    if not (user and user.is_authenticated) or event is None or not event.organizer_org_id:
        return False
    return Membership.objects.filter(user=user, organization_id=event.organizer_org_id).exists()


@rules.predicate
def is_public_event(user, event: Event) -> bool:
    return event is not None and event.status in {EventStatus.PUBLISHED, EventStatus.CANCELLED}


@rules.predicate
def is_member_of(user, organization) -> bool:
    if not (user and user.is_authenticated) or organization is None:
        return False
    return Membership.objects.filter(user=user, organization=organization).exists()


@rules.predicate
def is_registrant(user, registration: Registration) -> bool:
    if not (user and user.is_authenticated) or registration is None:
        return False
    if registration.user_id == user.pk:
        return True
    return (
        bool(registration.organization_id)
        and Membership.objects.filter(
            user=user, organization_id=registration.organization_id
        ).exists()
    )


@rules.predicate
def is_registrations_event_organizer(user, registration: Registration) -> bool:
    return registration is not None and is_organizer_member(user, registration.event)


can_manage_event = is_staff | is_organizer_member


@rules.predicate
def is_confirmed_participant(user, event: Event) -> bool:
    """Has a confirmed seat: registered personally, or through one of their organizations."""
    if not (user and user.is_authenticated) or event is None:
        return False
    own = Membership.objects.filter(user=user).values("organization_id")
    return (
        Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED)
        .filter(Q(user=user) | Q(organization_id__in=own))
        .exists()
    )


# The meeting URL of an online event is for the people taking part, not for the public page,
# the calendar feeds, the JSON-LD or the open data (a public link invites strangers in).
rules.add_rule("events.see_meeting_url", can_manage_event | is_confirmed_participant)

rules.add_rule("events.view_event", is_public_event | can_manage_event)
rules.add_rule("events.create_event", is_staff | is_member_of_any_organization)
rules.add_rule("events.manage_event", can_manage_event)
rules.add_rule("events.review_event", is_staff)
rules.add_rule("events.invite", is_staff)
rules.add_rule("events.register_for_organization", is_staff | is_member_of)
rules.add_rule(
    "events.cancel_registration", is_staff | is_registrant | is_registrations_event_organizer
)
rules.add_rule("events.check_in", is_staff | is_registrations_event_organizer)


def can_cancel(user, registration) -> bool:
    return rules.test_rule("events.cancel_registration", user, registration)


def can_check_in(user, registration) -> bool:
    return rules.test_rule("events.check_in", user, registration)
