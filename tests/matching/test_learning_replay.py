"""Replay: learning on the earlier outcomes of a simulated history ranks the partners of the
hidden preference higher on the later ones (the full figures: `make bench`)."""

from tests.matching.learningkit import replay, simulate


def test_learning_from_earlier_outcomes_finds_more_of_the_hidden_preference():
    result = replay(simulate(n_orgs=200, n_asks=1500, seed=7))
    without, learned = result["without"], result["with"]
    assert result["pairs_learned"] > 0
    assert learned["hidden_np5"] > without["hidden_np5"]
    assert learned["hidden_mrr"] > without["hidden_mrr"]
