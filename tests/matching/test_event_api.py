"""The event-suggestion API over each role: anonymous, member, another organization's member,
staff; reasons in Japanese and English."""

import pytest

from tests.helpers import client_for, publish_event


@pytest.fixture
def event(directory, staff):
    return publish_event(staff, "successors", "funding", title="地域の担い手交流会")


def org_url(org):
    return f"/api/v1/organizations/{org.pk}/event-suggestions/"


def event_url(event):
    return f"/api/v1/events/{event.pk}/invitation-suggestions/"


def test_a_member_gets_upcoming_events_worth_attending_with_reasons(
    event, directory, chonaikai_owner
):
    data = client_for(chonaikai_owner).get(org_url(directory["chonaikai"])).json()
    [item] = data["results"]
    assert item["event"]["title"] == "地域の担い手交流会"
    assert item["event"]["url"] == f"/events/{event.pk}/"
    assert item["event"]["seats_left"] == 30
    assert item["reasons"][0] == {
        "type": "event_need",
        "text": "貴団体の募集『夏祭りの担い手募集』に関わるテーマの催しです"
        "（どちらも『担い手・後継者』、共通の言葉「担い手」）",
    }


def test_event_reasons_come_in_english_when_asked(event, directory, chonaikai_owner):
    data = client_for(chonaikai_owner).get(org_url(directory["chonaikai"]) + "?lang=en").json()
    assert data["results"][0]["reasons"][0]["text"] == (
        "Its theme meets your need “夏祭りの担い手募集” "
        "(both “Leaders and successors”; shared words: 担い手)."
    )


def test_staff_read_any_organizations_event_suggestions(event, directory, staff):
    response = client_for(staff).get(org_url(directory["chonaikai"]))
    assert response.status_code == 200
    assert len(response.json()["results"]) == 1


def test_another_organizations_member_gets_404_for_event_suggestions(event, directory, npo_editor):
    assert client_for(npo_editor).get(org_url(directory["chonaikai"])).status_code == 404


def test_anonymous_visitors_cannot_read_event_suggestions(event, directory):
    assert client_for().get(org_url(directory["chonaikai"])).status_code in {401, 403}


def test_staff_get_organizations_worth_inviting_with_reasons(event, staff):
    data = client_for(staff).get(event_url(event)).json()
    names = [item["organization"]["name"] for item in data["results"]]
    # The 町内会 in the venue's ward, looking for successors, comes first.
    assert names[0] == "片平一丁目町内会"
    assert set(names) == {"NPO法人 杜の子ども食堂", "株式会社 杜の都電機", "片平一丁目町内会"}
    assert data["results"][0]["reasons"][0]["text"] == (
        "片平一丁目町内会の募集『夏祭りの担い手募集』が催しのテーマに合っています"
        "（どちらも『担い手・後継者』、共通の言葉「担い手」）"
    )


def test_invitation_reasons_come_in_english_when_asked(event, staff):
    data = client_for(staff).get(event_url(event) + "?lang=en").json()
    assert data["results"][0]["reasons"][0]["text"] == (
        "片平一丁目町内会's need “夏祭りの担い手募集” meets the event's theme "
        "(both “Leaders and successors”; shared words: 担い手)."
    )


def test_members_get_404_for_invitation_suggestions(event, chonaikai_owner):
    assert client_for(chonaikai_owner).get(event_url(event)).status_code == 404


def test_anonymous_visitors_cannot_read_invitation_suggestions(event):
    assert client_for().get(event_url(event)).status_code in {401, 403}


def test_invitation_suggestions_for_a_missing_event_are_404(staff, db):
    assert client_for(staff).get("/api/v1/events/999999/invitation-suggestions/").status_code == 404
