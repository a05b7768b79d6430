"""Event suggestions on plain data: which upcoming events suit an organization, and which
organizations a curator should invite, with reasons."""

from datetime import UTC, datetime, timedelta

from core.vocabulary import NEIGHBORING_AREAS
from matching.event_engine import (
    EventData,
    events_for_organization,
    organizations_for_event,
    render_event_reason,
)
from tests.matching.enginekit import org

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def event(id, days=20, ward="aoba", **kw):
    return EventData(
        id=id,
        title=f"交流会{id}",
        starts_at=NOW + timedelta(days=days),
        ward=ward,
        fields=frozenset(kw.pop("fields", ())),
        targets=frozenset(kw.pop("targets", ())),
        resources=frozenset(kw.pop("resources", ())),
        **kw,
    )


def ids(matches, attr="event_id"):
    return [getattr(m, attr) for m in matches]


def test_an_event_on_a_theme_the_organization_needs_is_suggested():
    chonaikai = org(1, needs=["successors"], ward=None)
    found = events_for_organization(chonaikai, [event(10, resources=["successors"])], now=NOW)
    assert ids(found) == [10]
    reason = found[0].reasons[0]
    assert (reason["type"], reason["tag"], reason["match"]) == ("event_need", "successors", "exact")
    assert reason["listing_title"] == "successors を募集"


def test_an_event_touching_nothing_the_organization_does_is_not_suggested():
    chonaikai = org(1, needs=["successors"], fields=["environment"])
    assert events_for_organization(chonaikai, [event(10, resources=["legal"])], now=NOW) == []


def test_a_past_event_is_not_suggested():
    chonaikai = org(1, needs=["successors"])
    past = event(10, days=-1, resources=["successors"])
    assert events_for_organization(chonaikai, [past], now=NOW) == []


def test_an_unpublished_event_is_not_suggested():
    chonaikai = org(1, needs=["successors"])
    draft = event(10, resources=["successors"], status="draft")
    assert events_for_organization(chonaikai, [draft], now=NOW) == []


def test_a_need_weighs_more_than_an_offer_which_weighs_more_than_a_shared_field():
    o = org(1, needs=["successors"], offers=["venue"], fields=["environment"], ward=None)
    events = [
        event(10, resources=["venue"], ward=None),
        event(11, resources=["successors"], ward=None),
        event(12, fields=["environment"], ward=None),
    ]
    assert ids(events_for_organization(o, events, now=NOW)) == [11, 10, 12]


def test_a_nearby_event_ranks_above_a_distant_one():
    o = org(1, needs=["successors"], ward="izumi")
    events = [
        event(10, resources=["successors"], ward="taihaku"),
        event(11, resources=["successors"], ward="miyagino"),
        event(12, resources=["successors"], ward="izumi"),
    ]
    found = events_for_organization(o, events, now=NOW, neighbors=NEIGHBORING_AREAS)
    assert ids(found) == [12, 11, 10]


def test_a_sooner_event_ranks_above_a_later_one_of_equal_fit():
    o = org(1, needs=["successors"], ward=None)
    events = [
        event(10, days=60, resources=["successors"]),
        event(11, days=3, resources=["successors"]),
    ]
    assert ids(events_for_organization(o, events, now=NOW)) == [11, 10]


def test_a_curator_gets_the_organizations_worth_inviting_best_first():
    profiles = [
        org(1, needs=["successors"], ward="aoba"),
        org(2, offers=["successors"], ward="taihaku"),
        org(3, needs=["legal"]),
        org(4, needs=["successors"], status="suspended"),
    ]
    found = organizations_for_event(event(10, resources=["successors"]), profiles, now=NOW)
    assert ids(found, "org_id") == [1, 2]


def test_organizations_already_invited_are_left_out():
    profiles = [org(1, needs=["successors"]), org(2, needs=["successors"])]
    found = organizations_for_event(
        event(10, resources=["successors"]), profiles, now=NOW, exclude=[1]
    )
    assert ids(found, "org_id") == [2]


def label(facet, slug, lang):
    names = {
        "successors": ("担い手・後継者", "Leaders and successors"),
        "aoba": ("青葉区", "Aoba Ward"),
    }
    ja, en = names.get(slug, (slug, slug))
    return en if lang == "en" else ja


def test_reasons_read_as_sentences_for_the_organization_in_both_languages():
    reason = {"type": "event_need", "tag": "successors"}
    assert render_event_reason(reason, lang="ja", label=label) == (
        "貴団体の『担い手・後継者』の募集に関わるテーマの催しです"
    )
    assert render_event_reason(reason, lang="en", label=label) == (
        "Its theme matches your call for “Leaders and successors”."
    )


def test_reasons_read_as_sentences_for_a_curator():
    reason = {"type": "event_same_ward", "ward": "aoba"}
    text = render_event_reason(
        reason, lang="ja", audience="curator", partner="片平町内会", label=label
    )
    assert text == "片平町内会は開催地と同じ青葉区で活動しています"


def test_nearness_in_time_says_nothing_to_a_curator():
    assert (
        render_event_reason({"type": "event_soon", "days": 2}, lang="ja", audience="curator") == ""
    )


def test_a_curator_reads_the_organizations_own_ward_not_the_events():
    from matching.event_engine import score_event

    now = datetime(2026, 6, 1, 10, tzinfo=UTC)
    katahira = org(1, needs=["successors"], ward="aoba")
    event = EventData(
        id=5, title="交流会", starts_at=now + timedelta(days=30), ward="wakabayashi",
        resources=frozenset({"successors"}),
    )  # fmt: skip
    match = score_event(katahira, event, now=now, neighbors=NEIGHBORING_AREAS)
    [near] = [r for r in match.reasons if r["type"] == "event_neighboring_ward"]
    names = {"aoba": "青葉区", "wakabayashi": "若林区"}
    text = render_event_reason(
        near, lang="ja", audience="curator", partner="片平一丁目町内会",
        label=lambda facet, slug, lang: names[slug],
    )  # fmt: skip
    assert text == "片平一丁目町内会は開催地の若林区に隣接する青葉区で活動しています"
