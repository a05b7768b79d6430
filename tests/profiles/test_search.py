"""The directory's Japanese keyword search and filters (page and API share the FilterSets)."""

import pytest

from profiles import selectors
from profiles.filters import ListingFilter, OrganizationFilter
from profiles.services.organizations import organization_update, organization_verify
from tests.factories import tag, tags

pytestmark = pytest.mark.django_db


def _search(**params):
    return list(
        OrganizationFilter(params, queryset=selectors.organization_directory()).qs.values_list(
            "name", flat=True
        )
    )


@pytest.fixture
def shokudo(make_org):
    return make_org(
        name="若林こども食堂", kana="ワカバヤシコドモショクドウ", ward="wakabayashi",
        description="地域の子供たちに温かい夕食を。", fields=tags("field", "child-development"),
    )  # fmt: skip


@pytest.fixture
def chonaikai_pub(make_org):
    return make_org(
        name="八幡町内会", kana="ヤワタチョウナイカイ", kind="neighborhood_association",
        description="防災訓練と夏祭り", fields=tags("field", "disaster-prevention"),
    )  # fmt: skip


@pytest.mark.parametrize("q", ["こども", "子ども", "子供", "ｺﾄﾞﾓ"])
def test_spelling_variants_of_kodomo_all_find_the_childrens_cafeteria(shokudo, chonaikai_pub, q):
    assert _search(q=q) == ["若林こども食堂"]


def test_a_kana_query_finds_a_kanji_word_by_its_reading(shokudo, chonaikai_pub):
    assert _search(q="しょくどう") == ["若林こども食堂"]
    assert _search(q="ちょうないかい") == ["八幡町内会"]


def test_a_word_inside_a_compound_is_found(shokudo, chonaikai_pub):
    assert _search(q="食堂") == ["若林こども食堂"]
    assert _search(q="防災") == ["八幡町内会"]


def test_full_width_latin_matches_half_width(make_org):
    make_org(name="ＮＰＯ法人 杜の環", kana="モリノワ")
    assert _search(q="npo") == ["ＮＰＯ法人 杜の環"]


def test_every_word_of_the_query_must_match(shokudo, chonaikai_pub):
    assert _search(q="こども 防災") == []
    assert _search(q="こども 若林") == ["若林こども食堂"]


def test_a_word_that_appears_nowhere_finds_nothing(shokudo):
    assert _search(q="宇宙開発") == []


def test_an_open_listing_makes_its_organization_findable(chonaikai_pub, make_listing, staff):
    make_listing(chonaikai_pub, title="お祭りの太鼓の叩き手を募集")
    assert _search(q="太鼓") == ["八幡町内会"]


def test_drafts_never_appear_in_the_directory(make_org, outsider):
    make_org(name="下書きの団体", kana="シタガキ", by=outsider)
    assert _search(q="下書き") == []


def test_filter_by_kind_and_ward(shokudo, chonaikai_pub):
    assert _search(kind="neighborhood_association") == ["八幡町内会"]
    assert _search(ward="wakabayashi") == ["若林こども食堂"]


def test_a_ward_includes_its_branch_area(make_org):
    make_org(name="作並の会", kana="サクナミノカイ", ward="miyagi-branch")
    assert _search(ward="aoba") == ["作並の会"]


def test_need_and_offer_resource_filters_are_separate(shokudo, chonaikai_pub, make_listing):
    make_listing(shokudo, kind="need", resource="food", title="食材の寄付")
    make_listing(chonaikai_pub, kind="offer", resource="food", title="畑の野菜")
    assert _search(need="food") == ["若林こども食堂"]
    assert _search(offer="food") == ["八幡町内会"]


def test_has_open_needs_and_verified_filters(shokudo, chonaikai_pub, make_listing, staff):
    make_listing(shokudo, kind="need")
    organization_verify(organization=chonaikai_pub, by=staff)
    assert _search(open_needs="true") == ["若林こども食堂"]
    assert _search(verified="true") == ["八幡町内会"]


def test_yoshi_filter_finds_declared_companies(make_org):
    make_org(name="杜の都電機", kana="モリノミヤコデンキ", kind="company", yoshi_declared=True)
    make_org(name="青葉商事", kana="アオバショウジ", kind="company")
    assert _search(yoshi="true") == ["杜の都電機"]


def test_field_sdg_and_target_filters(shokudo, chonaikai_pub, make_listing):
    organization_update(organization=shokudo, by=shokudo.created_by, sdgs=tags("sdg", "sdg-2"))
    make_listing(shokudo, tags=[tag("resource", "food"), tag("target", "children")])
    assert _search(field="disaster-prevention") == ["八幡町内会"]
    assert _search(sdg="sdg-2") == ["若林こども食堂"]
    assert _search(target="children") == ["若林こども食堂"]


def test_default_sort_is_gojuon_by_reading_and_newest_reverses_creation(make_org):
    make_org(name="B", kana="イイ")
    make_org(name="A", kana="アア")
    make_org(name="C", kana="ウウ")
    assert _search() == ["A", "B", "C"]
    assert _search(sort="newest") == ["C", "A", "B"]


def test_listing_search_finds_kana_queries_and_filters_by_resource(shokudo, make_listing):
    make_listing(shokudo, title="食材の寄付をお願いします", resource="food")
    make_listing(shokudo, title="配達ボランティア", resource="transport")
    found = ListingFilter({"q": "しょくざい"}, queryset=selectors.listing_directory()).qs
    assert [x.title for x in found] == ["食材の寄付をお願いします"]
    found = ListingFilter({"resource": "transport"}, queryset=selectors.listing_directory()).qs
    assert [x.title for x in found] == ["配達ボランティア"]
