"""Each named rule over every role: anonymous, a member of the requesting organization, a
member of the recipient, another organization's member, a person with no organization, staff."""

import pytest

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "requester_member", "recipient_member", "other_org_member", "outsider",
         "staff"]  # fmt: skip


def allowed(personas, perm, obj):
    return {role for role in ROLES if personas[role].has_perm(perm, obj)}


def test_an_introduction_is_visible_to_both_sides_and_staff(personas, request_intro):
    assert allowed(personas, "introductions.view_introduction", request_intro) == {
        "requester_member", "recipient_member", "staff"}  # fmt: skip


def test_only_the_recipient_answers_a_request(personas, request_intro):
    assert allowed(personas, "introductions.answer_introduction", request_intro) == {
        "recipient_member"
    }


def test_both_sides_answer_a_proposal_but_staff_do_not(personas, proposal):
    assert allowed(personas, "introductions.answer_introduction", proposal) == {
        "requester_member", "recipient_member"}  # fmt: skip


def test_a_request_is_withdrawn_by_its_requester_or_staff(personas, request_intro):
    assert allowed(personas, "introductions.withdraw_introduction", request_intro) == {
        "requester_member", "staff"}  # fmt: skip


def test_a_proposal_is_withdrawn_only_by_staff(personas, proposal):
    assert allowed(personas, "introductions.withdraw_introduction", proposal) == {"staff"}


def test_only_staff_propose(personas):
    assert allowed(personas, "introductions.propose_introduction", None) == {"staff"}


def test_requesting_for_an_organization_needs_membership_or_staff(personas, chonaikai):
    assert allowed(personas, "introductions.request_introduction", chonaikai) == {
        "requester_member", "staff"}  # fmt: skip


def test_a_conversation_is_private_to_the_two_organizations(personas, conversation):
    for perm in ("introductions.view_conversation", "introductions.post_message"):
        assert allowed(personas, perm, conversation) == {"requester_member", "recipient_member"}


def test_staff_take_part_in_the_conversations_they_brokered(personas, curated_conversation):
    assert allowed(personas, "introductions.view_conversation", curated_conversation) == {
        "requester_member", "recipient_member", "staff"}  # fmt: skip
