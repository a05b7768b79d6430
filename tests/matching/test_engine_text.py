"""Matcher v2's signals one at a time, on plain data: words, synonyms, nearness that breaks ties
but never lifts a weak match past an exact one, freshness, reasons that quote both listings, and
bad input that still scores."""

import random

import pytest

from core.vocabulary import NEIGHBORING_AREAS
from matching import engine
from matching.engine import COMPLEMENTS, ListingData, Matcher, OrgProfile, render_reason
from matching.text import listing_words, text_targets
from tests.matching.enginekit import org, random_directory


def partners(profiles, org_id):
    return [m.partner_id for m in Matcher(profiles, neighbors=NEIGHBORING_AREAS).suggest(org_id)]


# --- Words and synonyms -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("夏祭りの後継者を探しています", "お祭りの担い手になりたい"),
        ("こども食堂の配膳", "子ども食堂を手伝います"),
        ("一人暮らしの方の安否確認", "見守り活動をしています"),
        ("町内会館を使いたい", "集会所をお貸しします"),
        ("スマホ教室", "スマートフォンの使い方"),
    ],
)
def test_spelling_variants_and_curated_synonyms_share_a_word(one, other):
    assert set(listing_words(one)) & set(listing_words(other))


def test_function_words_and_readings_are_left_out():
    words = listing_words("夏祭りの担い手募集", "準備を手伝ってくれる方を探しています。")
    assert "ノ" not in words
    assert "ヲ" not in words
    assert "ナツマツリ" not in words  # the reading of a kanji word would only repeat it


def test_target_groups_are_read_from_the_text_too():
    assert text_targets("小学生のサッカーの練習場所") == {"children"}
    assert "older-people" in text_targets("一人暮らしのお年寄りの見守り")


# --- Nearness, and weak against exact -----------------------------------------------------------

FESTIVAL = ("祭", "担イ手", "運営", "準備")


@pytest.mark.parametrize(
    ("need", "related"), [(n, o) for n, row in COMPLEMENTS.items() for o in row]
)
def test_a_near_partner_with_a_related_tag_never_passes_a_distant_exact_one(need, related):
    rng = random.Random(f"{need}{related}")
    bystanders = [
        org(
            100 + i, offers=[rng.choice([need, related, "volunteers"])], ward="izumi", kind="public"
        )
        for i in range(rng.randint(0, 8))
    ]
    dirs = bystanders + [
        org(1, needs=[need], need_words=FESTIVAL, ward="wakabayashi", kind="npo"),
        org(2, offers=[need], offer_words=("清掃",), ward="izumi", kind="npo"),  # far, no words
        org(3, offers=[related], offer_words=FESTIVAL, ward="wakabayashi", kind="npo"),
    ]
    ranked = partners(dirs, 1)
    assert ranked.index(2) < ranked.index(3)


def test_a_near_partner_matching_by_text_alone_never_passes_a_distant_exact_one():
    dirs = [
        org(1, needs=["volunteers"], need_words=FESTIVAL, ward="wakabayashi"),
        org(2, offers=["volunteers"], ward="izumi"),
        org(3, offers=["equipment"], offer_words=FESTIVAL, ward="wakabayashi"),
    ]
    assert partners(dirs, 1) == [2, 3]


def test_between_two_exact_matches_the_nearer_partner_comes_first():
    dirs = [
        org(1, needs=["successors"], need_words=FESTIVAL, ward="wakabayashi"),
        org(2, offers=["successors"], offer_words=FESTIVAL, ward="izumi"),
        org(3, offers=["successors"], offer_words=FESTIVAL, ward="wakabayashi"),
        org(4, offers=["successors"], offer_words=FESTIVAL, ward="taihaku"),  # borders 若林
    ]
    assert partners(dirs, 1) == [3, 4, 2]


def test_the_wards_that_border_each_other_are_sendais():
    assert NEIGHBORING_AREAS["izumi"] >= {"aoba", "miyagino"}
    assert "wakabayashi" not in NEIGHBORING_AREAS["izumi"]
    assert "taihaku" not in NEIGHBORING_AREAS["miyagino"]
    assert NEIGHBORING_AREAS["wakabayashi"] == {"aoba", "miyagino", "taihaku"}


