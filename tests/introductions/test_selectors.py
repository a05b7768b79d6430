"""What other apps read: who has an accepted introduction with whom (contact details)."""

import pytest

from matching.introductions import services
from matching.introductions.selectors import organizations_with_accepted_introduction

pytestmark = pytest.mark.django_db


def test_an_accepted_introduction_links_both_organizations(accepted_intro, chonaikai, npo, company):
    assert organizations_with_accepted_introduction(chonaikai) == {npo.pk}
    assert organizations_with_accepted_introduction(npo) == {chonaikai.pk}
    assert organizations_with_accepted_introduction([chonaikai.pk, company.pk]) == {npo.pk}


def test_an_open_request_reveals_nothing(request_intro, chonaikai, npo):
    assert organizations_with_accepted_introduction(chonaikai) == set()
    assert organizations_with_accepted_introduction(npo) == set()


def test_a_declined_request_reveals_nothing(request_intro, npo_editor, chonaikai, npo):
    services.introduction_decline(introduction=request_intro, by=npo_editor, reason="too_far")
    assert organizations_with_accepted_introduction(chonaikai) == set()


def test_an_organization_is_not_introduced_to_a_third_party(accepted_intro, chonaikai, company):
    assert company.pk not in organizations_with_accepted_introduction(chonaikai)
    assert organizations_with_accepted_introduction(company) == set()


def test_outcomes_carry_decline_reasons_for_the_matchers_evaluation(
    chonaikai, npo, chonaikai_owner, npo_editor
):
    from django.utils import timezone

    from matching.introductions.selectors import introduction_outcomes
    from matching.models import Suggestion

    suggestion = Suggestion.objects.create(
        organization=chonaikai, partner=npo, rank=1, score=1000, computed_at=timezone.now()
    )
    intro = services.introduction_request(
        requester=chonaikai,
        recipient=npo,
        by=chonaikai_owner,
        message="x",
        suggestion_id=suggestion.pk,
    )
    services.introduction_decline(introduction=intro, by=npo_editor, reason="not_our_field")
    [row] = introduction_outcomes()
    assert row["suggestion_id"] == suggestion.pk
    assert row["decline_reason"] == "not_our_field"


def test_outcomes_leave_out_open_introductions(request_intro):
    from matching.introductions.selectors import introduction_outcomes

    assert list(introduction_outcomes()) == []


def test_the_conversation_list_costs_the_same_queries_for_many_conversations(
    chonaikai, chonaikai_owner, django_assert_max_num_queries
):
    from matching.introductions.selectors import conversation_list
    from tests.factories import MembershipFactory, OrganizationFactory

    for _ in range(6):
        other = OrganizationFactory()
        member = MembershipFactory(organization=other).user
        intro = services.introduction_request(
            requester=other, recipient=chonaikai, by=member, message="x"
        )
        services.introduction_accept(introduction=intro, by=chonaikai_owner)
    chonaikai_owner._introductions_org_ids = None
    with django_assert_max_num_queries(2):
        rows = list(conversation_list(viewer=chonaikai_owner))
        names = [c.introduction.requester.name for c in rows]
    assert len(names) == 6


def test_the_accepted_partners_of_several_organizations_are_found_at_once(
    accepted_intro, chonaikai, npo, company
):
    assert organizations_with_accepted_introduction({chonaikai.pk, company.pk}) == {npo.pk}
    assert organizations_with_accepted_introduction([chonaikai, npo]) == {npo.pk, chonaikai.pk}
    assert organizations_with_accepted_introduction(set()) == set()
    from profiles.models import Organization

    others = Organization.objects.exclude(pk=npo.pk)
    assert organizations_with_accepted_introduction(others) == {npo.pk}


def test_the_introduction_state_with_others_marks_open_and_accepted_ones(
    request_intro, npo_editor, chonaikai, npo, company
):
    from matching.introductions.selectors import introduction_state_with

    assert introduction_state_with([chonaikai]) == {npo.pk: "open"}
    assert introduction_state_with([npo.pk]) == {chonaikai.pk: "open"}
    services.introduction_accept(introduction=request_intro, by=npo_editor)
    assert introduction_state_with([chonaikai, company]) == {npo.pk: "accepted"}
    assert introduction_state_with([]) == {}


def test_a_declined_introduction_leaves_no_state(request_intro, npo_editor, chonaikai):
    from matching.introductions.selectors import introduction_state_with

    services.introduction_decline(introduction=request_intro, by=npo_editor, reason="other")
    assert introduction_state_with([chonaikai]) == {}
