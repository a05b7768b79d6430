"""Malformed ids and control characters get a 404 or a clear 400, never a server error,
and nothing is written."""

import pytest
from django.utils import translation

from profiles.models import Listing

pytestmark = pytest.mark.django_db


@pytest.fixture
def member_client(client, chonaikai_owner):
    client.raise_request_exception = False
    client.force_login(chonaikai_owner)
    return client


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/api/v1/introductions/abc/"),
        ("post", "/api/v1/introductions/abc/accept/"),
        ("post", "/api/v1/introductions/1x/decline/"),
        ("get", "/api/v1/registrations/abc/"),
        ("post", "/api/v1/registrations/abc/cancel/"),
        ("get", "/api/v1/conversations/abc/"),
        ("get", "/api/v1/organizations/abc/"),
        ("get", "/api/v1/events/%20/"),
        ("get", "/api/v1/notifications/abc/"),
    ],
)
def test_a_non_numeric_id_in_the_api_is_not_found(member_client, method, url):
    assert getattr(member_client, method)(url).status_code == 404


def test_acting_for_a_non_numeric_organization_is_not_found(member_client):
    response = member_client.post("/organizations/act-for/", {"organization": "abc"})
    assert response.status_code == 404


def bad_input_message(language: str) -> str:
    from core.input_guard import control_characters_message

    with translation.override(language):
        return control_characters_message()


def test_the_control_character_message_reads_in_japanese_and_english():
    assert "制御文字" in bad_input_message("ja")
    assert "control character" in bad_input_message("en").lower()


@pytest.mark.parametrize("text", ["炊き出し\x00訓練", "ベル\x07", "削除\x7f", "改ページ\x0c"])
def test_a_listing_with_a_control_character_is_refused_with_a_clear_message(
    member_client, chonaikai, text
):
    response = member_client.post(
        f"/organizations/{chonaikai.pk}/listings/new/",
        {"kind": "need", "title": text, "description": "説明"},
    )
    assert response.status_code == 400
    assert bad_input_message("ja") in response.content.decode()
    assert not Listing.objects.filter(organization=chonaikai).exists()


def test_the_api_refuses_an_escaped_nul_in_json(member_client, chonaikai):
    response = member_client.post(
        "/api/v1/listings/",
        data=f'{{"organization": {chonaikai.pk}, "kind": "need", "title": "a\\u0000b"}}',
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["detail"] == bad_input_message("ja")
    assert not Listing.objects.exists()


def test_a_nul_in_a_search_is_a_clear_400_in_english_too(client):
    client.cookies["django_language"] = "en"
    response = client.get("/directory/listings/", {"q": "食堂\x00"})
    assert response.status_code == 400
    assert bad_input_message("en") in response.content.decode()


def test_tabs_and_line_breaks_in_a_description_are_kept(member_client, chonaikai):
    response = member_client.post(
        f"/organizations/{chonaikai.pk}/listings/new/",
        {"kind": "need", "title": "見守り", "description": "一行目\r\n\t二行目"},
    )
    assert response.status_code in (200, 302)
    assert response.status_code != 400


def test_creating_another_organizations_calendar_feed_is_forbidden(client, company_member, npo):
    client.force_login(company_member)
    response = client.post(f"/events/feed/org/new/{npo.pk}/")
    assert response.status_code == 403
    from events.models import CalendarFeed

    assert not CalendarFeed.objects.filter(organization=npo).exists()


def test_the_console_figures_api_is_in_the_schema_with_its_answers(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    listing = schema["paths"]["/api/v1/console/figures/"]["get"]["responses"]
    detail = schema["paths"]["/api/v1/console/figures/{id}/"]["get"]["responses"]
    assert "content" in listing["200"]
    assert "content" in detail["200"]
    assert {"401", "403", "404"} <= set(detail)


@pytest.mark.parametrize("junk", ["]", "yes please", "2", "truee"])
def test_a_yes_no_filter_refuses_anything_but_true_or_false(client, chonaikai, junk):
    response = client.get("/api/v1/organizations/", {"verified": junk})
    assert response.status_code == 400
    assert response.json()["verified"] == ["true または false を指定してください。"]


def test_a_yes_no_filter_still_takes_true_false_and_nothing(client, chonaikai):
    for value in ("true", "false", "1", "0", ""):
        assert client.get("/api/v1/organizations/", {"verified": value}).status_code == 200


@pytest.mark.parametrize("junk", ["©", "abc", "0", "-3", "101", "1.5"])
def test_a_page_size_that_is_not_1_to_100_is_refused_with_a_message(member_client, chonaikai, junk):
    response = member_client.get("/api/v1/notifications/", {"page_size": junk})
    assert response.status_code == 400
    assert response.json()["page_size"] == ["1 から 100 までの整数で指定してください。"]


def test_a_good_page_size_is_used(member_client):
    assert member_client.get("/api/v1/notifications/", {"page_size": "5"}).status_code == 200


def test_the_directory_page_says_what_is_wrong_with_a_yes_no_filter(client, chonaikai):
    response = client.get("/directory/", {"verified": "]"})
    assert response.status_code == 200
    assert "true または false を指定してください。" in response.content.decode()


@pytest.mark.parametrize("url", ["/api/v1/organizations/", "/api/v1/listings/", "/api/v1/events/"])
def test_an_empty_choice_in_the_api_is_refused_not_ignored(client, url):
    response = client.get(url, {"kind": ""})
    assert response.status_code == 400
    assert "kind" in response.json()


def test_the_directory_page_still_treats_an_empty_choice_as_any(client, chonaikai):
    response = client.get("/directory/", {"kind": ""})
    assert response.status_code == 200
    assert chonaikai.name in response.content.decode()


def test_marking_notifications_read_with_a_form_body_marks_nothing(member_client, chonaikai_owner):
    from core.models import Notification
    from core.notifications import notify

    notify(user=chonaikai_owner, kind="test", title="お知らせ")
    response = member_client.post(
        "/api/v1/notifications/mark-read/", {"[0, 0]": ""}, format="multipart"
    )
    assert response.status_code == 415
    assert Notification.objects.get(user=chonaikai_owner).read_at is None


@pytest.mark.parametrize(
    "path", ["/api/v1/organizations/{id}/members/", "/api/v1/organizations/{id}/invitations/"]
)
def test_an_organizations_member_lists_are_documented_as_plain_lists(client, path):
    operation = client.get("/api/schema/", {"format": "json"}).json()["paths"][path]["get"]
    assert not [p for p in operation.get("parameters", []) if p["name"] in {"sort", "page"}]
    body = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert body["type"] == "array"


def test_the_members_list_answers_a_plain_list(member_client, chonaikai):
    response = member_client.get(f"/api/v1/organizations/{chonaikai.pk}/members/")
    assert isinstance(response.json(), list)


@pytest.mark.parametrize("junk", ["", "fr", "JA", "]"])
def test_a_language_other_than_ja_or_en_is_refused(member_client, chonaikai, junk):
    response = member_client.get(
        f"/api/v1/organizations/{chonaikai.pk}/suggestions/", {"lang": junk}
    )
    assert response.status_code == 400
    assert response.json()["lang"] == ["ja か en を指定してください。"]
