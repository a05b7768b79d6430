"""The main menu marks one entry as current, whatever the page and whoever looks: the home
page, the console's home (both named "home"), the events review queue and the organizations'
review queue (both named "review"), "my registrations" and "my organizations" (both "mine")
once marked two or three links at once."""

import re

import pytest

pytestmark = pytest.mark.django_db


def _menu(body: str) -> str:
    return body.split('aria-label="メインメニュー"')[1].split("</nav>")[0]


def _current_in_menu(body: str) -> list[str]:
    return re.findall(r'<a href="[^"]*" aria-current="[a-z]+">([^<]+)</a>', _menu(body))


def _links_saying_this_page(body: str) -> int:
    return len(re.findall(r'<a [^>]*aria-current="page"', body))


@pytest.mark.parametrize(
    ("path", "entry"),
    [
        ("/", "ホーム"),
        ("/console/", "支援センター"),
        ("/console/dashboard/", "支援センター"),
        ("/staff/review/", "審査待ち"),
        ("/events/review/", "交流イベント"),
        ("/events/mine/", "交流イベント"),
        ("/events/", "交流イベント"),
        ("/organizations/mine/", "わたしの団体"),
        ("/directory/", "団体をさがす"),
        ("/introductions/", "紹介・やりとり"),
        ("/suggestions/", "おすすめ"),
    ],
)
def test_staff_see_exactly_one_current_entry(client, staff, path, entry):
    client.force_login(staff)
    response = client.get(path)
    assert response.status_code == 200, path
    body = response.content.decode()
    assert _current_in_menu(body) == [entry]
    assert _links_saying_this_page(body) <= 1, path


@pytest.mark.parametrize(
    ("path", "entry"),
    [
        ("/", "ホーム"),
        ("/events/mine/", "交流イベント"),
        ("/organizations/mine/", "わたしの団体"),
        ("/suggestions/", "おすすめ"),
    ],
)
def test_members_see_exactly_one_current_entry(client, npo_editor, path, entry):
    client.force_login(npo_editor)
    body = client.get(path).content.decode()
    assert _current_in_menu(body) == [entry]
    assert _links_saying_this_page(body) <= 1, path


def test_an_organizations_page_belongs_to_the_directory(client, npo):
    body = client.get(f"/organizations/{npo.pk}/").content.decode()
    assert _current_in_menu(body) == ["団体をさがす"]


def test_a_page_outside_the_menu_marks_nothing(client, outsider):
    client.force_login(outsider)
    body = client.get("/for-companies/").content.decode()
    assert _current_in_menu(body) == []
