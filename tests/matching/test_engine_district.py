"""The 地区 signal alone: a partner in the same 地区 (片平, 長町南…) comes before one elsewhere in
the same ward, which comes before one in a neighboring ward, among partners of equal fit; the
地区 never lifts a weak match past an exact one; a group with no ward or 地区 scores as before."""

import random

import pytest

from core.vocabulary import DISTRICTS, NEIGHBORING_AREAS
from matching.engine import COMPLEMENTS, Matcher, brute_force_suggest, render_reason
from matching.text import district_of
from tests.matching.enginekit import org, random_directory

FESTIVAL = ("祭", "担イ手", "運営", "準備")


def partners(profiles, org_id):
    return [m.partner_id for m in Matcher(profiles, neighbors=NEIGHBORING_AREAS).suggest(org_id)]


def test_same_district_comes_before_same_ward_before_a_neighboring_ward():
    dirs = [
        org(1, needs=["successors"], need_words=FESTIVAL, ward="aoba", district="片平"),
        org(2, offers=["successors"], offer_words=FESTIVAL, ward="wakabayashi", district="荒井"),
        org(3, offers=["successors"], offer_words=FESTIVAL, ward="aoba", district="上杉"),
        org(4, offers=["successors"], offer_words=FESTIVAL, ward="aoba", district="片平"),
        org(5, offers=["successors"], offer_words=FESTIVAL, ward="aoba"),  # 地区 unknown
    ]
    assert partners(dirs, 1) == [4, 3, 5, 2]


def test_the_same_district_name_in_another_ward_is_not_the_same_district():
    dirs = [
        org(1, needs=["successors"], need_words=FESTIVAL, ward="aoba", district="中山"),
        org(2, offers=["successors"], offer_words=FESTIVAL, ward="izumi", district="中山"),
        org(3, offers=["successors"], offer_words=FESTIVAL, ward="izumi"),
    ]
    [first, second] = Matcher(dirs, neighbors=NEIGHBORING_AREAS).suggest(1)
    assert first.score == second.score
    assert all(r["type"] != "same_district" for r in first.reasons)


@pytest.mark.parametrize(
    ("need", "related"), [(n, o) for n, row in COMPLEMENTS.items() for o in row]
)
def test_a_same_district_partner_with_a_related_tag_never_passes_a_distant_exact_one(need, related):
    dirs = [
        org(1, needs=[need], need_words=FESTIVAL, ward="wakabayashi", district="荒井"),
        org(2, offers=[need], offer_words=("清掃",), ward="izumi", kind="public"),
        org(3, offers=[related], offer_words=FESTIVAL, ward="wakabayashi", district="荒井",
            kind="public"),
    ]  # fmt: skip
    ranked = partners(dirs, 1)
    assert ranked.index(2) < ranked.index(3)


def test_a_same_district_partner_matching_by_text_alone_never_passes_a_distant_exact_one():
    dirs = [
        org(1, needs=["volunteers"], need_words=FESTIVAL, ward="wakabayashi", district="荒井"),
        org(2, offers=["volunteers"], ward="izumi"),
        org(3, offers=["equipment"], offer_words=FESTIVAL, ward="wakabayashi", district="荒井"),
    ]
    assert partners(dirs, 1) == [2, 3]


def test_the_reason_names_the_district_and_the_ward_in_both_languages():
    dirs = [
        org(1, needs=["successors"], ward="taihaku", district="長町南"),
        org(2, offers=["successors"], ward="taihaku", district="長町南"),
    ]
    [match] = Matcher(dirs, neighbors=NEIGHBORING_AREAS).suggest(1)
    [reason] = [r for r in match.reasons if r["type"] == "same_district"]
    names = {"taihaku": ("太白区", "Taihaku Ward"), "長町南": ("長町南", "Nagamachi-Minami")}

    def label(facet, slug, lang):
        return names[slug][1 if lang == "en" else 0]

    assert render_reason(reason, lang="ja", partner="", label=label) == (
        "同じ太白区の長町南で活動しています"
    )
    assert render_reason(reason, lang="en", partner="", label=label) == (
        "You are both active in Nagamachi-Minami, Taihaku Ward."
    )


