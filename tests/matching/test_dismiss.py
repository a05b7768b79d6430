"""Not interested: hidden for good, with the reason counted."""

import pytest

from core.errors import ApplicationError
from core.models import AuditLog
from matching.models import Dismissal, Suggestion
from matching.selectors import dismissal_counts
from matching.services import suggestion_dismiss, suggestions_rebuild


@pytest.fixture
def suggestion(directory):
    suggestions_rebuild()
    return Suggestion.objects.get(
        organization=directory["chonaikai"], partner=directory["university"]
    )


def test_dismissing_hides_the_pair_in_both_directions(suggestion, chonaikai_owner):
    suggestion_dismiss(suggestion=suggestion, by=chonaikai_owner, reason="too_far")
    assert not Suggestion.objects.filter(
        organization=suggestion.organization, partner=suggestion.partner
    ).exists()
    assert not Suggestion.objects.filter(
        organization=suggestion.partner, partner=suggestion.organization
    ).exists()


def test_a_dismissed_suggestion_does_not_come_back_on_the_nightly_rebuild(
    suggestion, chonaikai_owner
):
    suggestion_dismiss(suggestion=suggestion, by=chonaikai_owner)
    suggestions_rebuild()
    assert not Suggestion.objects.filter(
        organization=suggestion.organization, partner=suggestion.partner
    ).exists()


def test_the_reasons_given_are_counted(suggestion, chonaikai_owner):
    suggestion_dismiss(suggestion=suggestion, by=chonaikai_owner, reason="no_capacity")
    counts = dismissal_counts()
    assert counts["no_capacity"] == 1
    assert counts["too_far"] == 0


def test_an_unknown_reason_is_refused_and_changes_nothing(suggestion, chonaikai_owner):
    with pytest.raises(ApplicationError, match="理由は一覧から選んでください"):
        suggestion_dismiss(suggestion=suggestion, by=chonaikai_owner, reason="boring")
    assert Suggestion.objects.filter(pk=suggestion.pk).exists()
    assert not Dismissal.objects.exists()


def test_a_staff_dismissal_is_audit_logged(suggestion, staff):
    suggestion_dismiss(suggestion=suggestion, by=staff, reason="other")
    assert AuditLog.objects.filter(action="suggestion.dismiss", actor=staff).exists()


def test_a_members_dismissal_is_not_audit_logged(suggestion, chonaikai_owner):
    suggestion_dismiss(suggestion=suggestion, by=chonaikai_owner, reason="other")
    assert not AuditLog.objects.exists()
