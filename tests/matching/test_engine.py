"""The matcher's scoring rules, one at a time, on plain data (no database)."""

import pytest

from core.vocabulary import NEIGHBORING_AREAS
from matching import engine
from matching.engine import Matcher, brute_force_suggest, render_reason
from tests.matching.enginekit import org


def suggest(profiles, org_id, **kw):
    return Matcher(profiles, neighbors=NEIGHBORING_AREAS, **kw).suggest(org_id)


def partners(profiles, org_id, **kw):
    return [m.partner_id for m in suggest(profiles, org_id, **kw)]


def score_of(profiles, org_id, partner_id, **kw):
    return next(m.score for m in suggest(profiles, org_id, **kw) if m.partner_id == partner_id)


def reason_types(match):
    return [r["type"] for r in match.reasons]


# A few bystanders keep the IDF realistic: volunteers is common, legal is rare.
BYSTANDERS = [
    org(100 + i, offers=["volunteers"], ward="izumi", kind="public") for i in range(6)
] + [org(120, needs=["legal"], ward="izumi", kind="public")]


def test_an_organization_whose_need_another_offers_is_suggested():
    dirs = [org(1, needs=["successors"]), org(2, offers=["successors"])]
    assert partners(dirs, 1) == [2]


def test_an_organization_with_nothing_complementary_is_not_suggested():
    dirs = [
        org(1, needs=["funding"], fields=["environment"]),
        org(2, needs=["funding"], fields=["environment"]),
    ]
    assert partners(dirs, 1) == []


def test_an_organization_with_no_listings_gets_an_empty_list():
    dirs = [org(1), org(2, offers=["volunteers"])]
    assert partners(dirs, 1) == []


FESTIVAL = ("祭", "担イ手", "運営")


def test_a_related_offer_the_texts_support_meets_a_need_but_weighs_less_than_the_same_tag():
    dirs = [
        org(1, needs=["successors"], need_words=FESTIVAL, ward=None),
        org(2, offers=["successors"], ward=None),
        org(3, offers=["youth-participation"], offer_words=FESTIVAL, ward=None),
        org(4, offers=["volunteers"], offer_words=("清掃", "公園"), ward=None),
    ]
    assert partners(dirs, 1) == [2, 3]
    assert score_of(dirs, 1, 2) > score_of(dirs, 1, 3) > 0


def test_a_related_tag_without_support_in_the_texts_meets_nothing():
    # The case: local-history guiding tagged `expertise` against accounting advice.
    dirs = [
        org(1, needs=["accounting"], need_words=("会計", "規約", "相談"), ward=None),
        org(2, offers=["expertise"], offer_words=("郷土史", "ガイド"), ward=None),
    ]
    assert partners(dirs, 1) == []
    assert partners(dirs, 2) == []


def test_the_same_tag_counts_more_when_the_texts_read_alike():
    dirs = [
        org(1, needs=["expertise"], need_words=("会計", "規約", "相談"), ward=None),
        org(2, offers=["expertise"], offer_words=("郷土史", "ガイド"), ward=None),
        org(3, offers=["expertise"], offer_words=("会計", "規約", "法人化"), ward=None),
    ]
    assert partners(dirs, 1) == [3, 2]
    assert score_of(dirs, 1, 3) > score_of(dirs, 1, 2) > 0


def test_texts_alone_match_across_unrelated_tags_below_any_exact_match():
    dirs = [
        org(1, needs=["volunteers"], need_words=("花壇", "植エ付ケ", "土"), ward=None),
        org(2, offers=["equipment"], offer_words=("花壇", "植エ付ケ", "花苗"), ward=None),
        org(3, offers=["volunteers"], offer_words=("清掃",), ward=None),
    ]
    assert partners(dirs, 1) == [3, 2]
    [_, text_only] = suggest(dirs, 1)
    assert text_only.reasons[0]["match"] == "text"


def test_a_rare_need_met_weighs_more_than_a_common_one():
    dirs = BYSTANDERS + [
        org(1, needs=["volunteers", "legal"], ward=None),
        org(2, offers=["volunteers"], ward=None),
        org(3, offers=["legal"], ward=None),
    ]
    assert score_of(dirs, 1, 3) > score_of(dirs, 1, 2)


def test_an_offer_meeting_the_other_sides_need_counts_too():
    dirs = [org(1, offers=["venue"]), org(2, needs=["venue"])]
    [match] = suggest(dirs, 1)
    assert match.partner_id == 2
    assert reason_types(match)[0] == "offer_used"


def test_a_pair_meeting_each_others_needs_is_marked_mutual_and_ranks_first():
    dirs = [
        org(1, needs=["venue"], offers=["it-digital"], ward=None),
        org(2, offers=["venue"], needs=["it-digital"], ward=None),
        org(3, offers=["venue", "it-digital"], ward=None),
    ]
    first, second = suggest(dirs, 1)
    assert (first.partner_id, first.mutual) == (2, True)
    assert (second.partner_id, second.mutual) == (3, False)
    assert "mutual" in reason_types(first)


def test_a_one_way_match_is_not_marked_mutual():
    dirs = [org(1, needs=["venue"]), org(2, offers=["venue"])]
    assert suggest(dirs, 1)[0].mutual is False