def test_a_recently_updated_partner_comes_before_a_dormant_twin():
    fresh = org(2, offers=["venue"], ward=None)
    dormant = org(3, offers=["venue"], ward=None)
    dirs = [
        org(1, needs=["venue"], ward=None),
        OrgProfile(**{**fresh.__dict__, "idle_days": 3}),
        OrgProfile(**{**dormant.__dict__, "idle_days": 400}),
    ]
    assert partners(dirs, 1) == [2, 3]


# --- Reasons that hold ------------------------------------------------------------------------


def test_a_reason_quotes_both_titles_and_the_words_that_tie_them():
    need_text, offer_text = "祭りの担い手募集", "祭りの担い手になりたい若者"
    need = ListingData("need", "夏祭りの担い手募集", frozenset({"successors"}),
                       listing_words(need_text), need_text)  # fmt: skip
    offer = ListingData("offer", "お祭りのお手伝い", frozenset({"youth-participation"}),
                        listing_words(offer_text), offer_text)  # fmt: skip
    dirs = [
        OrgProfile(1, "neighborhood_association", "wakabayashi", listings=(need,)),
        OrgProfile(2, "youth_group", "wakabayashi", listings=(offer,)),
    ]
    [match] = Matcher(dirs).suggest(1)
    reason = match.reasons[0]
    assert (reason["need_title"], reason["offer_title"]) == (
        "夏祭りの担い手募集",
        "お祭りのお手伝い",
    )
    assert "祭" in "".join(reason["words"])
    text = render_reason(reason, lang="ja", partner="若林わかもの会")
    assert "『夏祭りの担い手募集』" in text
    assert "『お祭りのお手伝い』" in text
    assert "共通の言葉" in text
    english = render_reason(reason, lang="en", partner="Wakabayashi Youth")
    assert "“夏祭りの担い手募集”" in english
    assert "shared words" in english


@pytest.mark.parametrize("seed", range(12))
def test_no_reason_joins_two_listings_whose_texts_and_tags_share_nothing(seed):
    profiles = random_directory(40, seed)
    listings = {lst.title: lst for p in profiles for lst in p.listings}
    matcher = Matcher(profiles, neighbors=NEIGHBORING_AREAS)
    for p in profiles:
        for match in matcher.suggest(p.id):
            for reason in match.reasons:
                if reason["type"] not in ("need_met", "offer_used"):
                    continue
                need, offer = listings[reason["need_title"]], listings[reason["offer_title"]]
                shared_tags = need.resources & offer.resources
                related = any(u in offer.resources for t in need.resources
                              for u in COMPLEMENTS.get(t, {}))  # fmt: skip
                shared_words = set(need.words) & set(offer.words)
                assert shared_tags or (related and shared_words) or shared_words


# --- Bad input --------------------------------------------------------------------------------


def test_empty_one_word_english_and_romaji_listings_with_no_ward_all_score():
    texts = ["", "募集", "English tutoring for kids", "Doyoubi ni kaigishitsu", "!!!"]
    dirs = []
    for i, text in enumerate(texts, start=1):
        words = listing_words(text, text)
        dirs.append(OrgProfile(i, "npo", None, listings=(
            ListingData("need", text, frozenset({"venue"}), words, text),
            ListingData("offer", text, frozenset({"retired-tag"}), words, text),
        )))  # fmt: skip
    dirs.append(OrgProfile(99, "npo", None, listings=(ListingData("offer", "", frozenset()),)))
    matcher = Matcher(dirs, neighbors=NEIGHBORING_AREAS)
    for p in dirs:
        assert isinstance(matcher.suggest(p.id), list)
    assert {b for b, _s, _w in matcher.needing(["venue"], words=("english",))} == {1, 2, 3, 4, 5}


def test_a_directory_with_no_words_at_all_still_matches_by_tags():
    dirs = [org(1, needs=["venue"]), org(2, offers=["venue"])]
    assert engine.Model(dirs).vectorizer is None
    assert partners(dirs, 1) == [2]
