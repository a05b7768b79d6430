"""Who may do what with events: named permissions (rules.add_perm) for pages, the API,
templates ({% has_perm 'events.manage_event' user event as can_manage %}) and services alike,
built from the shared predicates in profiles/predicates.py.

user.has_perm("events.manage_event", event)
"""

import rules
from django.db.models import Q

from profiles.models import Membership
from profiles.predicates import is_member_of, is_member_of_any_organization, is_staff

from .models import Event, EventStatus, Registration, RegistrationStatus


@rules.predicate
def is_organizer_member(user, event: Event) -> bool:
    return event is not None and is_member_of(user, event.organizer_org_id)


@rules.predicate
def is_public_event(user, event: Event) -> bool:
    return event is not None and event.status in {EventStatus.PUBLISHED, EventStatus.CANCELLED}


@rules.predicate
def is_registrant(user, registration: Registration) -> bool:
    """Registered personally, or a member of the registered organization."""
    if not (user and user.is_authenticated) or registration is None:
        return False
    return registration.user_id == user.pk or is_member_of(user, registration)


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
rules.add_perm("events.see_meeting_url", can_manage_event | is_confirmed_participant)

rules.add_perm("events.view_event", is_public_event | can_manage_event)
rules.add_perm("events.create_event", is_staff | is_member_of_any_organization)
# Organizing an event for an organization (object: the organization; None is the support
# center itself, which only staff organize for).
rules.add_perm("events.organize_for", is_staff | is_member_of)
rules.add_perm("events.manage_event", can_manage_event)
rules.add_perm("events.review_event", is_staff)
rules.add_perm("events.invite", is_staff)
# Object: the organization registered, invited or whose calendar feed it is.
rules.add_perm("events.register_for_organization", is_staff | is_member_of)
rules.add_perm(
    "events.cancel_registration", is_staff | is_registrant | is_registrations_event_organizer
)
rules.add_perm("events.check_in", is_staff | is_registrations_event_organizer)
