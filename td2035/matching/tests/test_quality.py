"""The offline evaluation runs in the suite: the engine on the labelled demo needs must not regress.

bench/match_quality.py reached NDCG@10 = 0.9962 on all 71 needs (see weights.py); this fails below
that figure minus 0.05. It also checks the labels are what evaluation.py says they are.
"""

from io import StringIO

import pytest
from django.core.management import call_command

from td2035.matching import evaluation

REACHED_NDCG_AT_10 = 0.9962

pytestmark = pytest.mark.django_db


def test_labels_follow_the_documented_procedure():
    needs = evaluation.load_needs()
    assert len(needs) >= 60
    for need in needs:
        assert need["text"] and len(need["scian"]) == 6 and need["municipality"]
        assert need["relevant"] and all(1 <= r["grade"] <= 3 and r["why"] for r in need["relevant"])
        assert any(r["grade"] == 3 for r in need["relevant"])
    assert sum(1 for n in needs if n["certifications"]) >= 10


def test_metrics():
    grades = {"a": 3, "b": 2, "c": 1}
    assert evaluation.ndcg_at(["a", "b", "c"], grades) == pytest.approx(1.0)
    assert evaluation.ndcg_at(["c", "b", "a"], grades) < 1.0
    assert evaluation.ndcg_at(["x", "y"], grades) == 0.0
    assert evaluation.recall_at(["a", "x"], grades) == 0.5  # relevant means grade 2 or 3


def test_engine_does_not_regress_on_the_demo():
    call_command("load_demo", stdout=StringIO())  # as `make demo` does: nothing imports the demo app
    evaluator = evaluation.Evaluator()
    needs = evaluation.load_needs()
    scores = evaluator.score(needs)
    assert scores.ndcg_at_10 >= REACHED_NDCG_AT_10 - 0.05
    assert scores.recall_at_20 >= 0.93 - 0.05
