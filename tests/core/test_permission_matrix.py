"""The role × action matrix, generated from the permission registry: every permission an app
registers (rules.add_perm) must have a row here, so a new rule
cannot go untested.

Roles: anonymous; outsider (signed in, no organization); member (片平一丁目町内会's owner, the
organization the object belongs to); other_member (株式会社's member, no tie to the object);
staff (the support center). Each row names the object and who may act on it."""

import datetime as dt

import pytest
import rules
from django.contrib.auth.models import AnonymousUser

from events.models import EventStatus, Registration, RegistrationStatus
from matching.introductions import services as introductions
from tests.factories import ListingFactory
from tests.helpers import make_event

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "outsider", "member", "other_member", "staff")
APP_PREFIXES = ("profiles.", "events.", "matching.", "introductions.", "console.")


def _accepted(world):
    intro = introductions.introduction_request(
        requester=world["chonaikai"], recipient=world["npo"], by=world["member"], message="防災"
    )
    return introductions.introduction_accept(introduction=intro, by=world["npo_editor"])


def _request(world):
    return introductions.introduction_request(
        requester=world["chonaikai"], recipient=world["npo"], by=world["member"], message="防災"
    )


def _collaboration(world):
    _accepted(world)
    return introductions.collaboration_record(
        by=world["member"],
        organization=world["chonaikai"],
        partner=world["npo"],
        title="防災訓練",
        own_brings="会場",
        partner_brings="講師",
        started_on=dt.date(2026, 4, 1),
    )


def _registration(world) -> Registration:
    event = make_event(organizer_org=None)
    return Registration.objects.create(
        event=event, organization=world["chonaikai"], user=world["member"], attendees=2
    )


def _confirmed_seat(world):
    """A support-center event where 片平一丁目町内会 holds a confirmed seat."""
    event = make_event(organizer_org=None)
    Registration.objects.create(
        event=event,
        organization=world["chonaikai"],
        user=world["member"],
        attendees=1,
        status=RegistrationStatus.CONFIRMED,
    )
    return event


def _saved_search(user):
    from matching.services import saved_search_create

    return saved_search_create(user=user, scope="organizations", params={"q": "防災"})


def _draft(org):
    org.status = "draft"
    org.save()
    return org


def _proxy(org):
    org.managed_by_staff = True
    org.save()
    return org


