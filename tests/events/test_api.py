import datetime as dt

import pytest
from django.utils import timezone

from events.models import Event, Invitation, Registration
from events.services import registration_create
from tests.helpers import client_for, make_event

pytestmark = pytest.mark.django_db


def test_anyone_lists_published_events_with_seats_left(event):
    make_event(title="下書きの会", status="draft")
    body = client_for().get("/api/v1/events/").json()
    assert [e["title"] for e in body["results"]] == ["地域活動団体交流会"]
    assert body["results"][0]["seats_left"] == 30


def test_the_list_filters_by_ward_and_kind(event):
    from tests.factories import tag

    make_event(title="泉区の講座", kind="lecture", ward=tag("area", "izumi"))
    titles = [e["title"] for e in client_for().get("/api/v1/events/?ward=izumi").json()["results"]]
    assert titles == ["泉区の講座"]
    titles = [
        e["title"] for e in client_for().get("/api/v1/events/?kind=exchange").json()["results"]
    ]
    assert titles == ["地域活動団体交流会"]


def test_has_seats_hides_full_events(outsider):
    full = make_event(title="満席の会", capacity=1)
    registration_create(event=full, by=outsider)
    make_event(title="空きありの会")
    titles = [e["title"] for e in client_for().get("/api/v1/events/?has_seats=1").json()["results"]]
    assert titles == ["空きありの会"]


def test_a_draft_is_hidden_from_another_organizations_member(npo, company_member):
    draft = make_event(organizer_org=npo, status="draft")
    assert client_for(company_member).get(f"/api/v1/events/{draft.pk}/").status_code == 404


def test_a_draft_is_shown_to_its_organizers_member(npo, npo_editor):
    draft = make_event(organizer_org=npo, status="draft")
    assert client_for(npo_editor).get(f"/api/v1/events/{draft.pk}/").status_code == 200


def test_a_member_creates_a_draft_for_their_organization(npo, npo_editor):
    start = timezone.now() + dt.timedelta(days=20)
    response = client_for(npo_editor).post(
        "/api/v1/events/",
        {"organization": npo.pk, "title": "子ども食堂交流会", "kind": "exchange",
         "starts_at": start.isoformat(), "ends_at": (start + dt.timedelta(hours=2)).isoformat(),
         "capacity": 20, "ward": "wakabayashi", "tags": ["child-development"]},
        format="json",
    )  # fmt: skip
    assert response.status_code == 201, response.json()
    assert response.json()["status"] == "draft"


def test_anonymous_cannot_create_an_event():
    response = client_for().post("/api/v1/events/", {"title": "x"}, format="json")
    assert response.status_code in {401, 403}
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    ("language", "message"),
    [("ja", "終了日時は開始日時より後にしてください"), ("en", "The end must be after the start")],
)
def test_an_end_before_the_start_is_explained_in_the_readers_language(staff, language, message):
    start = timezone.now() + dt.timedelta(days=20)
    client = client_for(staff)
    client.cookies["django_language"] = language  # the site's language switch
    response = client.post(
        "/api/v1/events/",
        {"title": "逆転", "kind": "forum", "starts_at": start.isoformat(),
         "ends_at": (start - dt.timedelta(hours=1)).isoformat(), "capacity": 10},
        format="json",
    )  # fmt: skip
    assert response.status_code == 400
    assert response.json()["detail"] == message


def test_another_organizations_member_cannot_edit(npo, company_member):
    event = make_event(organizer_org=npo)
    response = client_for(company_member).patch(
        f"/api/v1/events/{event.pk}/", {"title": "乗っ取り"}, format="json"
    )
    assert response.status_code == 403
    assert Event.objects.get(pk=event.pk).title == "地域活動団体交流会"


