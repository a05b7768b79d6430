"""The pages work without JavaScript: forms post and redirect; private pages 404 for others."""

import pytest

from matching.introductions.models import Introduction, Status

pytestmark = pytest.mark.django_db


def test_the_request_form_shows_the_recipient(client, chonaikai_owner, npo):
    client.force_login(chonaikai_owner)
    response = client.get(f"/introductions/request/?to={npo.pk}&suggestion=7")
    html = response.content.decode()
    assert response.status_code == 200
    assert npo.name in html
    assert 'name="suggestion" value="7"' in html


def test_the_request_form_url_is_named_for_other_apps(npo):
    from django.urls import reverse

    assert reverse("introductions:request") == "/introductions/request/"


def test_posting_the_form_creates_a_request(client, chonaikai_owner, chonaikai, npo):
    client.force_login(chonaikai_owner)
    response = client.post(
        f"/introductions/request/?to={npo.pk}",
        {"to": npo.pk, "requester": chonaikai.pk, "message": "防災訓練を一緒にしませんか"},
    )
    intro = Introduction.objects.get()
    assert response.status_code == 302
    assert intro.requester == chonaikai
    assert intro.recipient == npo


def test_an_empty_message_shows_an_error_and_creates_nothing(
    client, chonaikai_owner, chonaikai, npo
):
    client.force_login(chonaikai_owner)
    response = client.post(
        f"/introductions/request/?to={npo.pk}",
        {"to": npo.pk, "requester": chonaikai.pk, "message": ""},
    )
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert not Introduction.objects.exists()


def test_anonymous_is_sent_to_log_in(client, npo):
    response = client.get(f"/introductions/request/?to={npo.pk}")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_recipient_accepts_from_the_detail_page(client, npo_editor, request_intro):
    client.force_login(npo_editor)
    page = client.get(f"/introductions/{request_intro.pk}/").content.decode()
    assert "承諾する" in page
    client.post(f"/introductions/{request_intro.pk}/accept/")
    assert Introduction.objects.get(pk=request_intro.pk).status == Status.ACCEPTED


def test_the_requester_sees_no_answer_buttons(client, chonaikai_owner, request_intro):
    client.force_login(chonaikai_owner)
    page = client.get(f"/introductions/{request_intro.pk}/").content.decode()
    assert "承諾する" not in page
    assert "依頼を取り下げる" in page


def test_declining_from_the_page_keeps_the_reason(client, npo_editor, request_intro):
    client.force_login(npo_editor)
    client.post(f"/introductions/{request_intro.pk}/decline/", {"reason": "no_capacity"})
    assert Introduction.objects.get(pk=request_intro.pk).decline_reason == "no_capacity"


def test_another_organizations_member_gets_404_on_the_detail(client, company_member, request_intro):
    client.force_login(company_member)
    assert client.get(f"/introductions/{request_intro.pk}/").status_code == 404


def test_another_organizations_member_cannot_accept_by_posting(
    client, company_member, request_intro
):
    client.force_login(company_member)
    assert client.post(f"/introductions/{request_intro.pk}/accept/").status_code == 404
    assert Introduction.objects.get(pk=request_intro.pk).status == Status.REQUESTED


def test_the_inbox_lists_requests_to_me(client, npo_editor, request_intro):
    client.force_login(npo_editor)
    assert "片平一丁目町内会" in client.get("/introductions/?box=inbox").content.decode()


def test_a_message_posted_without_javascript_appears_after_reload(
    client, chonaikai_owner, conversation
):
    client.force_login(chonaikai_owner)
    url = f"/introductions/conversations/{conversation.pk}/"
    response = client.post(url, {"body": "はじめまして、町内会です"})
    assert response.status_code == 302
    assert "はじめまして、町内会です" in client.get(url).content.decode()


def test_a_conversation_page_is_404_for_another_organization(client, company_member, conversation):
    client.force_login(company_member)
    assert client.get(f"/introductions/conversations/{conversation.pk}/").status_code == 404


def test_the_older_messages_link_returns_only_the_partial_to_htmx(
    client, chonaikai_owner, npo_editor, conversation
):
    from matching.introductions import services

    for i in range(31):
        services.message_post(conversation=conversation, by=npo_editor, body=f"m{i}")
    client.force_login(chonaikai_owner)
    last = conversation.messages.order_by("-id")[29]
    response = client.get(
        f"/introductions/conversations/{conversation.pk}/?before={last.pk}", HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert "<html" not in html
    assert "m0" in html


def test_the_header_shows_the_unread_badge(client, npo_editor, request_intro):
    client.force_login(npo_editor)
    html = client.get("/").content.decode()
    assert 'data-unread-badge aria-hidden="true">1</span>' in html


def test_the_notification_list_marks_read_without_javascript(client, npo_editor, request_intro):
    client.force_login(npo_editor)
    assert "紹介の依頼が届きました" in client.get("/notifications/").content.decode()
    client.post("/notifications/read/")
    assert npo_editor.notifications.filter(read_at__isnull=True).count() == 0


def test_opening_a_notification_follows_its_link_and_marks_it_read(
    client, npo_editor, request_intro
):
    client.force_login(npo_editor)
    note = npo_editor.notifications.get()
    response = client.post(f"/notifications/{note.pk}/open/")
    assert response["Location"] == f"/introductions/{request_intro.pk}/"
    note.refresh_from_db()
    assert note.read_at is not None


def test_a_collaboration_is_recorded_from_the_form(
    client, chonaikai_owner, chonaikai, npo, accepted_intro
):
    client.force_login(chonaikai_owner)
    response = client.post(
        "/introductions/collaborations/new/",
        {"organization": chonaikai.pk, "partner": npo.pk, "title": "炊き出し訓練",
         "own_brings": "会場", "partner_brings": "調理", "started_on": "2026-10-01", "show": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    assert "炊き出し訓練" in client.get("/introductions/collaborations/").content.decode()


def test_contact_details_show_on_an_accepted_introduction(
    client, chonaikai_owner, npo, accepted_intro
):
    client.force_login(chonaikai_owner)
    html = client.get(f"/introductions/{accepted_intro.pk}/").content.decode()
    assert npo.contact_email in html


def test_contact_details_stay_hidden_while_the_request_is_open(
    client, chonaikai_owner, npo, request_intro
):
    client.force_login(chonaikai_owner)
    html = client.get(f"/introductions/{request_intro.pk}/").content.decode()
    assert npo.contact_email not in html
