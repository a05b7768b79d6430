import datetime as dt

import pytest
from django.utils import timezone

from core.models import AuditLog
from events.models import Event, Invitation, Registration
from events.services import registration_create
from tests.factories import tag
from tests.helpers import make_event

pytestmark = pytest.mark.django_db


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_the_list_shows_published_events_and_hides_drafts(client, event):
    make_event(title="まだ下書き", status="draft")
    results = html(client.get("/events/")).split('id="event-results"')[1]
    assert "地域活動団体交流会" in results
    assert "まだ下書き" not in results


def test_the_list_filters_by_ward_without_javascript(client, event):
    make_event(title="泉区民まつり", kind="festival", ward=tag("area", "izumi"))
    results = html(client.get("/events/?ward=izumi")).split('id="event-results"')[1]
    assert "泉区民まつり" in results
    assert "地域活動団体交流会" not in results


def test_htmx_gets_only_the_results_partial(client, event):
    page = html(client.get("/events/?kind=exchange", HTTP_HX_REQUEST="true"))
    assert page.lstrip().startswith('<div id="event-results"')
    assert "<html" not in page


def test_the_month_view_places_the_event_on_its_day(client):
    start = timezone.localtime(timezone.now() + dt.timedelta(days=40)).replace(hour=14, minute=0)
    make_event(title="防災フォーラム", starts_at=start, ends_at=start + dt.timedelta(hours=2))
    page = html(client.get(f"/events/calendar/?month={start:%Y-%m}"))
    assert "防災フォーラム" in page
    assert f"{start.year}年{start.month}月" in page


def test_the_month_view_of_another_month_does_not_show_it(client):
    start = timezone.localtime(timezone.now() + dt.timedelta(days=40))
    make_event(title="防災フォーラム", starts_at=start, ends_at=start + dt.timedelta(hours=2))
    other = start + dt.timedelta(days=62)
    assert "防災フォーラム" not in html(client.get(f"/events/calendar/?month={other:%Y-%m}"))


def test_the_event_page_carries_schema_org_json_ld(client, event):
    page = html(client.get(f"/events/{event.pk}/"))
    assert '<script type="application/ld+json">' in page
    assert '"@type": "Event"' in page
    assert '"startDate"' in page


def test_a_draft_page_is_not_found_for_anonymous(client):
    draft = make_event(status="draft")
    assert client.get(f"/events/{draft.pk}/").status_code == 404


