"""CTS5 (Dowsett 2018): formula, 30 mm size cap, node categories, group boundaries."""

from __future__ import annotations

import numpy as np
import pytest

from tests.risk.conftest import typed_frame
from vigil.risk.cts5 import CTS5, CTS5_GROUPS, cts5_group, cts5_late_distant_recurrence

BASE = {
    "age": 60,
    "size_mm": 20,
    "grade": 2,
    "nodes_positive": 0,
    "er": "positive",
    "endocrine": "yes",
}


def _score(**change: object) -> dict[str, object]:
    return CTS5.score(typed_frame([BASE | change])).row(0, named=True)


# Hand-computed from CTS5 = 0.438 N + 0.988 (0.093 S - 0.001 S^2 + 0.375 G + 0.017 A).
CASES = [
    ("base", {}, 0.988 * (1.86 - 0.4 + 0.75 + 1.02)),  # 3.19124
    ("one-node", {"nodes_positive": 1}, 0.438 + 0.988 * 3.23),
    ("three-nodes-cat-2", {"nodes_positive": 3}, 2 * 0.438 + 0.988 * 3.23),
    ("four-nodes-cat-3", {"nodes_positive": 4}, 3 * 0.438 + 0.988 * 3.23),
    ("ten-nodes-cat-4", {"nodes_positive": 10}, 4 * 0.438 + 0.988 * 3.23),
    ("size-30", {"size_mm": 30}, 0.988 * (2.79 - 0.9 + 0.75 + 1.02)),
    ("size-45-capped-at-30", {"size_mm": 45}, 0.988 * (2.79 - 0.9 + 0.75 + 1.02)),
    ("grade-3-age-45", {"grade": 3, "age": 45}, 0.988 * (1.86 - 0.4 + 1.125 + 0.765)),
]


@pytest.mark.parametrize(("change", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_score(change: dict[str, object], expected: float) -> None:
    assert _score(**change)["cts5"] == pytest.approx(expected, abs=1e-9)


def test_groups_at_the_cut_points() -> None:
    groups = [CTS5_GROUPS[i] for i in cts5_group(np.array([3.1299999, 3.13, 3.5, 3.86, 3.8600001]))]
    assert groups == ["low", "intermediate", "intermediate", "intermediate", "high"]


def test_probability_reproduces_the_published_cut_points() -> None:
    # Dowsett 2018: < 5 % below 3.13, > 10 % above 3.86; the approximation gives 4.97 / 10.04 %.
    low_cut, high_cut = cts5_late_distant_recurrence(np.array([3.13, 3.86])).tolist()
    assert 0.0495 < low_cut < 0.0500
    assert 0.1000 < high_cut < 0.1006


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"er": "negative"}, "only for ER-positive"),
        ({"endocrine": "no"}, "after 5 years of endocrine therapy"),
        ({"grade": "unknown"}, "grade is unknown"),
        ({"size_mm": None}, "size_mm is missing"),
    ],
    ids=["er-negative", "no-endocrine", "grade-unknown", "size-missing"],
)
def test_refused_with_reason(change: dict[str, object], reason: str) -> None:
    out = _score(**change)
    assert out["cts5"] is None
    assert out["cts5_group"] is None
    assert reason in str(out["cts5_refused"])
