"""The pages of saved searches: one button on the search pages, a list of one's own, delete.
Nobody but the owner sees or deletes a saved search — not staff either (404, as if absent)."""

from urllib.parse import unquote

import pytest

from matching.models import SavedSearch
from matching.services import saved_search_create

pytestmark = pytest.mark.django_db

TAIHAKU_CHONAIKAI = "kind=neighborhood_association&ward=taihaku"


def _save(client, query=TAIHAKU_CHONAIKAI, scope="organizations"):
    return client.post("/searches/save/", {"scope": scope, "query": query})


def test_a_member_saves_the_directory_search_they_see_and_finds_it_listed(client, chonaikai_owner):
    client.force_login(chonaikai_owner)
    page = client.get(f"/directory/?{TAIHAKU_CHONAIKAI}").content.decode()
    assert "この条件で検索を保存" in page
    response = _save(client)
    assert response.status_code == 302
    assert response["Location"] == "/searches/"
    listed = client.get("/searches/").content.decode()
    assert "検索を保存しました" in listed
    assert "町内会・自治会" in listed
    assert "太白区" in listed
    assert f'href="/directory/?{TAIHAKU_CHONAIKAI}"'.replace("&", "&amp;") in listed
    [search] = SavedSearch.objects.filter(user=chonaikai_owner)
    assert search.organization == chonaikai_owner.memberships.get().organization


def test_a_listing_search_is_saved_from_its_own_page(client, outsider):
    client.force_login(outsider)
    assert "この条件で検索を保存" in client.get("/directory/listings/?q=見守り").content.decode()
    _save(client, "q=見守り&kind=need", scope="listings")
    listed = client.get("/searches/").content.decode()
    assert "募集・提供の検索" in listed
    assert "見守り" in listed


def test_wrong_conditions_are_refused_with_a_message_on_the_search_page(client, outsider):
    client.force_login(outsider)
    response = _save(client, "ward=atlantis&q=防災")
    assert response.status_code == 302
    assert unquote(response["Location"]) == "/directory/?ward=atlantis&q=防災"
    page = client.get(response["Location"]).content.decode()
    assert "検索を保存できませんでした。正しくない条件があります: 区・地域" in page
    assert not SavedSearch.objects.exists()


def test_an_anonymous_visitor_is_asked_to_sign_in(client):
    page = client.get(f"/directory/?{TAIHAKU_CHONAIKAI}").content.decode()
    assert "ログインすると、この条件で検索を保存して新着のお知らせを受け取れます" in page
    assert _save(client)["Location"].startswith("/accounts/login/")
    assert client.get("/searches/")["Location"].startswith("/accounts/login/")
    assert not SavedSearch.objects.exists()


@pytest.fixture
def members_search(chonaikai_owner):
    return saved_search_create(
        user=chonaikai_owner, scope="organizations", params={"q": "防災", "ward": "aoba"}
    )


@pytest.mark.parametrize("role", ["outsider", "company_member", "npo_editor", "staff"])
def test_nobody_else_sees_or_deletes_a_saved_search(client, members_search, role, request):
    client.force_login(request.getfixturevalue(role))
    assert "防災" not in client.get("/searches/").content.decode()
    assert client.post(f"/searches/{members_search.pk}/delete/").status_code == 404
    assert SavedSearch.objects.filter(pk=members_search.pk).exists()


def test_an_anonymous_visitor_cannot_delete_a_saved_search(client, members_search):
    assert client.post(f"/searches/{members_search.pk}/delete/").status_code == 302
    assert SavedSearch.objects.filter(pk=members_search.pk).exists()


def test_the_owner_deletes_their_saved_search(client, chonaikai_owner, members_search):
    client.force_login(chonaikai_owner)
    assert "防災" in client.get("/searches/").content.decode()
    response = client.post(f"/searches/{members_search.pk}/delete/", follow=True)
    assert "保存した検索を削除しました" in response.content.decode()
    assert not SavedSearch.objects.exists()