@pytest.mark.parametrize(
    ("extra", "reason"),
    [
        ({"targets": ["older-people"]}, "shared_targets"),
        ({"fields": ["environment"]}, "shared_fields"),
        ({"sdgs": ["sdg-11"]}, "shared_sdgs"),
    ],
)
def test_shared_targets_fields_and_sdgs_raise_the_score(extra, reason):
    plain = [org(1, needs=["venue"], ward=None, **extra), org(2, offers=["venue"], ward=None)]
    shared = [
        org(1, needs=["venue"], ward=None, **extra),
        org(2, offers=["venue"], ward=None, **extra),
    ]
    assert score_of(shared, 1, 2) > score_of(plain, 1, 2)
    assert reason in reason_types(suggest(shared, 1)[0])
    assert reason not in reason_types(suggest(plain, 1)[0])


def test_the_same_ward_beats_a_neighboring_ward_which_beats_a_distant_one():
    dirs = [
        org(1, needs=["venue"], ward="izumi"),
        org(2, offers=["venue"], ward="izumi"),
        org(3, offers=["venue"], ward="miyagino"),  # borders Izumi
        org(4, offers=["venue"], ward="taihaku"),  # does not
    ]
    assert partners(dirs, 1) == [2, 3, 4]
    types = {m.partner_id: reason_types(m) for m in suggest(dirs, 1)}
    assert "same_ward" in types[2]
    assert "neighboring_ward" in types[3]
    assert not {"same_ward", "neighboring_ward"} & set(types[4])


def test_a_chonaikai_and_a_theme_based_partner_get_the_viewpoint2_bonus():
    dirs = [
        org(1, kind="neighborhood_association", needs=["successors"], ward=None),
        org(2, kind="university", offers=["successors"], ward=None),
        org(3, kind="public", offers=["successors"], ward=None),
    ]
    assert partners(dirs, 1) == [2, 3]
    assert "viewpoint2" in reason_types(suggest(dirs, 1)[0])


def test_two_theme_based_organizations_get_no_viewpoint2_bonus():
    dirs = [
        org(1, kind="npo", needs=["successors"]),
        org(2, kind="university", offers=["successors"]),
    ]
    assert "viewpoint2" not in reason_types(suggest(dirs, 1)[0])


def test_a_partner_of_another_kind_comes_before_a_peer_of_the_same_kind_with_the_same_offer():
    # Two universities both offer student research; the NPO asking is served by either, but a
    # university asking for field-work hosts is not helped by another university's offer as
    # much as by a group of another kind offering the same.
    dirs = [
        org(1, kind="university", needs=["network"], ward="aoba"),
        org(2, kind="university", offers=["network"], ward="aoba"),
        org(3, kind="public", offers=["network"], ward="aoba"),
    ]
    assert partners(dirs, 1) == [3, 2]
    assert score_of(dirs, 1, 2) < score_of(dirs, 1, 3)
    # Between two partners of other kinds nothing changes: the lower id breaks the tie.
    dirs[0] = org(1, kind="npo", needs=["network"], ward="aoba")
    assert score_of(dirs, 1, 2) == score_of(dirs, 1, 3)


def test_an_organization_is_never_suggested_to_itself():
    dirs = [org(1, needs=["venue"], offers=["venue"])]
    assert partners(dirs, 1) == []


def test_organizations_sharing_a_member_are_not_suggested_to_each_other():
    dirs = [org(1, needs=["venue"], members=[7]), org(2, offers=["venue"], members=[7, 8])]
    assert partners(dirs, 1) == []
    assert partners(dirs, 2) == []


def test_organizations_with_different_members_are_suggested():
    dirs = [org(1, needs=["venue"], members=[7]), org(2, offers=["venue"], members=[8])]
    assert partners(dirs, 1) == [2]


def test_a_dismissed_pair_is_hidden_in_both_directions():
    dirs = [org(1, needs=["venue"]), org(2, offers=["venue"]), org(3, offers=["venue"])]
    assert partners(dirs, 1, dismissed=[(1, 2)]) == [3]
    assert partners(dirs, 2, dismissed=[(1, 2)]) == []


@pytest.mark.parametrize("status", ["draft", "pending", "suspended", "returned"])
def test_an_unpublished_or_suspended_organization_is_never_suggested(status):
    dirs = [org(1, needs=["venue"]), org(2, offers=["venue"], status=status)]
    assert partners(dirs, 1) == []


def test_an_unpublished_organization_gets_no_suggestions():
    dirs = [org(1, needs=["venue"], status="suspended"), org(2, offers=["venue"])]
    assert partners(dirs, 1) == []


def test_a_tag_unknown_to_the_vocabulary_does_not_break_scoring():
    dirs = [
        org(1, needs=["retired-tag", "venue"]),
        org(2, offers=["retired-tag"]),
        org(3, offers=["venue"]),
    ]
    assert set(partners(dirs, 1)) == {2, 3}


def test_at_most_k_suggestions_come_back():
    dirs = [org(1, needs=["venue"])] + [org(i, offers=["venue"]) for i in range(2, 40)]
    assert len(Matcher(dirs).suggest(1, k=20)) == 20