def test_a_member_registers_their_organization_from_the_event_page(client, event, npo, npo_editor):
    client.force_login(npo_editor)
    response = client.post(
        f"/events/{event.pk}/register/",
        {"registrant": str(npo.pk), "attendees": "2", "attendee_names": "佐藤\n鈴木",
         "accommodations": ["childcare"], "listed": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    registration = Registration.objects.get(event=event)
    assert (registration.organization, registration.attendees) == (npo, 2)
    page = html(client.get(f"/events/{event.pk}/"))
    assert "参加確定" in page


def test_the_event_page_shows_my_waitlist_position(client, outsider, npo, npo_editor):
    event = make_event(capacity=1)
    registration_create(event=event, by=outsider)
    registration_create(event=event, by=npo_editor, organization=npo)
    client.force_login(npo_editor)
    assert "キャンセル待ち 1 番目" in html(client.get(f"/events/{event.pk}/"))


def test_a_refused_registration_shows_the_reason_and_changes_nothing(client, npo, npo_editor):
    event = make_event(per_org_limit=2)
    client.force_login(npo_editor)
    response = client.post(
        f"/events/{event.pk}/register/", {"registrant": str(npo.pk), "attendees": "5"}, follow=True
    )
    assert "1団体あたりの上限は 2 人です" in response.content.decode()
    assert not Registration.objects.exists()


def test_anonymous_is_sent_to_log_in_to_register(client, event):
    response = client.post(f"/events/{event.pk}/register/", {"registrant": "self"})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not Registration.objects.exists()


def test_my_registrations_page_lists_and_cancels(client, event, outsider):
    registration = registration_create(event=event, by=outsider)
    client.force_login(outsider)
    assert "地域活動団体交流会" in html(client.get("/events/mine/"))
    client.post(f"/events/registrations/{registration.pk}/cancel/")
    assert Registration.objects.get(pk=registration.pk).status == "cancelled"


def test_the_desk_shows_attendees_and_accommodations_to_the_organizer(
    client, npo, npo_editor, outsider
):
    event = make_event(organizer_org=npo)
    registration_create(
        event=event, by=outsider, accommodations=["wheelchair"], accommodations_note="電動車椅子"
    )
    client.force_login(npo_editor)
    page = html(client.get(f"/events/{event.pk}/manage/"))
    assert "通りすがり" in page
    assert "電動車椅子" in page


def test_the_desk_is_forbidden_to_another_organizations_member(client, npo, company_member):
    event = make_event(organizer_org=npo)
    client.force_login(company_member)
    assert client.get(f"/events/{event.pk}/manage/").status_code == 403


def test_the_desk_is_forbidden_to_a_registrant(client, npo, outsider):
    event = make_event(organizer_org=npo)
    registration_create(event=event, by=outsider)
    client.force_login(outsider)
    assert client.get(f"/events/{event.pk}/manage/").status_code == 403
    assert client.get(f"/events/{event.pk}/attendees/print/").status_code == 403


def test_staff_print_the_attendee_list(client, staff, event, outsider):
    registration_create(event=event, by=outsider)
    client.force_login(staff)
    page = html(client.get(f"/events/{event.pk}/attendees/print/"))
    assert "参加者名簿" in page
    assert "通りすがり" in page


def test_staff_check_in_at_the_door_with_htmx(client, staff, event, outsider):
    registration = registration_create(event=event, by=outsider)
    client.force_login(staff)
    page = html(
        client.post(f"/events/registrations/{registration.pk}/check-in/", HTTP_HX_REQUEST="true")
    )
    assert "受付済み" in page
    assert Registration.objects.get(pk=registration.pk).checked_in_at is not None


def test_a_registrant_cannot_check_themselves_in(client, event, outsider):
    registration = registration_create(event=event, by=outsider)
    client.force_login(outsider)
    assert client.post(f"/events/registrations/{registration.pk}/check-in/").status_code == 403
    assert Registration.objects.get(pk=registration.pk).checked_in_at is None


def test_a_waitlisted_registration_cannot_be_checked_in(client, staff, outsider, npo, npo_editor):
    event = make_event(capacity=1)
    registration_create(event=event, by=outsider)
    waiting = registration_create(event=event, by=npo_editor, organization=npo)
    client.force_login(staff)
    response = client.post(f"/events/registrations/{waiting.pk}/check-in/", follow=True)
    assert "参加確定の申込だけを受付できます" in response.content.decode()


def test_a_member_creates_a_draft_and_submits_it_for_review(client, npo, npo_editor):
    client.force_login(npo_editor)
    response = client.post(
        "/events/new/",
        {"organization": npo.pk, "title": "子ども食堂ネットワーク交流会", "kind": "exchange",
         "starts_at": "2031-03-01T13:00", "ends_at": "2031-03-01T15:00", "capacity": "20",
         "fee": "無料", "reminder_hours": "48"},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:3000]
    event = Event.objects.get()
    assert event.status == "draft"
    client.post(f"/events/{event.pk}/submit/")
    assert Event.objects.get().status == "pending"


def test_the_event_form_refuses_an_end_before_the_start(client, staff):
    client.force_login(staff)
    response = client.post(
        "/events/new/",
        {"title": "逆さま", "kind": "forum", "starts_at": "2031-03-01T15:00",
         "ends_at": "2031-03-01T13:00", "capacity": "20", "reminder_hours": "48"},
    )  # fmt: skip
    assert response.status_code == 200
    assert not Event.objects.exists()


def test_staff_publish_from_the_review_queue(client, staff, npo):
    event = make_event(organizer_org=npo, status="pending")
    client.force_login(staff)
    assert event.title in html(client.get("/events/review/"))
    client.post(f"/events/{event.pk}/publish/")
    assert Event.objects.get(pk=event.pk).status == "published"
    assert AuditLog.objects.filter(action="event.publish").exists()


def test_after_an_action_the_page_returns_only_to_this_site(client, staff, npo):
    first = make_event(organizer_org=npo, status="pending")
    second = make_event(organizer_org=npo, status="pending")
    client.force_login(staff)
    inside = client.post(f"/events/{first.pk}/publish/", {"next": "/console/events/"})
    assert inside["Location"] == "/console/events/"
    outside = client.post(f"/events/{second.pk}/publish/", {"next": "https://evil.example/"})
    assert outside["Location"] == f"/events/{second.pk}/manage/"


def test_the_review_queue_is_for_staff_only(client, npo_editor):
    client.force_login(npo_editor)
    assert client.get("/events/review/").status_code == 403


def test_a_member_cannot_publish_through_the_page(client, npo, npo_editor):
    event = make_event(organizer_org=npo, status="pending")
    client.force_login(npo_editor)
    client.post(f"/events/{event.pk}/publish/")
    assert Event.objects.get(pk=event.pk).status == "pending"


def test_the_curator_finds_organizations_by_ward_and_invites_them(
    client, staff, event, npo, chonaikai
):
    client.force_login(staff)
    page = html(client.get(f"/events/{event.pk}/invite/?ward=wakabayashi"))
    assert npo.name in page
    assert chonaikai.name not in page
    client.post(
        f"/events/{event.pk}/invite/?ward=wakabayashi", {"organization": [npo.pk, chonaikai.pk]}
    )
    assert set(Invitation.objects.values_list("organization_id", flat=True)) == {
        npo.pk,
        chonaikai.pk,
    }


def test_the_curator_invites_every_organization_shown_at_once(client, staff, event, npo, chonaikai):
    client.force_login(staff)
    client.post(
        f"/events/{event.pk}/invite/", {"invite_all": "1", "candidate": [npo.pk, chonaikai.pk]}
    )
    assert Invitation.objects.filter(event=event, status="sent").count() == 2


def test_the_invite_page_leaves_a_block_for_the_matchers_suggestions(client, staff, event):
    from django.template.loader import get_template

    source = get_template("frontend/events/invite.html").template.source
    assert "{% block invitation_suggestions %}" in source


def test_a_member_cannot_open_the_curator_page(client, npo_editor, event):
    client.force_login(npo_editor)
    assert client.get(f"/events/{event.pk}/invite/").status_code == 403


def test_an_organizations_secret_feed_lists_its_registrations(client, npo, npo_editor, event):
    from events.services import calendar_feed_get_or_create

    registration_create(event=event, by=npo_editor, organization=npo)
    make_event(title="別のイベント")
    feed = calendar_feed_get_or_create(organization=npo, by=npo_editor)
    body = client.get(f"/events/feed/org/{feed.token}.ics").content.decode()
    assert "地域活動団体交流会" in body
    assert "別のイベント" not in body


def test_a_wrong_feed_token_finds_nothing(client):
    assert client.get("/events/feed/org/not-a-token.ics").status_code == 404


def test_another_organizations_member_cannot_make_our_feed(client, npo, company_member):
    client.force_login(company_member)
    client.post(f"/events/feed/org/new/{npo.pk}/")
    from events.models import CalendarFeed

    assert not CalendarFeed.objects.exists()


def test_after_the_event_attendees_see_the_other_listed_organizations(
    client, npo, npo_editor, company, company_member, chonaikai, chonaikai_owner
):
    event = make_event(days=3)
    registration_create(event=event, by=npo_editor, organization=npo)
    registration_create(event=event, by=company_member, organization=company)
    registration_create(event=event, by=chonaikai_owner, organization=chonaikai, listed=False)
    Event.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() - dt.timedelta(days=1, hours=2),
        ends_at=timezone.now() - dt.timedelta(days=1),
    )
    client.force_login(npo_editor)
    page = html(client.get(f"/events/{event.pk}/"))
    assert company.name in page
    assert chonaikai.name not in page


def test_someone_who_did_not_attend_sees_no_attendee_organizations(
    client, npo, npo_editor, company, outsider
):
    event = make_event(days=3)
    registration_create(event=event, by=npo_editor, organization=npo)
    Event.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() - dt.timedelta(days=1, hours=2),
        ends_at=timezone.now() - dt.timedelta(days=1),
    )
    client.force_login(outsider)
    assert npo.name not in html(client.get(f"/events/{event.pk}/"))


