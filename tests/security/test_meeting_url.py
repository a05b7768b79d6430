"""An online event's meeting URL reaches the people taking part, and nobody else."""

import pytest

from events import services
from tests.helpers import make_event

pytestmark = pytest.mark.django_db

MEETING = "https://meet.example.org/tsunagu-secret-room"


@pytest.fixture
def online_event(db):
    return make_event(title="オンライン交流会", online_url=MEETING)


def shows_url(response) -> bool:
    body = b"".join(response) if response.streaming else response.content
    return MEETING in body.decode("utf-8-sig")


def test_the_public_page_does_not_show_the_meeting_url(client, online_event):
    response = client.get(f"/events/{online_event.pk}/")
    assert response.status_code == 200
    assert not shows_url(response)
    assert "参加URLは申し込んだ方にお知らせします" in response.content.decode()


def test_another_organizations_member_does_not_see_it(client, online_event, company_member):
    client.force_login(company_member)
    assert not shows_url(client.get(f"/events/{online_event.pk}/"))
    assert client.get(f"/api/v1/events/{online_event.pk}/").json()["online_url"] == ""


def test_a_registered_participant_sees_it_on_the_page_and_in_the_api(
    client, online_event, chonaikai_owner, chonaikai
):
    services.registration_create(event=online_event, by=chonaikai_owner, organization=chonaikai)
    client.force_login(chonaikai_owner)
    assert shows_url(client.get(f"/events/{online_event.pk}/"))
    assert client.get(f"/api/v1/events/{online_event.pk}/").json()["online_url"] == MEETING


def test_staff_see_it(client, online_event, staff):
    client.force_login(staff)
    assert shows_url(client.get(f"/events/{online_event.pk}/"))


def test_the_api_hides_it_from_anonymous_visitors(client, online_event):
    assert client.get(f"/api/v1/events/{online_event.pk}/").json()["online_url"] == ""
    assert not shows_url(client.get("/api/v1/events/"))


@pytest.mark.parametrize(
    "path", ["/events/feed.ics", "/events/{pk}/event.ics", "/api/v1/events/opendata.csv"]
)
def test_feeds_and_open_data_never_carry_it(client, online_event, chonaikai_owner, path):
    client.force_login(chonaikai_owner)
    response = client.get(path.format(pk=online_event.pk))
    assert response.status_code == 200
    assert not shows_url(response)


def test_the_json_ld_points_at_the_event_page_not_the_meeting(client, online_event):
    page = client.get(f"/events/{online_event.pk}/").content.decode()
    assert "VirtualLocation" in page
    assert MEETING not in page
