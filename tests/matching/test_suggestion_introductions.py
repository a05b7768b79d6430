"""From a suggestion to an introduction: the request button, what replaces it once an
introduction is under way, and the suggestion id kept for the matcher's evaluation."""

import json

import pytest
from django.core.management import call_command

from matching.introductions import services as introductions
from matching.introductions.models import Introduction
from matching.models import Suggestion
from matching.selectors import introductions_requested_from_suggestions
from matching.services import suggestions_rebuild


@pytest.fixture
def built(directory):
    suggestions_rebuild()
    return directory


@pytest.fixture
def top(built):
    return Suggestion.objects.select_related("partner").get(organization=built["chonaikai"], rank=1)


def request_link(suggestion):
    return f"/introductions/request/?to={suggestion.partner_id}&amp;suggestion={suggestion.pk}"


def test_requesting_from_a_suggestion_stores_the_suggestion_on_the_introduction(
    client, built, top, chonaikai_owner
):
    client.force_login(chonaikai_owner)
    response = client.post(
        f"/introductions/request/?to={top.partner_id}&suggestion={top.pk}",
        {
            "to": top.partner_id,
            "requester": built["chonaikai"].pk,
            "message": "夏祭りを一緒に盛り上げませんか",
            "suggestion": top.pk,
        },
    )
    assert response.status_code == 302
    assert Introduction.objects.get().suggestion_id == top.pk


def test_the_request_form_opened_from_a_suggestion_carries_its_id(client, top, chonaikai_owner):
    client.force_login(chonaikai_owner)
    html = client.get(
        f"/introductions/request/?to={top.partner_id}&suggestion={top.pk}"
    ).content.decode()
    assert f'name="suggestion" value="{top.pk}"' in html


def test_a_suggestion_id_of_another_pair_is_not_kept(built, top, npo, chonaikai_owner):
    other = Suggestion.objects.filter(organization=built["npo"]).first()
    assert other is not None
    intro = introductions.introduction_request(
        requester=built["chonaikai"],
        recipient=top.partner,
        by=chonaikai_owner,
        message="x",
        suggestion_id=other.pk,
    )
    assert intro.suggestion_id is None


def test_an_open_request_replaces_the_button_with_a_link_to_it(client, built, top, chonaikai_owner):
    intro = introductions.introduction_request(
        requester=built["chonaikai"], recipient=top.partner, by=chonaikai_owner, message="x"
    )
    client.force_login(chonaikai_owner)
    page = client.get("/suggestions/").content.decode()
    assert request_link(top) not in page
    assert "紹介の手続き中です" in page
    assert f"/introductions/{intro.pk}/" in page


def test_a_request_from_the_partner_also_hides_the_button(client, built, top, chonaikai_owner):
    from tests.factories import MembershipFactory

    partner_member = MembershipFactory(organization=top.partner, role="owner").user
    introductions.introduction_request(
        requester=top.partner, recipient=built["chonaikai"], by=partner_member, message="x"
    )
    client.force_login(chonaikai_owner)
    assert request_link(top) not in client.get("/suggestions/").content.decode()


def test_an_accepted_introduction_shows_it_is_made(client, built, top, chonaikai_owner):
    from tests.factories import MembershipFactory

    partner_member = MembershipFactory(organization=top.partner, role="owner").user
    intro = introductions.introduction_request(
        requester=built["chonaikai"], recipient=top.partner, by=chonaikai_owner, message="x"
    )
    introductions.introduction_accept(introduction=intro, by=partner_member)
    client.force_login(chonaikai_owner)
    page = client.get("/suggestions/").content.decode()
    assert "紹介が成立しています" in page
    assert request_link(top) not in page


def test_a_declined_introduction_lets_them_ask_again(client, built, top, chonaikai_owner):
    from tests.factories import MembershipFactory

    partner_member = MembershipFactory(organization=top.partner, role="owner").user
    intro = introductions.introduction_request(
        requester=built["chonaikai"], recipient=top.partner, by=chonaikai_owner, message="x"
    )
    introductions.introduction_decline(introduction=intro, by=partner_member, reason="too_far")
    client.force_login(chonaikai_owner)
    assert request_link(top) in client.get("/suggestions/").content.decode()


def test_requests_from_suggestions_are_counted_as_feedback(built, top, chonaikai_owner):
    introductions.introduction_request(
        requester=built["chonaikai"],
        recipient=top.partner,
        by=chonaikai_owner,
        message="x",
        suggestion_id=top.pk,
    )
    assert introductions_requested_from_suggestions() == 1


def test_requests_made_elsewhere_are_not_counted_as_suggestion_feedback(
    built, top, chonaikai_owner
):
    introductions.introduction_request(
        requester=built["chonaikai"], recipient=top.partner, by=chonaikai_owner, message="x"
    )
    assert introductions_requested_from_suggestions() == 0


def test_the_evaluation_reports_requests_beside_not_interested_counts(
    built, top, chonaikai_owner, capsys, tmp_path
):
    introductions.introduction_request(
        requester=built["chonaikai"],
        recipient=top.partner,
        by=chonaikai_owner,
        message="x",
        suggestion_id=top.pk,
    )
    truth = tmp_path / "truth.json"
    truth.write_text(json.dumps({"probes": []}))
    call_command("evaluate_matching", str(truth), "--json")
    feedback = json.loads(capsys.readouterr().out)["feedback"]
    assert feedback["introductions_requested"] == 1
    assert feedback["not_interested"]["not_our_field"] == 0


def test_the_staff_propose_link_opens_the_form_with_both_organizations_filled(
    client, built, top, staff
):
    client.force_login(staff)
    html = client.get(
        f"/introductions/propose/?organization_a={built['chonaikai'].pk}"
        f"&organization_b={top.partner_id}"
    ).content.decode()
    assert f'value="{built["chonaikai"].pk}"' in html
    assert f'value="{top.partner_id}"' in html
