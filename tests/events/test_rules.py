"""The permission rules over every role × event state (pages and API use these same rules)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from events.services import registration_create
from tests.helpers import make_event

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "member", "other_member", "staff"]


@pytest.fixture
def people(npo_editor, company_member, staff):
    return {
        "anonymous": AnonymousUser(),
        "member": npo_editor,  # a member of the organizing NPO
        "other_member": company_member,
        "staff": staff,
    }


@pytest.mark.parametrize(
    ("status", "allowed"),
    [
        ("draft", {"member", "staff"}),
        ("pending", {"member", "staff"}),
        ("published", set(ROLES)),
        ("cancelled", set(ROLES)),
    ],
)
def test_who_may_see_an_event(people, npo, status, allowed):
    event = make_event(organizer_org=npo, status=status)
    seen = {role for role in ROLES if people[role].has_perm("events.view_event", event)}
    assert seen == allowed


@pytest.mark.parametrize(
    ("rule", "allowed"),
    [
        ("events.manage_event", {"member", "staff"}),
        ("events.review_event", {"staff"}),
        ("events.invite", {"staff"}),
    ],
)
def test_who_may_manage_review_and_invite(people, npo, rule, allowed):
    event = make_event(organizer_org=npo)
    permitted = {role for role in ROLES if people[role].has_perm(rule, event)}
    assert permitted == allowed


def test_only_staff_manage_a_support_center_event(people):
    event = make_event(organizer_org=None)
    permitted = {r for r in ROLES if people[r].has_perm("events.manage_event", event)}
    assert permitted == {"staff"}


def test_who_may_register_an_organization(people, npo):
    permitted = {r for r in ROLES if people[r].has_perm("events.register_for_organization", npo)}
    assert permitted == {"member", "staff"}


def test_who_may_cancel_and_check_in_a_registration(people, npo, company, company_member):
    event = make_event(organizer_org=npo)
    registration = registration_create(event=event, by=company_member, organization=company)
    cancel = {r for r in ROLES if people[r].has_perm("events.cancel_registration", registration)}
    check_in = {r for r in ROLES if people[r].has_perm("events.check_in", registration)}
    # The registrant's organization, the organizer and staff may cancel; only the organizer
    # and staff check people in at the door.
    assert cancel == {"other_member", "member", "staff"}
    assert check_in == {"member", "staff"}
