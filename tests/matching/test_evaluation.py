"""Quality on the labelled Sendai-like set (26 published organizations, 12 probes labelled by
hand): the matcher must beat a naive baseline and stay above the thresholds below.

Measured when this was written: matcher precision@5 0.717, recall@10 1.000, MRR 0.938 (first
hits 3/3); the baseline that ranks by shared fields then ward: 0.367, 0.604, 0.552. A perfect
ranker reaches only 0.867 at precision@5 (probes with 3-4 good partners cap it), and recall@10 is
easy on a directory this small, so its threshold mostly guards against losing complementarity.
The thresholds sit a little under the measurement, far above the baseline: honest re-weighting
passes, a regression to "similar organizations" fails.

Matcher v2 (texts read; a related tag counts only when the two texts support it): this set has
titles and no descriptions, so several v1-era "good" partners that were related by tag alone
(a survey lab for 担い手, say) are no longer proposed. Measured: precision@5 0.600, recall@10
0.792, MRR 1.000 (first hits 3/3); thresholds lowered to sit under that, still far above the
fields-and-ward baseline. The labelled sets with decoys (test_labelled_sets.py) are the bar now.
"""

import json

import pytest
from django.core.management import call_command

from matching.evaluation import evaluate
from matching.services import suggestions_rebuild
from profiles.models import Organization
from tests.matching.labelled import TRUTH, load_directory

MIN_PRECISION_AT_5 = 0.57
MIN_RECALL_AT_10 = 0.75
MIN_MRR = 0.80


@pytest.fixture
def evaluated(db, capsys):
    load_directory()
    suggestions_rebuild()
    capsys.readouterr()
    call_command("evaluate_matching", str(TRUTH), "--json")
    return json.loads(capsys.readouterr().out)


def baseline_ranking() -> dict[str, list[str]]:
    """The naive alternative: rank every other published organization by shared fields, then
    same ward, then name."""
    orgs = list(
        Organization.objects.filter(status="published")
        .prefetch_related("fields")
        .select_related("ward")
    )
    fields = {o.pk: {f.slug for f in o.fields.all()} for o in orgs}
    ranked = {}
    for a in orgs:
        others = sorted(
            (b for b in orgs if b.pk != a.pk),
            key=lambda b: (-len(fields[a.pk] & fields[b.pk]), b.ward_id != a.ward_id, b.name),
        )
        ranked[a.external_id] = [b.external_id for b in others]
    return ranked


def test_the_matcher_stays_above_the_quality_thresholds(evaluated):
    assert evaluated["precision_at_k"] >= MIN_PRECISION_AT_5
    assert evaluated["recall_at_10"] >= MIN_RECALL_AT_10
    assert evaluated["mrr"] >= MIN_MRR


def test_the_matcher_beats_ranking_by_shared_fields_and_ward(evaluated):
    truth = json.loads(TRUTH.read_text(encoding="utf-8"))
    baseline = evaluate(truth, baseline_ranking(), k=5)
    assert evaluated["precision_at_k"] > baseline["precision_at_k"]
    assert evaluated["mrr"] > baseline["mrr"]


def test_an_organization_under_review_is_never_suggested(evaluated):
    assert all("npo-pending" not in p["ranked"] for p in evaluated["probes"])


def test_the_report_names_the_top_ten_for_each_probe(evaluated):
    katahira = next(p for p in evaluated["probes"] if p["org"] == "nh-katahira")
    assert 0 < len(katahira["ranked"]) <= 10


def test_the_table_report_prints_the_three_metrics(db, capsys):
    load_directory()
    suggestions_rebuild()
    call_command("evaluate_matching", str(TRUTH))
    out = capsys.readouterr().out
    assert "precision@5" in out
    assert "recall@10" in out
    assert "MRR" in out


def test_an_unreadable_truth_file_is_refused_with_a_clear_message(db, tmp_path):
    from django.core.management.base import CommandError

    bad = tmp_path / "truth.json"
    bad.write_text("{not json")
    with pytest.raises(CommandError, match="Cannot read the truth file"):
        call_command("evaluate_matching", str(bad))
