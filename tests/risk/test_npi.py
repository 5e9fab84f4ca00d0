"""NPI: formula, LN stage and Galea 1992 group boundaries tested exactly at each boundary."""

from __future__ import annotations

import pytest

from tests.risk.conftest import typed_frame
from vigil.risk.npi import NPI

# Expected NPI by hand: 0.2 * size (cm) + LN stage (1: N0, 2: 1-3, 3: >= 4) + grade.
CASES = [
    # id, size_mm, nodes, grade, npi, group
    ("excellent-upper-bound", 20, 0, 1, 2.4, "excellent"),  # 0.4 + 1 + 1
    ("just-above-2.4", 25, 0, 1, 2.5, "good"),
    ("good-upper-bound-3.4", 20, 0, 2, 3.4, "good"),  # the boundary the sources disagree on
    ("just-above-3.4", 21, 0, 2, 3.42, "moderate"),
    ("moderate-upper-bound", 20, 3, 3, 5.4, "moderate"),  # 0.4 + 2 + 3
    ("just-above-5.4", 21, 3, 3, 5.42, "poor"),
    ("four-nodes-stage-3", 10, 4, 1, 4.2, "moderate"),  # 0.2 + 3 + 1
    ("small", 1, 0, 1, 2.02, "excellent"),
    ("large", 120, 15, 3, 8.4, "poor"),  # 2.4 + 3 + 3
]


@pytest.mark.parametrize(
    ("size", "nodes", "grade", "npi", "group"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_npi_value_and_group(size: int, nodes: int, grade: int, npi: float, group: str) -> None:
    frame = typed_frame([{"age": 50, "size_mm": size, "nodes_positive": nodes, "grade": grade}])
    out = NPI.score(frame).row(0, named=True)
    assert out["npi"] == pytest.approx(npi, abs=1e-9)
    assert out["npi_group"] == group
    assert out["npi_refused"] is None


def test_refusals_name_the_field() -> None:
    frame = typed_frame(
        [
            {"age": 50, "size_mm": "unknown", "nodes_positive": 0, "grade": 2},
            {"age": 50, "size_mm": 20, "nodes_positive": 0, "grade": "unknown"},
            {"age": 50, "size_mm": 20, "nodes_positive": None, "grade": 2},
        ]
    )
    out = NPI.score(frame)
    assert out["npi"].null_count() == 3
    assert out["npi_refused"].to_list() == [
        "size_mm is unknown and this model needs it",
        "grade is unknown and this model needs it",
        "nodes_positive is missing",
    ]


def test_absent_column_refuses_every_row() -> None:
    frame = typed_frame([{"age": 50, "size_mm": 20, "grade": 2}] * 2)
    out = NPI.score(frame)
    assert out["npi_refused"].to_list() == ["the table has no column nodes_positive"] * 2
