"""The metric-extraction gate: precision and recall on the sample documents' gold, pinned floors."""

from __future__ import annotations

from tests.metrics_score import FLOORS, score


def test_precision_and_recall_floors() -> None:
    result = score()
    assert result["precision"] >= FLOORS["precision"], result
    assert result["recall"] >= FLOORS["recall"], result
    assert result["as_of_exact"] >= 0.9, result