def test_candidates_come_from_the_index_not_from_every_organization(monkeypatch):
    dirs = [org(1, needs=["venue"])] + [org(i, needs=["legal"]) for i in range(2, 500)]
    dirs.append(org(999, offers=["venue"]))
    matcher = Matcher(dirs)
    assert matcher.candidates(dirs[0]) == {999}
    calls = []
    real = engine.score_pair
    monkeypatch.setattr(engine, "score_pair", lambda *a: calls.append(1) or real(*a))
    assert [m.partner_id for m in matcher.suggest(1)] == [999]
    assert len(calls) == 1


def test_a_change_affects_the_organizations_it_complements():
    dirs = [org(1, offers=["venue"]), org(2, needs=["venue"]), org(3, needs=["legal"])]
    matcher = Matcher(dirs)
    assert matcher.affected_by(dirs[0]) == {1, 2}


def test_the_brute_force_reference_gives_the_same_answer_on_a_small_case():
    dirs = [
        org(1, needs=["venue"], offers=["design"]),
        org(2, offers=["venue"]),
        org(3, needs=["publicity"]),
    ]
    indexed = Matcher(dirs, neighbors=NEIGHBORING_AREAS).suggest(1)
    reference = brute_force_suggest(dirs, 1, neighbors=NEIGHBORING_AREAS)
    assert indexed == reference


# --- Reasons in words --------------------------------------------------------------------------

LABELS = {
    ("resource", "successors"): ("担い手・後継者", "Leaders and successors"),
    ("resource", "student-research"): ("学生・研究協力", "Students and research cooperation"),
    ("area", "aoba"): ("青葉区", "Aoba Ward"),
    ("target", "older-people"): ("高齢者", "Older people"),
    ("target", "children"): ("子ども", "Children"),
}


def label(facet, slug, lang):
    ja, en = LABELS.get((facet, slug), (slug, slug))
    return en if lang == "en" else ja


def test_a_need_met_reads_as_a_japanese_sentence():
    reason = {"type": "need_met", "need": "successors", "offer": "student-research"}
    text = render_reason(reason, lang="ja", partner="〇〇大学", label=label)
    assert (
        text
        == "貴団体の『担い手・後継者』の募集に、〇〇大学の『学生・研究協力』の提供が合っています"
    )


def test_a_need_met_reads_as_an_english_sentence():
    reason = {"type": "need_met", "need": "successors", "offer": "student-research"}
    text = render_reason(reason, lang="en-us", partner="Tohoku Lab", label=label)
    assert text == (
        "Your call for “Leaders and successors” is met by Tohoku Lab's offer of "
        "“Students and research cooperation”."
    )


def test_shared_targets_list_every_label_in_the_language_asked():
    reason = {"type": "shared_targets", "tags": ["children", "older-people"]}
    assert render_reason(reason, lang="ja", partner="X", label=label) == (
        "同じ対象（子ども、高齢者）に向けて活動しています"
    )
    assert render_reason(reason, lang="en", partner="X", label=label) == (
        "You both work for: Children, Older people."
    )


def test_every_reason_the_engine_writes_has_a_sentence_in_both_languages():
    dirs = [
        org(1, kind="neighborhood_association", needs=["venue"], offers=["design"],
            targets=["children"], fields=["environment"], sdgs=["sdg-4"], ward="aoba"),
        org(2, kind="npo", offers=["venue"], needs=["design"], targets=["children"],
            fields=["environment"], sdgs=["sdg-4"], ward="aoba"),
        org(3, kind="npo", offers=["venue"], ward="izumi"),
    ]  # fmt: skip
    for match in suggest(dirs, 1):
        for reason in match.reasons:
            for lang in ("ja", "en"):
                assert render_reason(reason, lang=lang, partner="相手", label=label)


def test_an_unknown_reason_type_renders_as_nothing():
    assert render_reason({"type": "from-the-future"}, lang="ja", partner="X") == ""


# --- Reverse alerts -----------------------------------------------------------------------------


def test_a_new_offer_finds_the_organizations_whose_needs_it_meets_best():
    dirs = [
        org(1, offers=["venue"], ward="aoba"),
        org(2, needs=["venue"], ward="aoba"),
        org(3, needs=["venue"], ward="izumi"),
        org(4, needs=["equipment"], ward="aoba"),
        org(5, needs=["legal"], ward="aoba"),
    ]
    found = Matcher(dirs, neighbors=NEIGHBORING_AREAS).needing(["venue"], owner_id=1, ward="aoba")
    assert [b for b, _score, _why in found] == [2, 3]
    assert found[0][2] == [("venue", "venue", found[0][2][0][2])]


def test_a_new_offer_never_alerts_its_own_organization_or_one_sharing_a_member():
    dirs = [
        org(1, offers=["venue"], needs=["venue"], members=[9]),
        org(2, needs=["venue"], members=[9]),
        org(3, needs=["venue"]),
    ]
    found = Matcher(dirs).needing(["venue"], owner_id=1)
    assert [b for b, _s, _w in found] == [3]
