"""An incremental refresh (patch the index, recompute only the lists a change can alter) leaves
exactly the lists a full rebuild on the same weights would store, on many random small
directories and random changes: listings rewritten, ward, kind, members, an organization
joining, leaving or hidden, a pair dismissed, several changes one after another."""

import dataclasses
import random

import pytest

from core.vocabulary import NEIGHBORING_AREAS
from matching.engine import Matcher, brute_force_suggest, pair_key
from matching.refresh import Bar, bars_of, enters, refreshed_lists
from tests.matching.enginekit import random_directory


def full_rebuild(profiles, model, dismissed, k):
    matcher = Matcher(profiles, neighbors=NEIGHBORING_AREAS, dismissed=dismissed, model=model)
    lists = {p.id: matcher.suggest(p.id, k=k) for p in profiles}
    return {a: ms for a, ms in lists.items() if ms}


def refresh(matcher, stored, org_id, k):
    listed_by = [a for a, ms in stored.items() if any(m.partner_id == org_id for m in ms)]
    results = refreshed_lists(
        matcher,
        org_id,
        listed_by=listed_by,
        stored_bars=lambda ids: bars_of({a: stored[a] for a in ids if a in stored}, k),
        stored_lists=lambda ids: {a: stored[a] for a in ids if a in stored},
        k=k,
    )
    for a, ms in results.items():
        if ms:
            stored[a] = ms
        else:
            stored.pop(a, None)


def changed(rng, profiles, seed):
    """One random change: (new directory, changed profiles, gone ids, dismissed pair or None)."""
    by_id = {p.id: p for p in profiles}
    ids = list(by_id)
    roll = rng.random()
    if roll < 0.1 and len(ids) > 2:  # leaves the directory
        gone = rng.choice(ids)
        return [p for p in profiles if p.id != gone], [], [gone]
    if roll < 0.2:  # joins
        new_id = max(ids) + 1
        newcomer = random_directory(new_id, seed)[-1]
        return profiles + [newcomer], [newcomer], []
    x = rng.choice(ids)
    other = random_directory(max(ids), seed)[x - 1]  # the same id with other listings
    if roll < 0.3:  # hidden or shown again
        new = dataclasses.replace(by_id[x], status=rng.choice(["published", "draft", "suspended"]))
    elif roll < 0.45:  # ward and 地区, kind or members only
        new = dataclasses.replace(by_id[x], ward=other.ward, district=other.district,
                                  kind=other.kind, members=other.members)  # fmt: skip
    else:  # listings rewritten
        new = dataclasses.replace(by_id[x], listings=other.listings, idle_days=rng.choice(
            [None, 3, 60, 400]))  # fmt: skip
    return [new if p.id == x else p for p in profiles], [new], []


@pytest.mark.parametrize("seed", range(40))
def test_an_incremental_refresh_stores_exactly_what_a_full_rebuild_would(seed):
    rng = random.Random(7000 + seed)
    profiles = random_directory(rng.randint(2, 70), 7000 + seed, skew=rng.choice([0.0, 1.1, 2.0]))
    k = rng.choice([1, 3, 5, 20])
    dismissed = set()
    matcher = Matcher(profiles, neighbors=NEIGHBORING_AREAS)
    stored = full_rebuild(profiles, matcher.model, dismissed, k)
    for step in range(rng.randint(1, 4)):
        if rng.random() < 0.15 and len(profiles) > 2:
            x, y = rng.sample([p.id for p in profiles], 2)
            dismissed.add(pair_key(x, y))
            matcher.patch(dismissed=dismissed)
            touched = [x, y]
        else:
            profiles, new, gone = changed(rng, profiles, 9000 + seed * 10 + step)
            matcher.patch(new, gone=gone)
            touched = [p.id for p in new] + gone
        for org_id in touched:
            refresh(matcher, stored, org_id, k)
        expected = full_rebuild(profiles, matcher.model, dismissed, k)
        assert stored == expected, f"step {step}"


@pytest.mark.parametrize("seed", range(10))
def test_a_patched_index_ranks_like_the_brute_force_scorer(seed):
    rng = random.Random(8000 + seed)
    profiles = random_directory(rng.randint(2, 60), 8000 + seed, skew=1.1)
    matcher = Matcher(profiles, neighbors=NEIGHBORING_AREAS)
    for step in range(3):
        profiles, new, gone = changed(rng, profiles, 8500 + seed * 10 + step)
        matcher.patch(new, gone=gone)
    for p in profiles:
        assert matcher.suggest(p.id) == brute_force_suggest(
            profiles, p.id, neighbors=NEIGHBORING_AREAS, model=matcher.model
        ), f"organization {p.id}"


def test_a_partner_enters_a_full_list_only_by_ranking_above_its_last_entry():
    bar = Bar(best=5000, last=(1000, 7))
    assert enters(bar, 1001, 99)
    assert enters(bar, 1000, 5)  # the same score, a lower id: it ranks first
    assert not enters(bar, 1000, 9)
    assert not enters(bar, 999, 1)


def test_a_short_list_takes_whoever_is_worth_a_call_and_no_list_takes_anyone():
    bar = Bar(best=1000)  # cut short: the rest scored under a quarter of the best
    assert enters(bar, 250, 3)
    assert not enters(bar, 249, 3)
    assert enters(None, 1, 3)
    assert not enters(None, 0, 3)


@pytest.mark.parametrize("seed", range(12))
def test_an_organizations_score_as_everyones_partner_is_the_score_their_lists_give_it(seed):
    """scores_as_partner(x) computes, for every A at once, what suggest(A) gives x: nearness
    (地区 and ward), kind, shared tags and freshness read from the right side."""
    profiles = random_directory(60, 9100 + seed)
    matcher = Matcher(profiles, neighbors=NEIGHBORING_AREAS)
    checked = 0
    for x in profiles[:15]:
        ids, scores = matcher.scores_as_partner(x.id)
        for a, score in zip(ids.tolist(), scores.tolist(), strict=True):
            listed = {m.partner_id: m.score for m in matcher.suggest(a, k=len(profiles))}
            if x.id in listed:
                assert listed[x.id] == score, (a, x.id)
                checked += 1
    assert checked > 0
