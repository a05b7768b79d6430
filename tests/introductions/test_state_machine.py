"""Every allowed and forbidden transition of an introduction, enforced by the services."""

import pytest

from core.errors import ApplicationError
from matching.introductions import services
from matching.introductions.models import Introduction, Status

pytestmark = pytest.mark.django_db


def reload(intro):
    return Introduction.objects.get(pk=intro.pk)


# --- requested ------------------------------------------------------------------------------


def test_a_request_starts_waiting_for_the_recipient(request_intro):
    assert request_intro.status == Status.REQUESTED
    assert not hasattr(request_intro, "conversation") or request_intro.conversation is None


def test_the_recipient_accepting_a_request_makes_it_accepted(request_intro, npo_editor):
    intro = services.introduction_accept(introduction=request_intro, by=npo_editor)
    assert intro.status == Status.ACCEPTED
    assert intro.answered_at is not None


def test_the_requester_cannot_accept_their_own_request(request_intro, chonaikai_owner):
    with pytest.raises(ApplicationError):
        services.introduction_accept(introduction=request_intro, by=chonaikai_owner)
    assert reload(request_intro).status == Status.REQUESTED


def test_the_recipient_declining_keeps_the_structured_reason(request_intro, npo_editor, npo):
    intro = services.introduction_decline(
        introduction=request_intro, by=npo_editor, reason="no_capacity", note="来年なら"
    )
    assert intro.status == Status.DECLINED
    assert intro.decline_reason == "no_capacity"
    assert intro.declined_by_id == npo.pk


def test_a_decline_without_a_known_reason_changes_nothing(request_intro, npo_editor):
    with pytest.raises(ApplicationError):
        services.introduction_decline(introduction=request_intro, by=npo_editor, reason="bored")
    assert reload(request_intro).status == Status.REQUESTED


def test_the_requester_cannot_decline_their_own_request(request_intro, chonaikai_owner):
    with pytest.raises(ApplicationError):
        services.introduction_decline(
            introduction=request_intro, by=chonaikai_owner, reason="other"
        )
    assert reload(request_intro).status == Status.REQUESTED


def test_the_requester_can_withdraw_an_open_request(request_intro, chonaikai_owner):
    intro = services.introduction_withdraw(introduction=request_intro, by=chonaikai_owner)
    assert intro.status == Status.WITHDRAWN


def test_the_recipient_cannot_withdraw_a_request(request_intro, npo_editor):
    with pytest.raises(ApplicationError):
        services.introduction_withdraw(introduction=request_intro, by=npo_editor)
    assert reload(request_intro).status == Status.REQUESTED


def test_an_accepted_introduction_cannot_be_answered_again(accepted_intro, npo_editor):
    with pytest.raises(ApplicationError, match="この紹介はすでに成立しています"):
        services.introduction_accept(introduction=accepted_intro, by=npo_editor)


def test_an_accepted_introduction_cannot_be_declined_afterwards(accepted_intro, npo_editor):
    with pytest.raises(ApplicationError):
        services.introduction_decline(introduction=accepted_intro, by=npo_editor, reason="other")
    assert reload(accepted_intro).status == Status.ACCEPTED


def test_an_accepted_introduction_cannot_be_withdrawn(accepted_intro, chonaikai_owner):
    with pytest.raises(ApplicationError):
        services.introduction_withdraw(introduction=accepted_intro, by=chonaikai_owner)
    assert reload(accepted_intro).status == Status.ACCEPTED


def test_a_declined_request_cannot_be_accepted_afterwards(request_intro, npo_editor):
    services.introduction_decline(introduction=request_intro, by=npo_editor, reason="too_far")
    with pytest.raises(ApplicationError, match="この紹介は見送られています"):
        services.introduction_accept(introduction=request_intro, by=npo_editor)
    assert reload(request_intro).status == Status.DECLINED


def test_a_withdrawn_request_cannot_be_accepted(request_intro, chonaikai_owner, npo_editor):
    services.introduction_withdraw(introduction=request_intro, by=chonaikai_owner)
    with pytest.raises(ApplicationError):
        services.introduction_accept(introduction=request_intro, by=npo_editor)
    assert reload(request_intro).status == Status.WITHDRAWN


def test_an_expired_request_cannot_be_accepted(request_intro, npo_editor):
    Introduction.objects.filter(pk=request_intro.pk).update(status=Status.EXPIRED)
    with pytest.raises(ApplicationError):
        services.introduction_accept(introduction=request_intro, by=npo_editor)


# --- proposed (curated by staff) -----------------------------------------------------------


def test_a_staff_proposal_needs_both_sides_to_accept(proposal, chonaikai_owner, npo_editor):
    half = services.introduction_accept(introduction=proposal, by=chonaikai_owner)
    assert half.status == Status.PROPOSED
    assert half.requester_accepted_at is not None
    both = services.introduction_accept(introduction=proposal, by=npo_editor)
    assert both.status == Status.ACCEPTED


