"""Only staff reach the console: every page, export and API answer, for each role."""

import pytest
from django.urls import reverse

PAGES = [
    ("console:home", []),
    ("console:audit_log", []),
    ("console:dashboard", []),
    ("console:dashboard_csv", []),
    ("console:figure_csv", ["organizations_registered"]),
    ("console:report", []),
    ("console:report_csv", []),
    ("console:report_targets", []),
    ("console:curate", []),
    ("console:introductions_board", []),
    ("console:events_desk", []),
    ("console:matcher_learning", []),
]
POSTS = ["console:curate_review", "console:curate_propose"]


@pytest.fixture(params=PAGES, ids=[name for name, _ in PAGES])
def page_url(request):
    name, args = request.param
    return reverse(name, args=args)


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_log_in(client, page_url):
    response = client.get(page_url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_members_of_an_organization_are_refused(member_client, page_url):
    assert member_client.get(page_url).status_code == 403


def test_people_without_an_organization_are_refused(client, outsider, page_url):
    client.force_login(outsider)
    assert client.get(page_url).status_code == 403


def test_editors_of_another_organization_are_refused(client, npo_editor, page_url):
    client.force_login(npo_editor)
    assert client.get(page_url).status_code == 403


def test_staff_open_every_page(staff_client, page_url):
    assert staff_client.get(page_url).status_code == 200


def test_staff_open_the_curate_page_of_an_organization(staff_client, npo):
    url = reverse("console:curate_organization", args=[npo.pk])
    assert staff_client.get(url).status_code == 200


def test_members_cannot_open_the_curate_page_of_their_own_organization(member_client, chonaikai):
    url = reverse("console:curate_organization", args=[chonaikai.pk])
    assert member_client.get(url).status_code == 403


def test_a_deactivated_staff_account_is_refused(client, staff):
    staff.is_active = False
    staff.save()
    client.force_login(staff)
    assert client.get(reverse("console:home")).status_code in {302, 403}


API = ["/api/v1/console/figures/", "/api/v1/console/figures/organizations_registered/"]


@pytest.mark.parametrize("url", API)
@pytest.mark.django_db
def test_the_api_refuses_anonymous_visitors(client, url):
    assert client.get(url).status_code in {401, 403}


@pytest.mark.parametrize("url", API)
def test_the_api_refuses_members(member_client, url):
    assert member_client.get(url).status_code == 403


@pytest.mark.parametrize("url", API)
def test_the_api_answers_staff(staff_client, url):
    assert staff_client.get(url).status_code == 200


def test_the_menu_shows_the_console_to_staff(staff_client):
    assert reverse("console:home") in staff_client.get("/").content.decode()


def test_the_menu_hides_the_console_from_members(member_client):
    assert reverse("console:home") not in member_client.get("/").content.decode()


@pytest.mark.parametrize("name", POSTS)
@pytest.mark.django_db
def test_anonymous_visitors_cannot_review_or_propose(client, npo, name):
    response = client.post(reverse(name, args=[npo.pk]), {"action": "publish"})
    assert response.status_code == 302


@pytest.mark.parametrize("name", POSTS)
def test_members_cannot_review_or_propose(member_client, npo, name):
    response = member_client.post(reverse(name, args=[npo.pk]), {"action": "publish"})
    assert response.status_code == 403


@pytest.mark.parametrize("name", POSTS)
def test_editors_of_another_organization_cannot_review_or_propose(
    client, npo_editor, chonaikai, name
):
    client.force_login(npo_editor)
    response = client.post(reverse(name, args=[chonaikai.pk]), {"action": "publish"})
    assert response.status_code == 403
