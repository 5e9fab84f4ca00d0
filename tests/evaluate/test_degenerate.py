"""Degenerate inputs give a VigilError that names the argument and the value."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from vigil.errors import VigilError
from vigil.evaluate import (
    aalen_johansen,
    brier_score,
    calibration_slope,
    calibration_table,
    cumulative_dynamic_auc,
    harrell_c,
    kaplan_meier,
    royston_d,
    uno_c,
    validate,
)

T = [1.0, 2.0, 3.0, 4.0]
E = [1, 0, 1, 0]
S = [0.4, 0.3, 0.2, 0.1]


@pytest.mark.parametrize(
    ("call", "match"),
    [
        pytest.param(lambda: harrell_c(T, [0, 0, 0, 0], S), "event has no events", id="no-events"),
        pytest.param(
            lambda: harrell_c([1.0, np.nan, 3.0, 4.0], E, S),
            r"time must be finite.*position 1: np.float64\(nan\)",
            id="nan-time",
        ),
        pytest.param(
            lambda: harrell_c(T, E, [0.1, np.nan, 0.2, 0.3]),
            "score must be finite.*position 1",
            id="nan-score",
        ),
        pytest.param(lambda: harrell_c(T, [1, 2, 0, 1], S), "event must be 0 or 1", id="code-2"),
        pytest.param(lambda: harrell_c([-1.0, 2, 3, 4], E, S), "time must be >= 0", id="neg"),
        pytest.param(lambda: harrell_c(T, E, S[:3]), "one value per row: 4", id="length"),
        pytest.param(lambda: harrell_c([1.0], [1], [0.1]), "at least 2 rows", id="one-row"),
        pytest.param(
            lambda: harrell_c([1.0, 1.0], [1, 1], [0.1, 0.2]),
            "no comparable pairs",
            id="events-tied",
        ),
        pytest.param(
            lambda: uno_c(T, E, S, tau=-1.0), r"tau must be a positive time \(got -1.0\)", id="tau"
        ),
        pytest.param(
            lambda: cumulative_dynamic_auc(T, E, S, 4.0),
            "times must be before the last follow-up time 4",
            id="auc-horizon",
        ),
        pytest.param(
            lambda: cumulative_dynamic_auc(T, [0, 1, 0, 1], S, 1.5),
            "no events by it",
            id="auc-no-cases",
        ),
        pytest.param(
            lambda: brier_score(T, E, [0.5, 1.2, 0.5, 0.5], 2.0),
            r"survival_at must lie in \[0, 1\]",
            id="brier-prob",
        ),
        pytest.param(
            lambda: calibration_slope(T, E, [1.0, 1.0, 1.0, 1.0]),
            "does not vary",
            id="slope-constant",
        ),
        pytest.param(
            lambda: calibration_table(T, E, [0.1, 0.2, 0.3, 0.4], 2.0, groups=0),
            r"groups must be at least 1 \(got 0\)",
            id="groups",
        ),
        pytest.param(
            lambda: royston_d(T, E, S, weights=[0.5, 1, 1, 1]), "whole numbers", id="d-weights"
        ),
        pytest.param(
            lambda: kaplan_meier(T, E, weights=[1, -1, 1, 1]), "weights must be >= 0", id="w"
        ),
        pytest.param(lambda: aalen_johansen(T, [0, 1.5, 2, 0]), "cause must be 0", id="cause"),
        pytest.param(
            lambda: validate(T, E, S, horizon=0),
            r"horizon must be a positive number \(got 0\)",
            id="horizon",
        ),
    ],
)
def test_clear_errors(call: Any, match: str) -> None:
    with pytest.raises(VigilError, match=match):
        call()


def test_one_risk_group_is_allowed() -> None:
    # Documented: one group is the whole cohort's calibration in the large.
    table = calibration_table(T, E, [0.3, 0.3, 0.3, 0.3], 2.5, groups=1)
    assert table.n.tolist() == [4.0]


def test_constant_score_concordance_is_one_half() -> None:
    # Documented: every comparable pair is tied on the score, so C = 0.5.
    assert harrell_c(T, E, [0.2] * 4).c == 0.5


def test_all_censored_but_one_event() -> None:
    result = harrell_c(T, [0, 0, 1, 0], S)
    assert result.comparable == 1.0
