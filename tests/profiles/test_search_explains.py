"""Search that explains: relevance order by default (exact name, then name, then tag, then the
rest), 五十音順 by the stored reading as an option, a 「一致: …」 line per result, and the
directory finding what only a listing's tags or texts say."""

import pytest
from django.test import Client

from core.textnorm import reading
from profiles import selectors
from profiles.filters import OrganizationFilter
from profiles.services.imports import directory_import
from profiles.services.organizations import organization_update
from tests.factories import tags

pytestmark = pytest.mark.django_db


def _names(**params):
    qs = OrganizationFilter(params, queryset=selectors.organization_directory()).qs
    return list(qs.values_list("name", flat=True))


@pytest.fixture
def kodomo(make_org, make_listing):
    """Four groups 子ども食堂 finds, each for another reason; their readings put the exact
    match last in 五十音順."""
    exact = make_org(name="子ども食堂", kana="ワコドモショクドウ")
    named = make_org(name="あおば子ども食堂ネット", kana="アオバコドモショクドウネット")
    tagged = make_org(name="いずみ見守りの会", kana="イズミミマモリノカイ")
    make_listing(tagged, title="配食の担い手", resource="food",
                 tags=tags("resource", "food") + tags("target", "children"))  # fmt: skip
    texted = make_org(name="うみの町内会", kana="ウミノチョウナイカイ")
    make_listing(texted, title="子ども食堂の会場を探しています", resource="venue")
    return exact, named, tagged, texted


def test_the_exact_name_comes_first_then_names_then_tags_then_listing_texts(kodomo):
    assert _names(q="子ども食堂") == ["子ども食堂", "あおば子ども食堂ネット", "うみの町内会"]
    # こども is a word of both names, the whole of neither: both are name hits, in 五十音順.
    assert _names(q="こども") == [
        "あおば子ども食堂ネット", "子ども食堂", "いずみ見守りの会", "うみの町内会",
    ]  # fmt: skip


def test_gojuon_order_is_an_option_and_follows_the_stored_reading(kodomo):
    assert _names(q="こども", sort="kana") == [
        "あおば子ども食堂ネット", "いずみ見守りの会", "うみの町内会", "子ども食堂",
    ]  # fmt: skip


def test_without_a_keyword_the_directory_is_in_gojuon_order(kodomo):
    assert _names() == ["あおば子ども食堂ネット", "いずみ見守りの会", "うみの町内会", "子ども食堂"]


def test_a_group_whose_need_is_only_tagged_is_found_by_the_directory(make_org, make_listing):
    org = make_org(name="長町の会", kana="ナガマチノカイ")
    make_listing(org, title="声かけ訪問", tags=tags("resource", "volunteers")
                 + tags("target", "older-people"))  # fmt: skip
    assert _names(q="高齢者") == ["長町の会"]


def test_the_reading_comes_from_the_furigana_or_else_from_sudachi():
    assert reading("片平一丁目町内会", kana="カタヒライッチョウメチョウナイカイ") == (
        "かたひらいっちょうめちょうないかい"
    )
    assert reading("NPO法人 みやぎ防災サポート") == "みやぎぼうさいさぽーと"
    assert reading("株式会社 杜の都電機") == "もりのとでんき"


def test_the_stored_reading_follows_a_renamed_profile(make_org, staff):
    org = make_org(name="旧名の会", kana="キュウメイノカイ")
    organization_update(organization=org, by=staff, name="新名の会", name_kana="シンメイノカイ")
    org.refresh_from_db()
    assert org.name_reading == "しんめいのかい"


def test_each_result_says_why_it_matched(kodomo):
    page = Client().get("/directory/?q=子ども食堂").content.decode()
    assert "一致:</span>\n名前「子ども食堂」" in page
    assert "ニーズ「子ども食堂の会場を探しています」" in page


def test_a_tag_match_is_named_in_the_line(kodomo):
    page = Client().get("/directory/?q=こども").content.decode()
    assert "タグ「子ども」" in page


def test_the_line_is_in_english_for_an_english_reader(kodomo):
    client = Client()
    client.post("/language/", {"language": "en", "next": "/"})
    page = client.get("/directory/?q=子ども食堂").content.decode()
    assert "Matched:</span>" in page
    assert "name “子ども食堂”" in page


def test_a_listing_result_says_why_it_matched(kodomo):
    page = Client().get("/directory/listings/?q=子ども食堂").content.decode()
    assert "件名「子ども食堂の会場を探しています」" in page


def test_an_import_sets_the_reading_and_finds_listing_tags():
    from profiles.importer import plan_import
    from profiles.models import Organization

    orgs = (
        "external_id,name,name_kana,kind,ward\n"
        "x1,株式会社 杜の都電機,モリノミヤコデンキ,企業,青葉区\n"
    )
    listings = "org_external_id,kind,title,tags\nx1,募集,声かけ訪問,ボランティア;高齢者\n"
    plan = plan_import(
        organizations=(orgs.encode(), "o.csv"), listings=(listings.encode(), "l.csv")
    )
    directory_import(plan=plan, by=None)
    assert Organization.objects.get().name_reading == "もりのみやこでんき"
    assert _names(q="高齢者") == ["株式会社 杜の都電機"]


def test_the_listing_search_ranks_title_hits_before_tag_and_text_hits(make_org, make_listing):
    from profiles.filters import ListingFilter

    org = make_org(name="長町の会", kana="ナガマチノカイ")
    make_listing(org, title="高齢者の見守り")  # oldest, but the title says it
    make_listing(org, title="声かけ訪問", tags=tags("resource", "volunteers")
                 + tags("target", "older-people"))  # fmt: skip
    make_listing(org, title="夏祭りの手伝い", description="高齢者の送迎もあります")  # newest
    qs = ListingFilter({"q": "高齢者"}, queryset=selectors.listing_directory()).qs
    assert list(qs.values_list("title", flat=True)) == [
        "高齢者の見守り", "声かけ訪問", "夏祭りの手伝い",
    ]  # fmt: skip
    newest = ListingFilter(
        {"q": "高齢者", "sort": "newest"}, queryset=selectors.listing_directory()
    )
    assert list(newest.qs.values_list("title", flat=True))[0] == "夏祭りの手伝い"


def test_a_kind_match_is_named_in_the_readers_language(make_org):
    make_org(name="長町の会", kana="ナガマチノカイ", kind="neighborhood_association")
    assert "種別「町内会・自治会」" in Client().get("/directory/?q=町内会").content.decode()
    english = Client()
    english.post("/language/", {"language": "en", "next": "/"})
    page = english.get("/directory/?q=町内会").content.decode()
    assert "type “Neighborhood associations”" in page