def test_the_nav_links_to_the_events(client):
    assert 'href="/events/"' in html(client.get("/"))


def test_cancelling_on_the_page_promotes_the_waitlist(client, outsider, npo, npo_editor):
    event = make_event(capacity=1)
    mine = registration_create(event=event, by=outsider)
    waiting = registration_create(event=event, by=npo_editor, organization=npo)
    client.force_login(outsider)
    client.post(f"/events/registrations/{mine.pk}/cancel/")
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"


def test_an_invited_organization_declines_from_the_event_page(
    client, staff, event, npo, npo_editor
):
    from events.services import invitation_send

    invitation_send(event=event, organizations=[npo], by=staff)
    client.force_login(npo_editor)
    assert "招待されています" in html(client.get(f"/events/{event.pk}/"))
    client.post(f"/events/invitations/{Invitation.objects.get().pk}/decline/")
    assert Invitation.objects.get().status == "declined"


def test_another_organizations_member_cannot_decline_our_invitation(
    client, staff, event, npo, company_member
):
    from events.services import invitation_send

    invitation_send(event=event, organizations=[npo], by=staff)
    client.force_login(company_member)
    client.post(f"/events/invitations/{Invitation.objects.get().pk}/decline/")
    assert Invitation.objects.get().status == "sent"


