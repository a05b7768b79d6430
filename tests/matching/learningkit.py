"""The learning replay (issue 11): a simulated history of outcomes, time-ordered, drawn from a
hidden "true" preference that differs from the matcher's prior weights; learn on the first 70 %,
measure on the last 30 % with and without what was learned. Plain data, no database: used by
`make bench` (tests/bench/bench_learning.py) and by tests/matching/test_learning_replay.py.

The hidden preference: every (need tag, offer tag) pair the matcher knows (the same tag, or a
related one) has a true appeal between 0.5 and 1.5 (the matcher assumes 1 for all), and
partners in a farther ward (neither the same nor a neighboring one) are turned down as "too
far" half the time. The history: an organization looks at its suggestions (the matcher without
learning, top 10), asks one of them (the higher, the likelier), and the partner accepts with a
probability that grows with the true appeal of the pairs that tie them (a third of the accepted
go on to record a collaboration), or declines with a reason: "too far", "not our field", "no
capacity" or "other".
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from core.vocabulary import NEIGHBORING_AREAS
from matching.engine import COMPLEMENTS, Matcher, OrgProfile
from matching.evaluation import normalised_precision_at, reciprocal_rank
from matching.learning import (
    ACCEPTED,
    COLLABORATION,
    DECLINED,
    Learned,
    Outcome,
    distance_class,
    involved_pairs,
    learn,
)
from tests.matching.enginekit import RESOURCE_SLUGS, random_directory

SHOWN = 10
K = 5
FAR_DECLINE = 0.5


def tags(p: OrgProfile, kind: str) -> set[str]:
    return {t for listing in p.listings if listing.kind == kind for t in listing.resources}


def pairs_between(a: OrgProfile, b: OrgProfile) -> frozenset[tuple[str, str]]:
    return frozenset(
        involved_pairs(tags(a, "need"), tags(b, "offer"), COMPLEMENTS)
        | involved_pairs(tags(b, "need"), tags(a, "offer"), COMPLEMENTS)
    )


@dataclass(frozen=True)
class History:
    profiles: list[OrgProfile]
    appeal: dict[tuple[str, str], float]  # the hidden preference
    outcomes: list[Outcome]  # oldest first


def simulate(n_orgs: int = 400, n_asks: int = 3000, seed: int = 11) -> History:
    rng = random.Random(seed)
    profiles = [p for p in random_directory(n_orgs, seed, skew=0.8) if p.eligible]
    appeal = {}
    for need in RESOURCE_SLUGS:
        for offer in [need, *COMPLEMENTS.get(need, {})]:
            appeal[(need, offer)] = rng.uniform(0.5, 1.5)
    matcher = Matcher(profiles, neighbors=NEIGHBORING_AREAS)
    by_id = {p.id: p for p in profiles}
    shown = {p.id: [m.partner_id for m in matcher.suggest(p.id, k=SHOWN)] for p in profiles}
    askers = [i for i, partners in shown.items() if partners]
    outcomes = []
    for step in range(n_asks):
        a = by_id[rng.choice(askers)]
        partners = shown[a.id]
        b = by_id[rng.choices(partners, [1 / (r + 1) for r in range(len(partners))])[0]]
        pairs = pairs_between(a, b)
        distance = distance_class(a.ward, b.ward, NEIGHBORING_AREAS)
        true = max((appeal.get(p, 1.0) for p in pairs), default=1.0)
        who = {"org": a.id, "partner": b.id}
        if distance == "far" and rng.random() < FAR_DECLINE:
            outcomes.append(Outcome(DECLINED, pairs, distance, "too_far", step, **who))
        elif rng.random() < min(0.95, 0.45 * true**3):
            outcomes.append(Outcome(ACCEPTED, pairs, distance, "", step, **who))
            if rng.random() < 1 / 3:
                outcomes.append(Outcome(COLLABORATION, pairs, distance, "", step + 0.5, **who))
        else:
            reason = rng.choices(["not_our_field", "no_capacity", "other"], [6, 3, 1])[0]
            outcomes.append(Outcome(DECLINED, pairs, distance, reason, step, **who))
    return History(profiles, appeal, outcomes)


def replay(history: History, *, split: float = 0.7) -> dict:
    """Learn on the outcomes before the cut, measure after it. Two measures:

    - later answers: for every organization that asked after the cut and was accepted, how
      high the matcher ranks the partners that accepted it (MRR, nP@5), as if asked again;
    - hidden preference: for every organization, how many of its top 5 under the true
      preference (the matcher with the hidden appeal as its weights, too-far included) the
      matcher puts in its own top 5 (nP@5), and MRR of the best of them.
    """
    cut = history.outcomes[int(len(history.outcomes) * split)].at
    earlier = [o for o in history.outcomes if o.at < cut]
    later = [o for o in history.outcomes if o.at >= cut]
    learned = learn(earlier)
    profiles = history.profiles
    plain = Matcher(profiles, neighbors=NEIGHBORING_AREAS)
    taught = Matcher(profiles, neighbors=NEIGHBORING_AREAS, learned=learned)
    truth = Matcher(profiles, neighbors=NEIGHBORING_AREAS, learned=hidden(history))
    accepted: dict[int, set[int]] = {}
    for o in later:
        if o.kind == ACCEPTED:
            accepted.setdefault(o.org, set()).add(o.partner)
    out = {"earlier": len(earlier), "later": len(later), "pairs_learned": len(learned.pairs)}
    for name, matcher in (("without", plain), ("with", taught)):
        rr, np5 = [], []
        for a, good in accepted.items():
            ranked = [m.partner_id for m in matcher.suggest(a, k=50)]
            rr.append(reciprocal_rank(ranked, good))
            np5.append(normalised_precision_at(ranked, good, K))
        hrr, hnp5 = [], []
        for p in profiles:
            ideal = [m.partner_id for m in truth.suggest(p.id, k=K)]
            if not ideal:
                continue
            ranked = [m.partner_id for m in matcher.suggest(p.id, k=50)]
            hrr.append(reciprocal_rank(ranked, {ideal[0]}))
            hnp5.append(normalised_precision_at(ranked, set(ideal), K))
        out[name] = {
            "later_mrr": sum(rr) / max(1, len(rr)),
            "later_np5": sum(np5) / max(1, len(np5)),
            "hidden_mrr": sum(hrr) / max(1, len(hrr)),
            "hidden_np5": sum(hnp5) / max(1, len(hnp5)),
            "probes": len(rr),
            "hidden_probes": len(hrr),
        }
    return out


def hidden(history: History) -> Learned:
    """The hidden preference as the matcher would use it: the appeal as pair multipliers, and
    far partners at the lowest nearness."""
    return Learned(pairs=dict(history.appeal), distance_pct={"far": -15})
