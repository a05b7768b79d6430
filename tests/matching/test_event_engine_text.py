"""Event suggestions read the words, as partner suggestions do: an event's title and description
against each of an organization's listings, by the same pair formula (same tag, a related tag the
texts support, or the texts alone); nearness only orders what already fits. Reasons quote the
organization's listing and say what ties it to the event, in Japanese and English."""

from datetime import UTC, datetime, timedelta

from core.vocabulary import NEIGHBORING_AREAS
from matching.engine import ListingData, OrgProfile
from matching.event_engine import (
    EventData,
    events_for_organization,
    organizations_for_event,
    render_event_reason,
)
from matching.text import listing_words

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def listing(kind, title, description="", *resources):
    return ListingData(
        kind, title, frozenset(resources), listing_words(title, description),
        f"{title}\n{description}",
    )  # fmt: skip


def group(id, *listings, ward=None, kind="npo", name=None):
    return OrgProfile(id=id, kind=kind, ward=ward, listings=listings, name=name or f"団体{id}")


def event(id, title, description="", *resources, ward=None, days=20, **kw):
    return EventData(
        id=id, title=title, starts_at=NOW + timedelta(days=days), ward=ward,
        resources=frozenset(resources), words=listing_words(title, description),
        text=f"{title}\n{description}", **kw,
    )  # fmt: skip


FESTIVAL_NEED = listing(
    "need",
    "夏祭りの担い手募集",
    "毎年8月の夏祭りの準備と運営を手伝ってくれる若い方を探しています。",
)
FESTIVAL_EVENT = ("夏祭りの運営を学ぶ交流会", "地域の夏祭りの準備・運営のノウハウを共有します。")


def test_an_event_whose_text_meets_a_need_under_no_shared_tag_is_suggested():
    chonaikai = group(1, FESTIVAL_NEED)
    found = events_for_organization(chonaikai, [event(10, *FESTIVAL_EVENT)], now=NOW)
    assert [m.event_id for m in found] == [10]
    [reason] = [r for r in found[0].reasons if r["type"] == "event_need"]
    assert reason["match"] == "text"
    assert reason["listing_title"] == "夏祭りの担い手募集"
    assert "祭" in reason["words"]


def test_an_event_sharing_only_a_coarse_tag_ranks_below_one_whose_text_agrees():
    accounting = listing(
        "need", "会計の相談先", "団体の決算と会計処理について相談できる専門家を探しています。",
        "expertise",
    )  # fmt: skip
    club = group(1, accounting)
    history = event(10, "郷土史ガイド講座", "地域の歴史を案内するガイドの育て方。", "expertise")
    books = event(11, "団体の会計講座", "決算と会計処理の基礎を専門家が解説します。", "expertise")
    found = events_for_organization(club, [history, books], now=NOW)
    assert [m.event_id for m in found] == [11, 10]
    assert found[0].score > found[1].score * 2


def test_a_related_tag_counts_only_when_the_texts_support_it():
    students = listing(
        "need", "調査に協力してくれる学生", "地域の買い物調査を学生と行いたい", "student-research"
    )
    lab = group(1, students)
    unrelated = event(10, "写真展の会場案内", "作品の展示と受付。", "research")
    supported = event(
        11, "学生と地域の調査報告会", "買い物調査の結果を学生が報告します。", "research"
    )
    found = events_for_organization(lab, [unrelated, supported], now=NOW)
    assert [m.event_id for m in found] == [11]


def test_nearness_never_carries_a_text_only_event_past_an_exact_one():
    chonaikai = group(1, listing("need", "担い手募集", "役員のなり手がいません", "successors"),
                      ward="wakabayashi")  # fmt: skip
    exact_far = event(10, "交流会", "", "successors", ward="izumi")
    text_near = event(11, "担い手募集の交流会", "役員のなり手について話します", ward="wakabayashi")
    found = events_for_organization(
        chonaikai, [exact_far, text_near], now=NOW, neighbors=NEIGHBORING_AREAS
    )
    assert [m.event_id for m in found] == [10, 11]


def test_an_event_that_can_use_an_offer_is_suggested_below_one_that_meets_a_need():
    npo = group(
        1,
        listing("need", "役員の担い手", "", "successors"),
        listing("offer", "会議室の貸し出し", "30人まで使える会議室", "venue"),
    )
    uses = event(10, "防災訓練", "", "venue")
    meets = event(11, "交流会", "", "successors")
    found = events_for_organization(npo, [uses, meets], now=NOW)
    assert [m.event_id for m in found] == [11, 10]
    assert found[1].reasons[0]["type"] == "event_offer"


def test_a_curator_is_shown_an_organization_whose_listing_text_fits_without_a_shared_tag():
    festival = group(1, FESTIVAL_NEED, name="若林東町内会")
    legal = group(2, listing("need", "法律相談", "契約書の確認をお願いしたい", "legal"))
    found = organizations_for_event(event(10, *FESTIVAL_EVENT), [festival, legal], now=NOW)
    assert [m.org_id for m in found] == [1]


def test_an_organization_with_no_listings_and_an_event_with_no_text_score_without_errors():
    empty = group(1)
    bare = EventData(id=10, title="", starts_at=NOW + timedelta(days=3))
    assert events_for_organization(empty, [bare], now=NOW) == []
    assert organizations_for_event(bare, [empty, group(2, FESTIVAL_NEED)], now=NOW) == []


def label(facet, slug, lang):
    names = {
        "successors": ("担い手・後継者", "Leaders and successors"),
        "venue": ("会場", "Venues"),
    }
    ja, en = names.get(slug, (slug, slug))
    return en if lang == "en" else ja


def test_the_reasons_quote_the_listing_and_the_tie_in_both_languages():
    reason = {"type": "event_need", "tag": "successors", "match": "exact",
              "listing_title": "夏祭りの担い手募集", "words": ["夏祭り"]}  # fmt: skip
    assert render_event_reason(reason, lang="ja", label=label) == (
        "貴団体の募集『夏祭りの担い手募集』に関わるテーマの催しです"
        "（どちらも『担い手・後継者』、共通の言葉「夏祭り」）"
    )
    assert render_event_reason(reason, lang="en", label=label) == (
        "Its theme meets your need “夏祭りの担い手募集” "
        "(both “Leaders and successors”; shared words: 夏祭り)."
    )


def test_a_curator_reads_which_offer_the_event_can_use():
    reason = {"type": "event_offer", "tag": "", "match": "text",
              "listing_title": "会議室の貸し出し", "words": ["会議室"]}  # fmt: skip
    ja = render_event_reason(reason, lang="ja", audience="curator", partner="杜の会", label=label)
    en = render_event_reason(reason, lang="en", audience="curator", partner="杜の会", label=label)
    assert ja == "杜の会の提供『会議室の貸し出し』を催しに生かせます（共通の言葉「会議室」）"
    assert en == "杜の会's offer “会議室の貸し出し” can serve the event (shared words: 会議室)."


def test_a_text_tie_with_no_words_to_show_says_nothing():
    reason = {
        "type": "event_need",
        "tag": "",
        "match": "text",
        "listing_title": "募集",
        "words": [],
    }
    assert render_event_reason(reason, lang="ja") == ""
