"""The suggestions page for a busy organization: paged, filtered by kind, ward and two-way
matches, one card per partner naming each pair of listings once."""

import re

import pytest

from matching.models import Suggestion
from matching.services import suggestions_rebuild
from tests.factories import OrganizationFactory, tag
from tests.matching.conftest import listing

pytestmark = pytest.mark.django_db

WARDS = ["aoba", "miyagino", "wakabayashi", "taihaku", "izumi"]


@pytest.fixture
def busy(npo):
    """The NPO needs volunteers; sixteen organizations offer them, three of which (the
    companies in Izumi) also need the NPO's venue."""
    listing(npo, "need", "volunteers", title="子ども食堂の配膳ボランティア")
    listing(npo, "offer", "venue", title="調理室をお貸しします")
    for i in range(16):
        kind = "company" if i < 4 else "university"
        org = OrganizationFactory(
            kind=kind, name=f"協力団体{i:02d}", name_kana=f"キョウリョクダンタイ{i:02d}",
            ward=tag("area", "izumi" if i < 3 else WARDS[i % 4]),
        )  # fmt: skip
        listing(org, "offer", "volunteers", title=f"ボランティア派遣{i:02d}")
        if i < 3:
            listing(org, "need", "venue", title=f"会場を探しています{i:02d}")
    suggestions_rebuild()
    return npo


def _cards(body: str) -> list[str]:
    return re.findall(r'class="suggestion-name"[^>]*><a [^>]*>([^<]+)</a>', body)


def test_the_first_page_shows_eight_cards_and_a_link_to_the_next(client, busy, npo_editor):
    client.force_login(npo_editor)
    total = Suggestion.objects.filter(organization=busy).count()
    assert total > 8
    body = client.get("/suggestions/").content.decode()
    assert len(_cards(body)) == 8
    assert f"{total}団体中 1〜8団体目" in body
    assert f"organization={busy.pk}&amp;page=2" in body
    second = client.get("/suggestions/", {"page": 2}).content.decode()
    assert len(_cards(second)) == total - 8
    assert not set(_cards(body)) & set(_cards(second))


def test_filters_narrow_the_list_and_pages_keep_them(client, busy, npo_editor):
    client.force_login(npo_editor)
    body = client.get("/suggestions/", {"kind": "company"}).content.decode()
    assert sorted(_cards(body)) == [f"協力団体{i:02d}" for i in range(4)]
    body = client.get("/suggestions/", {"ward": "izumi"}).content.decode()
    assert sorted(_cards(body)) == [f"協力団体{i:02d}" for i in range(3)]
    body = client.get("/suggestions/", {"mutual": "true"}).content.decode()
    assert sorted(_cards(body)) == [f"協力団体{i:02d}" for i in range(3)]
    body = client.get("/suggestions/", {"kind": "university"}).content.decode()
    assert "kind=university&amp;page=2" in body  # the next page keeps the filter
    assert '<option value="university" selected>' in body


def test_a_filter_nobody_matches_says_so_and_offers_to_clear_it(client, busy, npo_editor):
    client.force_login(npo_editor)
    body = client.get("/suggestions/", {"kind": "neighborhood_association"}).content.decode()
    assert _cards(body) == []
    assert "この条件に合うおすすめはありません。" in body
    assert "条件をはずす" in body


def test_a_bad_filter_value_is_ignored_with_a_message(client, busy, npo_editor):
    client.force_login(npo_editor)
    response = client.get("/suggestions/", {"ward": "atlantis", "kind": "company"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "この条件は使えないため、指定なしで表示しています。" in body
    assert sorted(_cards(body)) == [f"協力団体{i:02d}" for i in range(4)]


def test_a_dismissal_keeps_the_readers_filters_and_page(client, busy, npo_editor):
    client.force_login(npo_editor)
    suggestion = Suggestion.objects.filter(organization=busy, partner__kind="company").first()
    response = client.post(
        f"/suggestions/{suggestion.pk}/dismiss/",
        {"organization": busy.pk, "reason": "", "kind": "company", "page": "1"},
    )
    assert response.status_code == 302
    assert "kind=company" in response["Location"]


def test_a_pair_stored_once_per_tag_is_shown_once_with_its_tags(client, busy, npo_editor):
    # The first matcher wrote one reason per shared tag, each naming the same two listings;
    # rows it stored are still read until the next refresh.
    client.force_login(npo_editor)
    suggestion = Suggestion.objects.filter(organization=busy).order_by("rank").first()
    pair = {"type": "need_met", "need_titles": ["子ども食堂の配膳ボランティア"],
            "offer_titles": ["ボランティア派遣"]}  # fmt: skip
    suggestion.reasons = [
        {**pair, "need": "volunteers", "offer": "volunteers"},
        {**pair, "need": "employee-volunteers", "offer": "employee-volunteers"},
        {"type": "same_ward", "ward": "izumi"},
    ]
    suggestion.save()
    body = client.get("/suggestions/").content.decode()
    card = body.split(f'id="suggestion-{suggestion.pk}-name"')[1].split("</li>\n      ")[0]
    assert card.count("子ども食堂の配膳ボランティア") == 1
    assert "ボランティア、社員ボランティア" in card or "ボランティア・社員" in card, card
    api = client.get("/api/v1/suggestions/").json()
    reasons = next(r for r in api["results"] if r["id"] == suggestion.pk)["reasons"]
    assert [r["type"] for r in reasons] == ["need_met", "same_ward"]


def test_the_api_narrows_the_list_with_the_same_filters(client, busy, npo_editor):
    client.force_login(npo_editor)
    names = lambda params: sorted(  # noqa: E731
        r["partner"]["name"] for r in client.get("/api/v1/suggestions/", params).json()["results"]
    )
    assert names({"kind": "company"}) == [f"協力団体{i:02d}" for i in range(4)]
    assert names({"ward": "izumi", "mutual": "true"}) == [f"協力団体{i:02d}" for i in range(3)]
    assert client.get("/api/v1/suggestions/", {"kind": "castle"}).status_code == 400
