"""Learning from outcomes, by replay (issue 11): a simulated, time-ordered history of
introductions drawn from a hidden preference that differs from the matcher's prior weights
(tests/matching/learningkit.py); the matcher learns on the first 70 % and is measured on the
last 30 %, with and without what it learned.

Figures per seed and their mean: MRR and nP@5 of the hidden preference's top 5 partners (every
organization), and of the partners that accepted in the later period (those who asked then).
The later answers were drawn from what the matcher without learning showed (its top 10, the
higher the likelier asked), so that measure leans towards the matcher without learning.

    make bench                              # three seeds
    BENCH_LEARNING_SEEDS=11 make bench      # one
"""

import os
import time

from tests.matching.learningkit import replay, simulate

SEEDS = [int(s) for s in os.environ.get("BENCH_LEARNING_SEEDS", "11,12,13").split(",")]
ORGS, ASKS = 400, 3000
MEASURES = (
    ("hidden_np5", "hidden preference nP@5"),
    ("hidden_mrr", "hidden preference MRR"),
    ("later_np5", "later acceptances nP@5"),
    ("later_mrr", "later acceptances MRR"),
)


def main() -> int:
    totals = {key: {"without": 0.0, "with": 0.0} for key, _ in MEASURES}
    for seed in SEEDS:
        started = time.perf_counter()
        result = replay(simulate(ORGS, ASKS, seed))
        print(
            f"seed {seed}: {result['earlier']} outcomes learned from, {result['later']} measured "
            f"on, {result['pairs_learned']} tag pairs moved "
            f"({time.perf_counter() - started:.1f} s)"
        )
        for key, label in MEASURES:
            without, with_ = result["without"][key], result["with"][key]
            totals[key]["without"] += without
            totals[key]["with"] += with_
            print(f"  {label:26} without {without:.3f}  with {with_:.3f}  ×{with_ / without:.2f}")
    print(f"mean over {len(SEEDS)} seeds ({ORGS} organizations, {ASKS} introductions each):")
    for key, label in MEASURES:
        without = totals[key]["without"] / len(SEEDS)
        with_ = totals[key]["with"] / len(SEEDS)
        print(f"  {label:26} without {without:.3f}  with {with_:.3f}  ×{with_ / without:.2f}")
    hidden = totals["hidden_np5"]
    return hidden["with"] <= hidden["without"]  # learning must find the hidden preference
