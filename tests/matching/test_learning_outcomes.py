"""What the matcher learns from the outcomes people record, read from the database, and the
staff's reset."""

import pytest

from core.errors import NotAllowed
from core.models import AuditLog
from matching import selectors, services
from matching.introductions import services as introductions
from matching.learning import ACCEPTED, DECLINED, DISMISSED
from matching.models import Suggestion

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(directory, chonaikai_owner, university_member, company_member, npo_editor):
    """片平 asked the university for students (accepted); the company offered the NPO its
    volunteers and funding, and the NPO said "not our field"."""
    d = directory
    intro = introductions.introduction_request(
        requester=d["chonaikai"], recipient=d["university"], by=chonaikai_owner, message="担い手"
    )
    introductions.introduction_accept(introduction=intro, by=university_member)
    intro = introductions.introduction_request(
        requester=d["company"], recipient=d["npo"], by=company_member, message="協賛"
    )
    introductions.introduction_decline(introduction=intro, by=npo_editor, reason="not_our_field")
    return d


def test_answers_become_outcomes_with_the_tag_pairs_that_tie_the_two(answered):
    outcomes = selectors.learning_outcomes()
    assert [(o.kind, o.reason) for o in outcomes] == [(ACCEPTED, ""), (DECLINED, "not_our_field")]
    assert outcomes[0].pairs == {("successors", "student-research")}
    assert outcomes[1].pairs == {("funding", "funding"), ("volunteers", "employee-volunteers")}


def test_the_matcher_is_built_with_what_they_taught(answered):
    learned = services.build_matcher().model.learned
    assert learned.multiplier("successors", "student-research") > 1
    assert learned.multiplier("funding", "funding") < 1


def test_staff_reset_forgets_and_is_audited(answered, staff):
    assert selectors.learned_weights()
    services.learning_reset(by=staff, note="新年度")
    assert not selectors.learned_weights()
    assert not services.build_matcher().model.learned
    assert AuditLog.objects.filter(action="matching.learning_reset", actor=staff).exists()


def test_a_member_cannot_reset_what_the_matcher_learned(answered, chonaikai_owner):
    with pytest.raises(NotAllowed):
        services.learning_reset(by=chonaikai_owner)
    assert selectors.learned_weights()


def test_a_dismissal_with_a_reason_is_learned_from(directory, chonaikai_owner):
    d = directory
    services.suggestions_rebuild()
    suggestion = Suggestion.objects.get(organization=d["chonaikai"], partner=d["university"])
    services.suggestion_dismiss(suggestion=suggestion, by=chonaikai_owner, reason="not_our_field")
    [outcome] = selectors.learning_outcomes()
    assert (outcome.kind, outcome.reason) == (DISMISSED, "not_our_field")
    assert selectors.learned_weights().multiplier("successors", "student-research") < 1


def test_outcomes_after_a_reset_are_learned_from_again(answered, staff, company_member, npo_editor):
    services.learning_reset(by=staff)
    intro = introductions.introduction_request(
        requester=answered["company"], recipient=answered["npo"], by=company_member, message="再"
    )
    introductions.introduction_accept(introduction=intro, by=npo_editor)
    learned = selectors.learned_weights()
    assert learned.outcomes == 1
    assert learned.multiplier("funding", "funding") > 1
    assert learned.multiplier("successors", "student-research") == 1


def test_a_reset_rebuilds_the_stored_suggestions_without_what_was_learned(
    answered, staff, django_capture_on_commit_callbacks
):
    def score():
        return Suggestion.objects.get(
            organization=answered["chonaikai"], partner=answered["university"]
        ).score

    services.suggestions_rebuild()
    learned_score = score()
    with django_capture_on_commit_callbacks(execute=True):
        services.learning_reset(by=staff)
    assert score() < learned_score  # the accepted introduction no longer lifts this pair
