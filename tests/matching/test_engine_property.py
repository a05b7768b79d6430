"""The indexed engine returns exactly the brute-force ranking (scores, mutual flags, reasons) on
many random small directories, listings with words from a small pool (texts overlap often)."""

import random

import pytest

from core.vocabulary import NEIGHBORING_AREAS
from matching.engine import COMPLEMENTS, Matcher, Model, brute_force_suggest, pair_key
from matching.learning import DISTANCE_CLASSES, DISTANCE_SPAN, MULT_HIGH, MULT_LOW, Learned
from tests.matching.enginekit import RESOURCE_SLUGS, random_directory


@pytest.mark.parametrize("seed", range(40))
def test_the_indexed_engine_ranks_exactly_like_the_brute_force_scorer(seed):
    rng = random.Random(seed)
    profiles = random_directory(rng.randint(2, 60), seed, skew=rng.choice([0.0, 1.1, 2.0]))
    ids = [p.id for p in profiles]
    dismissed = (
        {pair_key(*rng.sample(ids, 2)) for _ in range(len(ids) // 5)} if len(ids) > 1 else set()
    )
    k = rng.choice([1, 3, 5, 20])
    matcher = Matcher(profiles, neighbors=NEIGHBORING_AREAS, dismissed=dismissed)
    model = Model(profiles)  # built apart from the matcher's: the same data, fitted again
    for p in profiles:
        indexed = matcher.suggest(p.id, k=k)
        reference = brute_force_suggest(
            profiles, p.id, k=k, neighbors=NEIGHBORING_AREAS, dismissed=dismissed, model=model
        )
        assert indexed == reference, f"organization {p.id}"


@pytest.mark.parametrize("seed", range(5))
def test_leaving_out_hopeless_candidates_changes_no_ranking_on_a_larger_directory(seed):
    # With hundreds of candidates per organization the engine prunes those whose best possible
    # total stays under the k-th best lowest one; the ranking must not move.
    rng = random.Random(1000 + seed)
    profiles = random_directory(250, 1000 + seed, skew=1.1)
    k = rng.choice([1, 3, 5])
    matcher = Matcher(profiles, neighbors=NEIGHBORING_AREAS)
    model = Model(profiles)
    for p in rng.sample(profiles, 30):
        assert matcher.suggest(p.id, k=k) == brute_force_suggest(
            profiles, p.id, k=k, neighbors=NEIGHBORING_AREAS, model=model
        ), f"organization {p.id}"


def random_learned(rng: random.Random) -> Learned:
    """Multipliers anywhere in their bounds on random (need, offer) pairs, exact and related,
    and nearness percents lowered anywhere in theirs: what any history could teach."""
    pairs = {}
    for need in rng.sample(RESOURCE_SLUGS, 12):
        pairs[(need, need)] = rng.uniform(MULT_LOW, MULT_HIGH)
        for offer in COMPLEMENTS.get(need, {}):
            if rng.random() < 0.6:
                pairs[(need, offer)] = rng.uniform(MULT_LOW, MULT_HIGH)
    distance = {d: -rng.randint(0, DISTANCE_SPAN) for d in DISTANCE_CLASSES if rng.random() < 0.7}
    return Learned(pairs=pairs, distance_pct=distance)


@pytest.mark.parametrize("seed", range(15))
def test_learned_weights_are_applied_alike_by_the_indexed_engine_and_the_reference(seed):
    rng = random.Random(5000 + seed)
    profiles = random_directory(rng.randint(2, 60 if seed < 12 else 250), 5000 + seed, skew=1.1)
    learned = random_learned(rng)
    k = rng.choice([1, 3, 5, 20])
    matcher = Matcher(profiles, neighbors=NEIGHBORING_AREAS, learned=learned)
    model = Model(profiles, learned=learned)
    for p in profiles[:40]:
        assert matcher.suggest(p.id, k=k) == brute_force_suggest(
            profiles, p.id, k=k, neighbors=NEIGHBORING_AREAS, model=model
        ), f"organization {p.id}"
