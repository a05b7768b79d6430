"""`evaluate_matching --live`: how real introductions asked for from suggestions ended, with the
structured decline reasons, beside the "not interested" reasons."""

import datetime as dt
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from matching.evaluation import live_report
from matching.introductions import services as introductions
from matching.models import Suggestion
from matching.services import suggestion_dismiss, suggestions_rebuild


def ask(suggestion, by, *, from_suggestion=True):
    return introductions.introduction_request(
        requester=suggestion.organization,
        recipient=suggestion.partner,
        by=by,
        message="ご一緒しませんか",
        suggestion_id=suggestion.pk if from_suggestion else None,
    )


@pytest.fixture
def history(directory, chonaikai_owner, npo_editor, company_member, university_member):
    """From suggestions: one accepted, one declined for lack of capacity, one expired. One
    declined request made from a profile; one "not interested" (too far)."""
    suggestions_rebuild()
    chonaikai, npo, company = directory["chonaikai"], directory["npo"], directory["company"]
    university = directory["university"]

    def top(organization, partner):
        return Suggestion.objects.get(organization=organization, partner=partner)

    accepted = ask(top(chonaikai, university), chonaikai_owner)
    introductions.introduction_accept(introduction=accepted, by=university_member)

    declined = ask(top(npo, company), npo_editor)
    introductions.introduction_decline(
        introduction=declined, by=company_member, reason="no_capacity"
    )

    ask(top(university, npo), university_member)
    introductions.introductions_remind_and_expire(now=timezone.now() + dt.timedelta(days=31))

    by_profile = ask(top(npo, university), npo_editor, from_suggestion=False)
    introductions.introduction_decline(
        introduction=by_profile, by=university_member, reason="other"
    )

    suggestion_dismiss(suggestion=top(company, npo), by=company_member, reason="too_far")
    return directory


@pytest.fixture
def live(history, capsys):
    capsys.readouterr()
    call_command("evaluate_matching", "--live", "--json")
    return json.loads(capsys.readouterr().out)


def test_live_mode_counts_how_suggested_introductions_ended(live):
    ended = live["from_suggestions"]
    assert (ended["accepted"], ended["declined"], ended["expired"]) == (1, 1, 1)


def test_live_mode_breaks_declines_down_by_structured_reason(live):
    assert live["from_suggestions"]["decline_reasons"] == {"no_capacity": 1}


def test_live_mode_keeps_requests_made_elsewhere_apart(live):
    assert live["other_requests"]["declined"] == 1
    assert live["other_requests"]["decline_reasons"] == {"other": 1}


def test_live_mode_reports_the_not_interested_reasons(live):
    assert live["not_interested"]["too_far"] == 1
    assert live["not_interested"]["no_capacity"] == 0


def test_live_mode_gives_the_acceptance_rate_of_answered_suggestions(live):
    assert live["from_suggestions"]["acceptance_rate"] == pytest.approx(1 / 3)


def test_live_mode_prints_a_readable_table(history, capsys):
    capsys.readouterr()
    call_command("evaluate_matching", "--live")
    out = capsys.readouterr().out
    assert "from suggestions" in out
    assert "no_capacity=1" in out
    assert "too_far=1" in out


def test_live_mode_since_leaves_out_older_answers(history, capsys):
    from matching.introductions.models import Introduction

    Introduction.objects.filter(status="accepted").update(
        answered_at=timezone.now() - dt.timedelta(days=10)
    )
    capsys.readouterr()
    call_command("evaluate_matching", "--live", "--since", "7", "--json")
    report = json.loads(capsys.readouterr().out)
    assert report["from_suggestions"]["accepted"] == 0
    assert report["from_suggestions"]["declined"] == 1


def test_live_mode_with_no_introductions_reports_no_rate_rather_than_failing(db, capsys):
    call_command("evaluate_matching", "--live", "--json")
    report = json.loads(capsys.readouterr().out)
    assert report["from_suggestions"]["answered"] == 0
    assert report["from_suggestions"]["acceptance_rate"] is None


def test_without_a_truth_file_or_live_the_command_says_what_it_needs(db):
    with pytest.raises(CommandError, match="TRUTH.json"):
        call_command("evaluate_matching")


def test_withdrawn_requests_are_left_out_of_the_acceptance_rate():
    rows = [
        {"status": "accepted", "decline_reason": "", "suggestion_id": 1, "proposed_by_id": None},
        {"status": "withdrawn", "decline_reason": "", "suggestion_id": 2, "proposed_by_id": None},
    ]
    report = live_report(rows, dismissals={})
    assert report["from_suggestions"]["acceptance_rate"] == 1.0
    assert report["from_suggestions"]["withdrawn"] == 1