@pytest.mark.parametrize(
    ("ward", "texts", "district"),
    [
        ("aoba", ("", "", "片平一丁目町内会"), "片平"),
        ("taihaku", ("長町南",), "長町南"),  # not 長町: the longest name wins
        ("izumi", ("泉ヶ丘",), "泉ケ丘"),
        ("izumi", ("泉が丘自治会",), "泉ケ丘"),
        ("akiu-branch", ("秋保町湯元",), "湯元"),
        ("wakabayashi", ("", "荒井東一丁目全域"), "荒井"),
        ("aoba", ("長町",), None),  # 長町 is in 太白区, not 青葉区
        ("aoba", ("どこか",), None),
        (None, ("片平",), None),
        ("unknown-ward", ("片平",), None),
    ],
)
def test_the_district_is_read_from_the_district_field_the_area_or_the_name(ward, texts, district):
    assert district_of(ward, *texts) == district


def test_every_curated_district_belongs_to_a_known_ward_and_has_an_english_name():
    assert set(DISTRICTS) == set(NEIGHBORING_AREAS)
    assert all(ja and en.isascii() for names in DISTRICTS.values() for ja, en in names)


@pytest.mark.parametrize("seed", range(4))
def test_with_districts_the_indexed_engine_still_returns_the_brute_force_ranking(seed):
    rng = random.Random(seed)
    base = random_directory(60, seed)
    dirs = []
    for p in base:
        names = [ja for ja, _en in DISTRICTS.get(p.ward or "", ())][:3]
        district = rng.choice([*names, None]) if names else None
        dirs.append(org_with(p, district))
    matcher = Matcher(dirs, neighbors=NEIGHBORING_AREAS)
    for p in dirs[:15]:
        want = brute_force_suggest(dirs, p.id, neighbors=NEIGHBORING_AREAS, model=matcher.model)
        assert [(m.partner_id, m.score) for m in matcher.suggest(p.id)] == [
            (m.partner_id, m.score) for m in want
        ]


def org_with(p, district):
    from dataclasses import replace

    return replace(p, district=district)


def test_organizations_with_no_ward_or_district_score_without_errors():
    dirs = [
        org(1, needs=["successors"], ward=None, district="片平"),
        org(2, offers=["successors"], ward=None),
        org(3, offers=["successors"], ward="aoba", district="片平"),
    ]
    assert sorted(partners(dirs, 1)) == [2, 3]


def test_the_pages_label_a_district_in_english_from_the_curated_table(db):
    from matching.selectors import tag_labeler

    label = tag_labeler()
    assert label("district", "片平", "en") == "Katahira"
    assert label("district", "片平", "ja") == "片平"


def test_the_snapshot_reads_the_district_field_first_then_the_name(db):
    from matching.services import directory_snapshot
    from tests.factories import OrganizationFactory, tag

    by_name = OrganizationFactory(name="片平一丁目町内会", ward=tag("area", "aoba"))
    by_field = OrganizationFactory(name="杜の会", district="五橋", ward=tag("area", "aoba"))
    nowhere = OrganizationFactory(name="杜の会2", district="長町", ward=tag("area", "aoba"))
    found = {p.id: p.district for p in directory_snapshot()}
    assert found[by_name.pk] == "片平"
    assert found[by_field.pk] == "五橋"
    assert found[nowhere.pk] is None  # 長町 is a 太白区 地区: not this group's


def test_a_reverse_alert_ranks_a_distant_exact_need_above_a_near_text_only_one():
    # A new offer of volunteers for a festival: the far group calling for exactly volunteers
    # comes before the neighbour whose call only reads alike (equipment for a festival).
    dirs = [
        org(1, offers=["venue"], ward="wakabayashi"),
        org(2, needs=["volunteers"], ward="izumi"),
        org(3, needs=["equipment"], need_words=FESTIVAL, ward="wakabayashi"),
        # volunteers is a common tag (its weight near the least an exact match gets)
        *(org(100 + i, offers=["volunteers"], ward="izumi") for i in range(40)),
    ]
    matcher = Matcher(dirs, neighbors=NEIGHBORING_AREAS)
    found = matcher.needing(
        ["volunteers"], words=FESTIVAL, owner_id=1, ward="wakabayashi", min_score=1
    )
    assert [org_id for org_id, _score, _why in found] == [2, 3]
