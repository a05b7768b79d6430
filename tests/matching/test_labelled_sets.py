"""The matcher against the plain baseline (resource tags met both ways + same ward) on each of
the labelled sets with decoys (tests/data/labelled_*.json), scored by `evaluate_matching
--baseline` on the same database in the same run."""

import json

import pytest
from django.core.management import call_command

from matching.services import suggestions_rebuild
from tests.matching.labelled import DATA, LABELLED_SETS, load_directory


def evaluate_both(path, capsys) -> dict:
    load_directory(path)
    suggestions_rebuild()
    capsys.readouterr()
    call_command("evaluate_matching", str(path), "--baseline", "--json")
    return json.loads(capsys.readouterr().out)


# 'higashi' was written as a check after the weights were set and labelled before the matcher
# ranked it. Measured: nP@5 0.917 both, MRR 0.950 vs 0.800, first hits 3/8 both, but 3 decoys in
# the top 5 against the baseline's 2 (a youth dance club tagged 若者の参加 offered for a
# festival's young successors; a rental-shop agent tagged 会場 for a room). Kept failing on
# purpose (strict): it says where the matcher still loses, and flags the day it stops losing.
HIGASHI = pytest.param(
    DATA / "labelled_higashi.json",
    marks=pytest.mark.xfail(strict=True, reason="more decoys in the top 5 than the baseline"),
    id="labelled_higashi",
)


@pytest.mark.parametrize("path", [*LABELLED_SETS, HIGASHI], ids=lambda p: p.stem)
def test_the_matcher_beats_the_plain_baseline_on_each_labelled_set(db, capsys, path):
    result = evaluate_both(path, capsys)
    base = result["baseline"]
    assert result["normalised_precision_at_k"] >= base["normalised_precision_at_k"]
    assert result["mrr"] >= base["mrr"]
    assert result["first_hits"] >= base["first_hits"]
    assert result["decoys_in_top_k"] <= base["decoys_in_top_k"]
    assert (result["normalised_precision_at_k"], result["mrr"]) > (
        base["normalised_precision_at_k"],
        base["mrr"],
    )


def test_the_side_by_side_table_names_both_rankers_and_the_decoys(db, capsys):
    load_directory(LABELLED_SETS[0])
    suggestions_rebuild()
    capsys.readouterr()
    call_command("evaluate_matching", str(LABELLED_SETS[0]), "--baseline")
    out = capsys.readouterr().out
    assert "baseline" in out
    assert "matcher" in out
    assert "decoys@5" in out
    assert "nP@5" in out
