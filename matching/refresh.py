"""Incremental refresh: after one organization X changed, the new lists of exactly the
organizations whose stored top-k can differ, computed without rescoring everybody. Pure (no
Django): matching.services reads the stored lists and writes the results.

Given the model's weights (matching.engine.Model, fixed per generation), score(A, B) depends
only on A, B and whether the pair is excluded. So when X alone changed, A's list can change
only if X was on it, or X's new score for A beats A's stored last one (or, on a list cut short
by WORTH_A_CALL, reaches a quarter of its best). Everyone else's list stays as stored. X's
scores for every A come from one pass of the sparse products (Matcher.scores_as_partner).

A list X enters, or on which X's score rose, is the stored list with X (re)placed: the
organizations below the stored list rank below all of it, so none of them can come back. A
list on which X fell or from which X left is recomputed in full (`Matcher.suggest`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from matching.engine import DEFAULT_K, WORTH_A_CALL, Match, Matcher, worth_a_call


@dataclass(frozen=True)
class Bar:
    """What a candidate must beat to enter a stored list: its best score, and its last entry
    (score, partner id) when the list is full (k long)."""

    best: int
    last: tuple[int, int] | None = None


StoredBars = Callable[[Sequence[int]], Mapping[int, Bar]]
StoredLists = Callable[[Sequence[int]], Mapping[int, list[Match]]]


def enters(bar: Bar | None, score: int, partner_id: int) -> bool:
    """Whether a partner not on a stored list comes onto it with this score."""
    if bar is None:  # no list: nobody was worth a call, so anyone complementing is
        return score > 0
    if bar.last is not None:  # full: it must rank above the last (ties: lower id first)
        return (score, -partner_id) > (bar.last[0], -bar.last[1])
    return score > bar.best or score >= bar.best * WORTH_A_CALL


def refreshed_lists(
    matcher: Matcher,
    org_id: int,
    *,
    listed_by: Sequence[int],
    stored_bars: StoredBars,
    stored_lists: StoredLists,
    k: int = DEFAULT_K,
) -> dict[int, list[Match]]:
    """The new top-k of every organization a change to `org_id` can alter (its own included),
    once `matcher` holds the change (Matcher.patch). `listed_by`: the organizations whose
    stored list has `org_id` on it; `stored_bars` / `stored_lists` read the stored lists of the
    organizations asked for."""
    results = {org_id: matcher.suggest(org_id, k=k)}
    ids, scores = matcher.scores_as_partner(org_id)
    score_of = dict(zip(ids.tolist(), scores.tolist(), strict=True))
    listed = set(listed_by) - {org_id}
    unlisted = [a for a in score_of if a not in listed]
    bars = stored_bars(unlisted)
    entering = [a for a in unlisted if enters(bars.get(a), score_of[a], org_id)]
    stored = stored_lists(entering + sorted(listed))
    for a in entering + sorted(listed):
        old = list(stored.get(a, ()))
        before = next((m for m in old if m.partner_id == org_id), None)
        score = score_of.get(a)
        if before is not None and (score is None or score < before.score):
            results[a] = matcher.suggest(a, k=k)  # someone below the list may come up
            continue
        if score is None:  # listed_by was stale: the list does not have it after all
            continue
        match = matcher.pair(a, org_id)
        ranked = [m for m in old if m.partner_id != org_id] + [match]
        ranked.sort(key=lambda m: (-m.score, m.partner_id))
        results[a] = worth_a_call(ranked[:k])
    return results


def bars_of(lists: Mapping[int, list[Match]], k: int = DEFAULT_K) -> dict[int, Bar]:
    """Bars of lists held in memory (the benchmark, the tests)."""
    return {
        a: Bar(best=ms[0].score, last=(ms[-1].score, ms[-1].partner_id) if len(ms) >= k else None)
        for a, ms in lists.items()
        if ms
    }