def test_the_organizers_member_edits(npo, npo_editor):
    event = make_event(organizer_org=npo)
    response = client_for(npo_editor).patch(
        f"/api/v1/events/{event.pk}/", {"title": "新しい名前"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["title"] == "新しい名前"


def test_registering_answers_201_with_status_and_position(npo, npo_editor, outsider):
    event = make_event(capacity=1)
    registration_create(event=event, by=outsider)
    response = client_for(npo_editor).post(
        f"/api/v1/events/{event.pk}/registrations/",
        {"organization": npo.pk, "attendees": 1},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["status"] == "waitlisted"
    assert response.json()["waitlist_position"] == 1


def test_registering_someone_elses_organization_is_forbidden(event, npo, company_member):
    response = client_for(company_member).post(
        f"/api/v1/events/{event.pk}/registrations/", {"organization": npo.pk}, format="json"
    )
    assert response.status_code == 403
    assert not Registration.objects.exists()


def test_anonymous_cannot_register(event):
    response = client_for().post(f"/api/v1/events/{event.pk}/registrations/", {}, format="json")
    assert response.status_code == 401


def test_the_attendee_list_is_for_the_organizer(npo, npo_editor, outsider):
    event = make_event(organizer_org=npo)
    registration_create(event=event, by=outsider)
    response = client_for(npo_editor).get(f"/api/v1/events/{event.pk}/registrations/")
    assert response.status_code == 200
    assert response.json()[0]["registrant"] == "通りすがり"


def test_the_attendee_list_is_hidden_from_a_registrant(npo, outsider):
    event = make_event(organizer_org=npo)
    registration_create(event=event, by=outsider)
    response = client_for(outsider).get(f"/api/v1/events/{event.pk}/registrations/")
    assert response.status_code == 403


def test_cancelling_my_registration(event, outsider):
    registration = registration_create(event=event, by=outsider)
    response = client_for(outsider).post(f"/api/v1/registrations/{registration.pk}/cancel/")
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"


def test_cancelling_someone_elses_registration_is_not_found(event, outsider, company_member):
    registration = registration_create(event=event, by=outsider)
    response = client_for(company_member).post(f"/api/v1/registrations/{registration.pk}/cancel/")
    assert response.status_code == 404
    assert Registration.objects.get(pk=registration.pk).status == "confirmed"


def test_my_registrations_list_only_mine(event, outsider, npo, npo_editor):
    registration_create(event=event, by=outsider)
    registration_create(event=event, by=npo_editor, organization=npo)
    body = client_for(outsider).get("/api/v1/registrations/").json()
    assert [r["organization"] for r in body["results"]] == [None]


def test_staff_invite_organizations(event, staff, npo, company):
    response = client_for(staff).post(
        f"/api/v1/events/{event.pk}/invitations/",
        {"organizations": [npo.pk, company.pk]},
        format="json",
    )
    assert response.status_code == 201
    assert Invitation.objects.filter(event=event, status="sent").count() == 2


def test_a_member_cannot_send_invitations(event, npo_editor, company):
    response = client_for(npo_editor).post(
        f"/api/v1/events/{event.pk}/invitations/", {"organizations": [company.pk]}, format="json"
    )
    assert response.status_code == 403
    assert not Invitation.objects.exists()


def test_staff_publish_a_pending_event_through_the_api(staff, npo):
    event = make_event(organizer_org=npo, status="pending")
    response = client_for(staff).post(f"/api/v1/events/{event.pk}/publish/")
    assert response.status_code == 200
    assert response.json()["status"] == "published"


def test_a_member_cannot_publish_through_the_api(npo, npo_editor):
    event = make_event(organizer_org=npo, status="pending")
    response = client_for(npo_editor).post(f"/api/v1/events/{event.pk}/publish/")
    assert response.status_code == 403
    assert Event.objects.get(pk=event.pk).status == "pending"


def test_the_organizer_cancels_through_the_api_with_a_reason(npo, npo_editor):
    event = make_event(organizer_org=npo)
    response = client_for(npo_editor).post(
        f"/api/v1/events/{event.pk}/cancel/", {"comment": "会場の都合"}, format="json"
    )
    assert response.status_code == 200
    assert Event.objects.get(pk=event.pk).cancel_reason == "会場の都合"


def test_another_organizations_member_cannot_cancel_through_the_api(npo, company_member):
    event = make_event(organizer_org=npo)
    response = client_for(company_member).post(f"/api/v1/events/{event.pk}/cancel/")
    assert response.status_code == 403
    assert Event.objects.get(pk=event.pk).status == "published"