def test_one_side_cannot_accept_a_proposal_twice(proposal, chonaikai_owner):
    services.introduction_accept(introduction=proposal, by=chonaikai_owner)
    with pytest.raises(ApplicationError, match="すでに承諾しています"):
        services.introduction_accept(introduction=proposal, by=chonaikai_owner)
    assert reload(proposal).status == Status.PROPOSED


def test_either_side_declining_a_proposal_ends_it(proposal, chonaikai_owner, npo_editor):
    services.introduction_accept(introduction=proposal, by=chonaikai_owner)
    intro = services.introduction_decline(
        introduction=proposal, by=npo_editor, reason="not_our_field"
    )
    assert intro.status == Status.DECLINED


def test_no_answer_after_a_proposal_was_declined(proposal, chonaikai_owner, npo_editor):
    services.introduction_decline(introduction=proposal, by=npo_editor, reason="other")
    with pytest.raises(ApplicationError, match="この紹介は見送られています"):
        services.introduction_accept(introduction=proposal, by=chonaikai_owner)
    assert reload(proposal).requester_accepted_at is None


def test_a_side_that_accepted_cannot_then_decline(proposal, chonaikai_owner):
    services.introduction_accept(introduction=proposal, by=chonaikai_owner)
    with pytest.raises(ApplicationError):
        services.introduction_decline(introduction=proposal, by=chonaikai_owner, reason="other")
    assert reload(proposal).status == Status.PROPOSED


def test_staff_can_withdraw_their_proposal(proposal, staff):
    assert services.introduction_withdraw(introduction=proposal, by=staff).status == "withdrawn"


def test_a_member_cannot_withdraw_a_staff_proposal(proposal, chonaikai_owner):
    with pytest.raises(ApplicationError):
        services.introduction_withdraw(introduction=proposal, by=chonaikai_owner)
    assert reload(proposal).status == Status.PROPOSED


def test_a_staff_proposal_is_written_to_the_audit_log(proposal, staff):
    from core.models import AuditLog

    entry = AuditLog.objects.get(action="introduction.propose")
    assert entry.actor == staff
    assert entry.target_id == str(proposal.pk)


def test_a_proposal_needs_a_note(chonaikai, npo, staff):
    with pytest.raises(ApplicationError):
        services.introduction_propose(
            organization_a=chonaikai, organization_b=npo, by=staff, note=" "
        )
    assert not Introduction.objects.exists()


def test_only_staff_can_propose(chonaikai, npo, company_member):
    with pytest.raises(ApplicationError):
        services.introduction_propose(
            organization_a=chonaikai, organization_b=npo, by=company_member, note="ぜひ"
        )
    assert not Introduction.objects.exists()


# --- creating requests ----------------------------------------------------------------------


def test_a_second_open_request_between_the_same_pair_is_refused(
    request_intro, chonaikai, npo, npo_editor
):
    with pytest.raises(ApplicationError, match="この団体との紹介はすでに進行中です"):
        services.introduction_request(
            requester=npo, recipient=chonaikai, by=npo_editor, message="こちらからも"
        )
    assert Introduction.objects.count() == 1


def test_a_request_to_an_organization_already_introduced_is_refused(
    accepted_intro, chonaikai, npo, chonaikai_owner
):
    with pytest.raises(ApplicationError, match="すでに紹介が成立しています"):
        services.introduction_request(
            requester=chonaikai, recipient=npo, by=chonaikai_owner, message="もう一度"
        )


def test_an_organization_cannot_request_itself(chonaikai, chonaikai_owner):
    with pytest.raises(ApplicationError):
        services.introduction_request(
            requester=chonaikai, recipient=chonaikai, by=chonaikai_owner, message="?"
        )


def test_only_a_member_can_request_for_an_organization(chonaikai, npo, company_member):
    with pytest.raises(ApplicationError):
        services.introduction_request(
            requester=chonaikai, recipient=npo, by=company_member, message="なりすまし"
        )
    assert not Introduction.objects.exists()


def test_an_unpublished_organization_cannot_be_asked(chonaikai, npo, chonaikai_owner):
    npo.status = "pending"
    npo.save()
    with pytest.raises(ApplicationError, match="この団体は公開されていません"):
        services.introduction_request(
            requester=chonaikai, recipient=npo, by=chonaikai_owner, message="?"
        )


def test_an_overlong_message_is_refused(chonaikai, npo, chonaikai_owner):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.introduction_request(
            requester=chonaikai, recipient=npo, by=chonaikai_owner, message="長" * 2001
        )
    assert not Introduction.objects.exists()