# permission -> [(state, object builder, roles allowed)]
MATRIX = {
    "profiles.view_organization": [
        ("published", lambda w: w["chonaikai"], set(ROLES)),
        ("draft", lambda w: _draft(w["chonaikai"]), {"member", "staff"}),
    ],
    "profiles.change_organization": [("any", lambda w: w["chonaikai"], {"member", "staff"})],
    "profiles.manage_members": [("any", lambda w: w["chonaikai"], {"member", "staff"})],
    "profiles.view_contact": [
        ("not introduced", lambda w: w["chonaikai"], {"member", "staff"}),
        ("introduced", lambda w: (_accepted(w), w["npo"])[1], {"member", "staff"}),
    ],
    "profiles.moderate": [("any", lambda w: None, {"staff"})],
    "profiles.view_listing": [
        ("public", lambda w: ListingFactory(organization=w["chonaikai"]), set(ROLES)),
        (
            "pending",
            lambda w: ListingFactory(organization=w["chonaikai"], moderation="pending"),
            {"member", "staff"},
        ),
    ],
    "profiles.change_listing": [
        ("any", lambda w: ListingFactory(organization=w["chonaikai"]), {"member", "staff"})
    ],
    # Acting for an organization: its members; staff only for a profile they keep (代理).
    "profiles.act_for": [
        ("own", lambda w: w["chonaikai"], {"member"}),
        ("kept by the support center", lambda w: _proxy(w["chonaikai"]), {"member", "staff"}),
    ],
    "profiles.import_directory": [("any", lambda w: None, {"staff"})],
    "profiles.suspend_organization": [("published", lambda w: w["chonaikai"], {"staff"})],
    "events.view_event": [
        ("published", lambda w: make_event(organizer_org=w["chonaikai"]), set(ROLES)),
        (
            "draft",
            lambda w: make_event(organizer_org=w["chonaikai"], status=EventStatus.DRAFT),
            {"member", "staff"},
        ),
    ],
    "events.create_event": [("any", lambda w: None, {"member", "other_member", "staff"})],
    # Organizing for an organization; None is the support center itself (staff only).
    "events.organize_for": [
        ("an organization", lambda w: w["chonaikai"], {"member", "staff"}),
        ("the support center", lambda w: None, {"staff"}),
    ],
    "events.manage_event": [
        ("own", lambda w: make_event(organizer_org=w["chonaikai"]), {"member", "staff"}),
        ("support center's", lambda w: make_event(organizer_org=None), {"staff"}),
    ],
    # The online meeting URL: organizers, confirmed participants and staff; never the public.
    "events.see_meeting_url": [
        ("own", lambda w: make_event(organizer_org=w["chonaikai"]), {"member", "staff"}),
        ("confirmed seat", _confirmed_seat, {"member", "staff"}),
        ("support center's, no seat", lambda w: make_event(organizer_org=None), {"staff"}),
    ],
    "events.review_event": [("any", lambda w: make_event(), {"staff"})],
    "events.invite": [("any", lambda w: make_event(), {"staff"})],
    "events.register_for_organization": [("any", lambda w: w["chonaikai"], {"member", "staff"})],
    "events.cancel_registration": [("own", _registration, {"member", "staff"})],
    "events.check_in": [("support center's event", _registration, {"staff"})],
    "introductions.view_introduction": [("request", _request, {"member", "staff"})],
    "introductions.answer_introduction": [("request, by the requester side", _request, set())],
    "introductions.withdraw_introduction": [("request", _request, {"member", "staff"})],
    "introductions.propose_introduction": [("any", lambda w: None, {"staff"})],
    "introductions.request_introduction": [
        ("for own organization", lambda w: w["chonaikai"], {"member", "staff"})
    ],
    # Conversations are private to the two organizations; staff join only curated ones.
    "introductions.view_conversation": [
        ("requested", lambda w: _accepted(w).conversation, {"member"})
    ],
    "introductions.post_message": [("requested", lambda w: _accepted(w).conversation, {"member"})],
    "introductions.view_collaboration": [("not shown", _collaboration, {"member", "staff"})],
    "introductions.change_collaboration": [("any", _collaboration, {"member", "staff"})],
    "introductions.show_collaboration": [("any", lambda w: w["chonaikai"], {"member", "staff"})],
    # The CSR / 四方よし report: the organization's own members and staff, nobody else.
    "introductions.view_csr_report": [("any", lambda w: w["chonaikai"], {"member", "staff"})],
    # Consenting to be quoted is the organization's own word: not even staff give it.
    "introductions.consent_quote": [("any", lambda w: w["chonaikai"], {"member"})],
    "matching.view_suggestions": [("any", lambda w: w["chonaikai"], {"member", "staff"})],
    "matching.dismiss_suggestion": [("any", lambda w: w["chonaikai"], {"member", "staff"})],
    # A saved search is its owner's alone: not staff, not the owner's organization.
    "matching.manage_saved_search": [
        ("a member's", lambda w: _saved_search(w["member"]), {"member"}),
        ("an outsider's", lambda w: _saved_search(w["outsider"]), {"outsider"}),
        ("staff's", lambda w: _saved_search(w["staff"]), {"staff"}),
    ],
    "matching.reset_learning": [("any", lambda w: None, {"staff"})],
    "console.access": [("any", lambda w: None, {"staff"})],
}


def _registered() -> set[str]:
    return {name for name in rules.permissions.permissions if name.startswith(APP_PREFIXES)}


def test_every_registered_permission_has_a_row_in_the_matrix():
    assert _registered() == set(MATRIX)


def test_no_app_keeps_rules_outside_the_permission_registry():
    """One registry: a rule added with rules.add_rule would be asked with test_rule, beside
    user.has_perm, and could drift from the permission of the same meaning."""
    assert not {name for name in rules.rulesets.default_rules if name.startswith(APP_PREFIXES)}


CASES = [
    (perm, state, build, allowed) for perm, rows in MATRIX.items() for state, build, allowed in rows
]


@pytest.fixture
def world(chonaikai, chonaikai_owner, npo, npo_editor, company_member, outsider, staff):
    return {
        "chonaikai": chonaikai,
        "npo": npo,
        "npo_editor": npo_editor,
        "anonymous": AnonymousUser(),
        "outsider": outsider,
        "member": chonaikai_owner,
        "other_member": company_member,
        "staff": staff,
    }


@pytest.mark.parametrize(
    ("perm", "state", "build", "allowed"),
    CASES,
    ids=[f"{perm}[{state}]" for perm, state, _b, _a in CASES],
)
def test_who_may(world, perm, state, build, allowed):
    obj = build(world)
    permitted = {role for role in ROLES if world[role].has_perm(perm, obj)}
    assert permitted == allowed, (perm, state)
