"""Learning from outcomes: what accepted introductions, recorded collaborations, declines and
dismissals say about the matcher's weights. Pure (no Django), like matching.engine: the
selector `matching.selectors.learning_outcomes` reads the outcomes from the database, `learn`
turns them into a `Learned`, and `engine.Model` folds it into its tag weights and nearness
percents — the same numbers for the indexed engine and the brute-force reference.

What each outcome says:
- an accepted introduction (+1) or a recorded collaboration (+2) speaks for the (need tag,
  offer tag) pairs that tie the two organizations and for their distance (same ward,
  neighboring ward, farther);
- a decline or a dismissal with the reason "not our field" (−1) speaks against those pairs,
  "no capacity" only a little (−0.25: the partner was busy, the match may have been right);
- "too far" (−1) speaks against the distance only; "other" and no reason say nothing.

Smoothing: each pair's share of good outcomes is pulled towards the share over all outcomes
by PRIOR_STRENGTH imaginary outcomes, so n clicks on a pair move its multiplier by at most
(MULT_HIGH − 1)·n/(n + PRIOR_STRENGTH). The multiplier is 1 at the average share, MULT_HIGH at
an all-good record, MULT_LOW at an all-bad one: bounded by construction. A pair nobody
answered about keeps 1, so with no outcomes the matcher is exactly the one without learning.
Distance only ever lowers: a distance class with more "too far" than the average loses up to
DISTANCE_SPAN nearness percent.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

PRIOR_STRENGTH = 10.0
MULT_LOW = 0.7
MULT_HIGH = 1.3
DISTANCE_SPAN = 15  # percent of nearness a distance class can lose at most
DISTANCE_CLASSES = ("same", "neighboring", "far")

ACCEPTED = "accepted"
COLLABORATION = "collaboration"
DECLINED = "declined"
DISMISSED = "dismissed"
NOT_OUR_FIELD = "not_our_field"
TOO_FAR = "too_far"
NO_CAPACITY = "no_capacity"

POSITIVE = {ACCEPTED: 1.0, COLLABORATION: 2.0}
PAIR_NEGATIVE = {NOT_OUR_FIELD: 1.0, NO_CAPACITY: 0.25}
DISTANCE_NEGATIVE = {TOO_FAR: 1.0}


@dataclass(frozen=True)
class Outcome:
    """One answer about one pair of organizations. `pairs`: the (need tag, offer tag) pairs
    that tie them (`involved_pairs`); `distance`: "same", "neighboring", "far" or "" (a ward
    unknown); `at`: when, for the replay's and the reset's cut (any comparable value)."""

    kind: str  # ACCEPTED | COLLABORATION | DECLINED | DISMISSED
    pairs: frozenset[tuple[str, str]] = frozenset()
    distance: str = ""
    reason: str = ""
    at: object = None
    org: int | None = None  # who asked or dismissed
    partner: int | None = None


@dataclass(frozen=True)
class Tally:
    good: float = 0.0
    bad: float = 0.0

    @property
    def total(self) -> float:
        return self.good + self.bad


@dataclass(frozen=True)
class Learned:
    """Multipliers of (need tag, offer tag) pairs (only those ≠ 1), nearness percent changes
    per distance class (≤ 0, only those ≠ 0), and the counts behind both."""

    pairs: Mapping[tuple[str, str], float] = field(default_factory=dict)
    distance_pct: Mapping[str, int] = field(default_factory=dict)
    pair_counts: Mapping[tuple[str, str], Tally] = field(default_factory=dict)
    distance_counts: Mapping[str, Tally] = field(default_factory=dict)
    outcomes: int = 0

    def multiplier(self, need: str, offer: str) -> float:
        return self.pairs.get((need, offer), 1.0)

    def __bool__(self) -> bool:
        return bool(self.pairs or self.distance_pct)


NOTHING = Learned()


def involved_pairs(
    needs: Iterable[str], offers: Iterable[str], complements: Mapping[str, Mapping[str, float]]
) -> set[tuple[str, str]]:
    """The (need tag, offer tag) pairs by which one side's needs meet the other's offers: the
    same tag, or a related one (COMPLEMENTS)."""
    offers = set(offers)
    out = set()
    for need in set(needs):
        if need in offers:
            out.add((need, need))
        out.update((need, o) for o in complements.get(need, {}) if o in offers and o != need)
    return out


def distance_class(ward_a: str | None, ward_b: str | None, neighbors: Mapping) -> str:
    if not ward_a or not ward_b:
        return ""
    if ward_a == ward_b:
        return "same"
    return "neighboring" if ward_b in neighbors.get(ward_a, ()) else "far"


def multiplier(good: float, bad: float, base: float, prior: float = PRIOR_STRENGTH) -> float:
    """MULT_HIGH·(share above base) / MULT_LOW·(share below base), the share smoothed towards
    `base` (the share over all outcomes) by `prior` imaginary outcomes; 1 at the base."""
    share = (good + prior * base) / (good + bad + prior)
    if share >= base:
        m = 1.0 + (MULT_HIGH - 1.0) * (share - base) / (1.0 - base)
    else:
        m = 1.0 - (1.0 - MULT_LOW) * (base - share) / base
    return round(min(MULT_HIGH, max(MULT_LOW, m)), 3)


def learn(outcomes: Iterable[Outcome], *, prior: float = PRIOR_STRENGTH, since=None) -> Learned:
    """What the outcomes (those at or after `since`, when given: the staff's reset) teach."""
    pair_good: dict[tuple[str, str], float] = {}
    pair_bad: dict[tuple[str, str], float] = {}
    dist_good: dict[str, float] = {}
    dist_bad: dict[str, float] = {}
    good_all = bad_all = dgood_all = dbad_all = 0.0
    count = 0
    for o in outcomes:
        if since is not None and (o.at is None or o.at < since):
            continue
        count += 1
        good = POSITIVE.get(o.kind, 0.0)
        bad = PAIR_NEGATIVE.get(o.reason, 0.0) if o.kind in (DECLINED, DISMISSED) else 0.0
        far = DISTANCE_NEGATIVE.get(o.reason, 0.0) if o.kind in (DECLINED, DISMISSED) else 0.0
        if (good or bad) and o.pairs:
            good_all += good
            bad_all += bad
            for p in o.pairs:
                pair_good[p] = pair_good.get(p, 0.0) + good
                pair_bad[p] = pair_bad.get(p, 0.0) + bad
        if (good or far) and o.distance:
            dgood_all += good
            dbad_all += far
            dist_good[o.distance] = dist_good.get(o.distance, 0.0) + good
            dist_bad[o.distance] = dist_bad.get(o.distance, 0.0) + far
    base = (good_all + 1.0) / (good_all + bad_all + 2.0)
    pairs, pair_counts = {}, {}
    for p in pair_good:
        pair_counts[p] = Tally(pair_good[p], pair_bad[p])
        m = multiplier(pair_good[p], pair_bad[p], base, prior)
        if m != 1.0:
            pairs[p] = m
    dbase = (dgood_all + 1.0) / (dgood_all + dbad_all + 2.0)
    distance_pct, distance_counts = {}, {}
    for d in dist_good:
        distance_counts[d] = Tally(dist_good[d], dist_bad[d])
        m = multiplier(dist_good[d], dist_bad[d], dbase, prior)
        pct = round(DISTANCE_SPAN * min(0.0, m - 1.0) / (1.0 - MULT_LOW))
        if pct:
            distance_pct[d] = pct
    return Learned(pairs, distance_pct, pair_counts, distance_counts, count)
