"""Ranking quality metrics over a labelled set (pure functions, no Django import).

truth: {"probes": [{"org": "<external id>", "good": [...], "first": "<external id>"?,
                    "decoys": [...]?}]}
  (good and decoys may also be objects {external id: one-line reason}; only the keys count)
ranked: {"<external id>": [partner external ids, best first]}

Besides precision@k, recall@10 and MRR: normalised precision@k (nP@k: hits in the top k over
min(k, number of good partners), so a probe with two good partners can reach 1.0), first hits,
and the labelled decoys (partners that share a tag or a ward but would waste a coordinator's
call) found in the top k.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .engine import OrgProfile


def precision_at(ranked: Sequence[str], good: set[str], k: int) -> float:
    return sum(1 for x in ranked[:k] if x in good) / k if k else 0.0


def recall_at(ranked: Sequence[str], good: set[str], k: int) -> float:
    return sum(1 for x in ranked[:k] if x in good) / len(good) if good else 0.0


def normalised_precision_at(ranked: Sequence[str], good: set[str], k: int) -> float:
    reachable = min(k, len(good))
    return sum(1 for x in ranked[:k] if x in good) / reachable if reachable else 0.0


def reciprocal_rank(ranked: Sequence[str], good: set[str]) -> float:
    for position, x in enumerate(ranked, start=1):
        if x in good:
            return 1 / position
    return 0.0


def evaluate(truth: Mapping, ranked: Mapping[str, Sequence[str]], *, k: int = 5) -> dict:
    probes = []
    for probe in truth["probes"]:
        good = set(probe["good"])
        decoys = set(probe.get("decoys", ()))
        mine = list(ranked.get(probe["org"], []))
        row = {
            "org": probe["org"],
            "ranked": mine[:10],
            "good": sorted(good),
            "precision_at_k": precision_at(mine, good, k),
            "normalised_precision_at_k": normalised_precision_at(mine, good, k),
            "decoys_in_top_k": sorted(x for x in mine[:k] if x in decoys),
            "recall_at_10": recall_at(mine, good, 10),
            "reciprocal_rank": reciprocal_rank(mine, good),
        }
        if probe.get("first"):
            row["first"] = probe["first"]
            row["first_hit"] = bool(mine) and mine[0] == probe["first"]
        probes.append(row)
    n = len(probes) or 1
    with_first = [p for p in probes if "first" in p]
    return {
        "k": k,
        "precision_at_k": sum(p["precision_at_k"] for p in probes) / n,
        "normalised_precision_at_k": sum(p["normalised_precision_at_k"] for p in probes) / n,
        "decoys_in_top_k": sum(len(p["decoys_in_top_k"]) for p in probes),
        "recall_at_10": sum(p["recall_at_10"] for p in probes) / n,
        "mrr": sum(p["reciprocal_rank"] for p in probes) / n,
        "first_hits": sum(1 for p in with_first if p["first_hit"]),
        "first_probes": len(with_first),
        "probes": probes,
    }


def baseline_rank(profiles: Mapping[int, OrgProfile], org_id: int, *, k: int = 20) -> list[int]:
    """The plain baseline a matcher must beat: for each other published organization, the count
    of resource tags where one side's need is the other's offer (both directions), plus one
    when both are in the same ward. Partners with no tag met are left out; ties go to the lower
    id. Organizations sharing a member are left out, as the matcher does."""
    a = profiles.get(org_id)
    if a is None or not a.eligible:
        return []
    scored = []
    for b in profiles.values():
        if b.id == a.id or not b.eligible or a.members & b.members:
            continue
        met = len(set(a.needs) & set(b.offers)) + len(set(b.needs) & set(a.offers))
        if not met:
            continue
        scored.append((-(met + (1 if a.ward and a.ward == b.ward else 0)), b.id))
    scored.sort()
    return [b for _score, b in scored[:k]]


OUTCOMES = ("accepted", "declined", "expired", "withdrawn")


def _tally(rows: Sequence[Mapping]) -> dict:
    outcomes = dict.fromkeys(OUTCOMES, 0)
    reasons: dict[str, int] = {}
    for row in rows:
        status = row["status"]
        if status in outcomes:
            outcomes[status] += 1
        if status == "declined":
            key = row.get("decline_reason") or ""
            reasons[key] = reasons.get(key, 0) + 1
    answered = outcomes["accepted"] + outcomes["declined"] + outcomes["expired"]
    return {
        "answered": sum(outcomes.values()),
        **outcomes,
        "decline_reasons": dict(sorted(reasons.items())),
        # Withdrawn requests say nothing about the partner's answer: left out of the rate.
        "acceptance_rate": outcomes["accepted"] / answered if answered else None,
    }


def live_report(outcomes: Sequence[Mapping], *, dismissals: Mapping[str, int]) -> dict:
    """How introductions ended, from real data: those requested from a suggestion beside the
    others (requested from a profile or an event; staff proposals apart), and the "not
    interested" reasons. outcomes: rows of introduction_outcomes() (status, decline_reason,
    suggestion_id, proposed_by_id)."""
    from_suggestions = [r for r in outcomes if r["suggestion_id"] and not r["proposed_by_id"]]
    other_requests = [r for r in outcomes if not r["suggestion_id"] and not r["proposed_by_id"]]
    proposals = [r for r in outcomes if r["proposed_by_id"]]
    return {
        "from_suggestions": _tally(from_suggestions),
        "other_requests": _tally(other_requests),
        "staff_proposals": _tally(proposals),
        "not_interested": dict(dismissals),
    }
