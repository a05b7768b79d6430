"""Learning from outcomes (matching.learning), on plain data: each signal alone, the prior, the
bounds, the reset's cut, and what the matcher then ranks differently."""

import datetime as dt

import pytest

from core.vocabulary import NEIGHBORING_AREAS
from matching.engine import COMPLEMENTS, Matcher
from matching.learning import (
    ACCEPTED,
    COLLABORATION,
    DECLINED,
    DISMISSED,
    MULT_HIGH,
    MULT_LOW,
    PRIOR_STRENGTH,
    Outcome,
    distance_class,
    involved_pairs,
    learn,
)
from tests.matching.enginekit import org

VENUE = ("venue", "venue")
PUBLICITY = ("publicity", "publicity")


def outcome(kind, pairs=(VENUE,), distance="", reason="", day=1):
    return Outcome(kind, frozenset(pairs), distance, reason, dt.date(2026, 4, day))


# A background of ordinary answers on other pairs, so a pair's record is read against an average.
BACKGROUND = [outcome(ACCEPTED, [PUBLICITY])] * 5 + [
    outcome(DECLINED, [PUBLICITY], reason="not_our_field")
] * 5


def test_an_accepted_introduction_raises_the_weight_of_its_pairs():
    learned = learn([*BACKGROUND, outcome(ACCEPTED)])
    assert learned.multiplier(*VENUE) > 1


def test_a_recorded_collaboration_raises_them_more_than_an_acceptance():
    accepted = learn([*BACKGROUND, outcome(ACCEPTED)]).multiplier(*VENUE)
    collaborated = learn([*BACKGROUND, outcome(COLLABORATION)]).multiplier(*VENUE)
    assert collaborated > accepted > 1


@pytest.mark.parametrize("kind", [DECLINED, DISMISSED])
def test_not_our_field_lowers_the_pair_and_leaves_the_distance(kind):
    learned = learn([*BACKGROUND, outcome(kind, distance="far", reason="not_our_field")])
    assert learned.multiplier(*VENUE) < 1
    assert learned.distance_pct == {}


def test_too_far_lowers_the_distance_class_and_leaves_the_pairs():
    history = [outcome(ACCEPTED, [PUBLICITY], distance="same")] * 10 + [
        outcome(DECLINED, distance="far", reason="too_far")
    ] * 10
    learned = learn(history)
    assert learned.distance_pct["far"] < 0
    assert "same" not in learned.distance_pct
    assert learned.multiplier(*VENUE) == 1


def test_no_capacity_lowers_the_pair_less_than_not_our_field():
    busy = learn([*BACKGROUND, outcome(DECLINED, reason="no_capacity")]).multiplier(*VENUE)
    wrong = learn([*BACKGROUND, outcome(DECLINED, reason="not_our_field")]).multiplier(*VENUE)
    assert wrong < busy < 1


def test_a_reason_that_says_nothing_teaches_nothing():
    learned = learn([outcome(DECLINED, reason="other"), outcome(DISMISSED, reason="")])
    assert not learned
    assert learned.pair_counts == {}


def test_the_prior_keeps_two_clicks_from_swinging_a_pair():
    for kind, reason in ((ACCEPTED, ""), (DECLINED, "not_our_field")):
        learned = learn([*BACKGROUND, outcome(kind, reason=reason), outcome(kind, reason=reason)])
        # at most (bound − 1)·n/(n + prior) for n clicks: 0.05 for two
        assert abs(learned.multiplier(*VENUE) - 1) <= 0.3 * 2 / (2 + PRIOR_STRENGTH) + 1e-9


def test_the_multipliers_and_the_distance_stay_within_their_bounds():
    good = learn([*BACKGROUND, *[outcome(COLLABORATION, distance="same")] * 2000])
    bad = learn(
        [*BACKGROUND, *[outcome(DECLINED, distance="far", reason="not_our_field")] * 2000,
         *[outcome(DECLINED, distance="far", reason="too_far")] * 2000]
    )  # fmt: skip
    assert 1.25 < good.multiplier(*VENUE) <= MULT_HIGH
    assert MULT_LOW <= bad.multiplier(*VENUE) < 0.75
    assert -15 <= bad.distance_pct["far"] < -10


def test_a_reset_forgets_the_outcomes_before_it():
    history = [outcome(DECLINED, reason="not_our_field", day=1)] * 20 + [
        outcome(ACCEPTED, [PUBLICITY], day=10)
    ]
    assert learn(history).multiplier(*VENUE) < 1
    after = learn(history, since=dt.date(2026, 4, 5))
    assert after.multiplier(*VENUE) == 1
    assert after.outcomes == 1


def test_the_pairs_involved_are_the_same_tag_and_the_related_ones():
    pairs = involved_pairs({"publicity", "venue"}, {"design", "venue", "legal"}, COMPLEMENTS)
    assert pairs == {("venue", "venue"), ("publicity", "design")}
    assert distance_class("aoba", "aoba", NEIGHBORING_AREAS) == "same"
    assert distance_class("aoba", "izumi", NEIGHBORING_AREAS) == "neighboring"
    assert distance_class("izumi", "taihaku", NEIGHBORING_AREAS) == "far"
    assert distance_class("izumi", None, NEIGHBORING_AREAS) == ""


# What the matcher then does: two partners meet 1's needs equally, one by venue, one by publicity.
DIRECTORY = [
    org(1, needs=["venue", "publicity"], ward="aoba"),
    org(2, kind="company", offers=["venue"], ward="aoba"),
    org(3, kind="company", offers=["publicity"], ward="aoba"),
]


def ranking(learned=None, directory=DIRECTORY):
    matcher = Matcher(directory, neighbors=NEIGHBORING_AREAS, learned=learned)
    return [(m.partner_id, m.score) for m in matcher.suggest(1)]


def test_without_outcomes_the_matcher_ranks_as_it_always_did():
    assert ranking(learn([])) == ranking(None)
    assert [p for p, _ in ranking()] == [2, 3]  # a tie, the lower id first


def test_declines_on_a_pair_let_the_other_partner_come_first():
    history = [outcome(DECLINED, [VENUE], reason="not_our_field")] * 6 + [
        outcome(ACCEPTED, [PUBLICITY])
    ] * 6
    assert [p for p, _ in ranking(learn(history))] == [3, 2]


def test_too_far_answers_lower_far_partners_only():
    directory = [
        org(1, needs=["venue"], ward="izumi"),
        org(2, kind="company", offers=["venue"], ward="taihaku"),  # far from izumi
        org(3, kind="company", offers=["venue"], ward="miyagino"),  # a neighbor
    ]
    history = [outcome(ACCEPTED, [PUBLICITY], distance="neighboring")] * 10 + [
        outcome(DECLINED, [PUBLICITY], distance="far", reason="too_far")
    ] * 10
    before, after = dict(ranking(None, directory)), dict(ranking(learn(history), directory))
    assert after[2] < before[2]
    assert after[3] == before[3]
