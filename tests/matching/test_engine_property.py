"""The indexed engine returns exactly the brute-force ranking (scores, mutual flags, reasons) on
many random small directories, listings with words from a small pool (texts overlap often)."""

import random

import pytest

from core.vocabulary import NEIGHBORING_AREAS
from matching.engine import Matcher, Model, brute_force_suggest, pair_key
from tests.matching.enginekit import random_directory


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