def test_the_json_ld_describes_the_event_for_search_engines(client):
    import json
    import re

    event = make_event(capacity=12, latitude="38.261700", longitude="140.870600")
    page = html(client.get(f"/events/{event.pk}/"))
    raw = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
    data = json.loads(raw)
    assert data["@type"] == "Event"
    assert data["name"] == "地域活動団体交流会"
    assert data["startDate"].endswith("+09:00")
    assert data["location"]["geo"]["latitude"] == 38.2617
    assert data["remainingAttendeeCapacity"] == 12
    assert data["url"].endswith(f"/events/{event.pk}/")


def test_a_cancelled_event_says_so_in_its_json_ld(client):
    import json
    import re

    event = make_event(status="cancelled")
    page = html(client.get(f"/events/{event.pk}/"))
    raw = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
    assert json.loads(raw)["eventStatus"] == "https://schema.org/EventCancelled"


def test_the_list_shows_twenty_events_a_page_and_keeps_the_filters_in_the_page_links(client):
    start = timezone.now() + dt.timedelta(days=3)
    for i in range(23):
        make_event(title=f"泉区の交流会{i:02d}", ward=tag("area", "izumi"),
                   starts_at=start + dt.timedelta(hours=i))  # fmt: skip
    first = html(client.get("/events/?ward=izumi")).split('id="event-results"')[1]
    assert "23 件のイベント" in first
    assert first.count('class="card event-card') == 20
    assert "泉区の交流会00" in first
    assert "泉区の交流会20" not in first
    assert 'href="/events/?ward=izumi&amp;page=2"' in first
    second = html(client.get("/events/?ward=izumi&page=2")).split('id="event-results"')[1]
    assert second.count('class="card event-card') == 3
    assert "泉区の交流会20" in second
    assert "泉区の交流会22" in second
    assert "2 / 2 ページ" in second
