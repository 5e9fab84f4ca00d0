"""Cohort table: every bad cell reported, good rows kept, nothing dropped silently."""

from __future__ import annotations

import math

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vigil.errors import VigilError
from vigil.facts import COLUMNS, validate_cohort

GOOD_ROW: dict[str, str] = {
    "patient_id": "p1",
    "age": "55",
    "menopausal_status": "post",
    "size_mm": "22",
    "grade": "2",
    "nodes_positive": "1",
    "nodes_examined": "12",
    "micrometastases_only": "no",
    "er": "positive",
    "pr": "positive",
    "her2": "negative",
    "ki67": "unknown",
    "detection": "screening",
    "chemo": "none",
    "endocrine": "yes",
    "trastuzumab": "no",
    "bisphosphonate": "no",
    "radiotherapy": "yes",
    "smoker": "no",
    "heart_dose_gy": "1.5",
    "age_menarche": "12",
    "age_first_birth": "nulliparous",
    "relatives": "1",
    "biopsies": "1",
    "atypical_hyperplasia": "no",
    "race": "white",
}


def _frame(*changes: dict[str, str | None]) -> pl.DataFrame:
    rows = [GOOD_ROW | {"patient_id": f"p{i}"} | change for i, change in enumerate(changes)]
    return pl.DataFrame(rows, schema=dict.fromkeys(GOOD_ROW, pl.String), orient="row")


def test_good_row_is_typed() -> None:
    table = validate_cohort(
        _frame({}, {"grade": "unknown", "age_first_birth": "28", "size_mm": ""})
    )
    assert table.errors.height == 0
    assert table.valid.height == 2
    assert table.valid.schema["er"] == pl.Enum(["positive", "negative", "unknown"])
    grade = table.valid["grade"].to_list()
    assert grade[0] == 2.0
    assert math.isnan(grade[1])  # unknown is NaN, not a number
    assert table.valid["size_mm"].to_list() == [22.0, None]  # empty is null (missing)
    assert table.valid["nulliparous"].to_list() == [True, False]
    assert table.valid["age_first_birth"].to_list() == [None, 28.0]


CELL_CASES = [
    ("age", "", "is empty; the column is required"),
    ("age", "abc", "is not a number; expected a number in [0, 120]"),
    ("age", "121", "is out of range"),
    ("age", "unknown", "is not a number"),
    ("size_mm", "0", "is out of range; expected a number in (0, 500] or unknown"),
    ("size_mm", "inf", "is not a number"),
    ("grade", "4", "is out of range"),
    ("grade", "2.5", "is not a whole number"),
    ("nodes_positive", "-1", "is out of range"),
    ("er", "pos", "is not valid; expected one of positive, negative, unknown"),
    ("er", "maybe", "is not valid"),
    ("ki67", "high", "expected one of positive, negative, unknown"),
    ("chemo", "first_gen", "expected one of none, second_gen, third_gen"),
    ("endocrine", "true", "expected one of yes, no"),
    ("heart_dose_gy", "61", "is out of range"),
    ("age_first_birth", "never", "or unknown or nulliparous"),
    ("race", "asian", "is not valid"),
    ("patient_id", "", "is empty; the column is required"),
    ("patient_id", "x" * 65, "longer than 64"),
]


@pytest.mark.parametrize(
    ("column", "value", "reason"), CELL_CASES, ids=[f"{c}={v[:8]!r}" for c, v, _ in CELL_CASES]
)
def test_bad_cell(column: str, value: str, reason: str) -> None:
    table = validate_cohort(_frame({}, {column: value}, {}))
    assert table.errors.select("row", "column", "value").rows() == [(2, column, value or None)]
    assert reason in table.errors["reason"][0]
    assert table.valid["row"].to_list() == [1, 3]


CROSS_CASES = [
    (
        {"nodes_positive": "5", "nodes_examined": "3"},
        "nodes_positive",
        "exceeds nodes_examined (3)",
    ),
    (
        {"micrometastases_only": "yes", "nodes_positive": "0"},
        "micrometastases_only",
        "nodes_positive is 0",
    ),
    ({"radiotherapy": "no", "heart_dose_gy": "2"}, "heart_dose_gy", "radiotherapy is no"),
    ({"age_first_birth": "60", "age": "40"}, "age_first_birth", "after today's age (40)"),
    (
        {"age_first_birth": "11", "age_menarche": "13"},
        "age_first_birth",
        "before age_menarche (13)",
    ),
    ({"age_menarche": "14", "age": "13"}, "age_menarche", "after today's age (13)"),
    ({"atypical_hyperplasia": "yes", "biopsies": "0"}, "atypical_hyperplasia", "biopsies is 0"),
]


@pytest.mark.parametrize(
    ("change", "column", "reason"), CROSS_CASES, ids=[c for _, c, _ in CROSS_CASES]
)
def test_impossible_combination(change: dict[str, str], column: str, reason: str) -> None:
    table = validate_cohort(_frame(change))
    assert table.errors.select("row", "column").rows() == [(1, column)]
    assert reason in table.errors["reason"][0]
    assert table.valid.height == 0


def test_unknown_does_not_conflict() -> None:
    table = validate_cohort(_frame({"nodes_positive": "unknown", "nodes_examined": "3"}))
    assert table.errors.height == 0


def test_duplicate_ids_are_all_reported() -> None:
    table = validate_cohort(_frame({"patient_id": "a"}, {"patient_id": "b"}, {"patient_id": "a"}))
    assert table.errors.select("row", "column").rows() == [(1, "patient_id"), (3, "patient_id")]


def test_codes_are_case_and_space_insensitive() -> None:
    table = validate_cohort(_frame({"er": " Positive ", "race": "WHITE"}))
    assert table.errors.height == 0
    assert table.valid["er"].to_list() == ["positive"]


def test_every_problem_in_a_row_is_reported() -> None:
    table = validate_cohort(_frame({"grade": "9", "er": "x", "age": "-3"}))
    assert sorted(table.errors["column"].to_list()) == ["age", "er", "grade"]
    assert table.n_bad_rows == 1


def test_optional_columns_may_be_absent_and_extras_are_named() -> None:
    frame = pl.DataFrame({"patient_id": ["a"], "age": ["50"], "nodes_postive": ["2"]})
    table = validate_cohort(frame)
    assert table.errors.height == 0
    assert table.unknown_columns == ("nodes_postive",)
    assert table.valid.columns == ["row", "patient_id", "age"]


def test_missing_required_column_is_refused() -> None:
    with pytest.raises(VigilError, match=r"lacks required column.*age.*it has: patient_id"):
        validate_cohort(pl.DataFrame({"patient_id": ["a"]}))


def test_lazy_frame_is_refused_not_collected() -> None:
    with pytest.raises(TypeError, match=r"call \.collect\(\)"):
        validate_cohort(_frame({}).lazy())  # type: ignore[arg-type]


def test_typed_parquet_cells_are_read_like_text() -> None:
    frame = pl.DataFrame({"patient_id": ["a", "b"], "age": [50.0, 130.0], "grade": [2, 3]})
    table = validate_cohort(frame)
    assert table.errors.select("row", "column", "value").rows() == [(2, "age", "130.0")]


# Bad values by kind of column, used to inject errors into a large generated table.
_BAD_VALUE = {"code": "bogus", "number": "-999", "id": ""}
_NUMERIC_GOOD = {
    "age": (20, 90),
    "size_mm": (1, 150),
    "grade": (1, 3),
    "nodes_positive": (0, 9),
    "heart_dose_gy": (0, 10),
    "age_menarche": (10, 15),
    "relatives": (0, 3),
    "biopsies": (1, 3),
    "er_hscore": (0, 300),
    "er_fmol": (0, 500),
    "pr_hscore": (0, 300),
    "ki67_percent": (0, 100),
}


def _generated_table(n: int, rng: np.random.Generator) -> pl.DataFrame:
    columns: dict[str, np.ndarray] = {"patient_id": np.char.add("id", np.arange(n).astype(str))}
    for spec in COLUMNS:
        if spec.name in columns or spec.name in {
            "nodes_examined",
            "age_first_birth",
            "micrometastases_only",
        }:
            continue
        if spec.kind == "code":
            codes = [c for c in spec.codes if not (spec.name == "radiotherapy" and c == "no")]
            if spec.name == "atypical_hyperplasia":
                codes = ["no", "unknown"]
            columns[spec.name] = rng.choice(codes, size=n)
        else:
            low, high = _NUMERIC_GOOD[spec.name]
            columns[spec.name] = rng.integers(low, high + 1, size=n).astype(str)
    return pl.DataFrame(columns)


@settings(max_examples=4, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), error_rate=st.floats(0.0, 0.2))
def test_100k_rows_report_exactly_the_injected_errors(seed: int, error_rate: float) -> None:
    rng = np.random.default_rng(seed)
    n = 100_000
    frame = _generated_table(n, rng)
    bad_rows = np.flatnonzero(rng.random(n) < error_rate)
    bad_columns = rng.choice(frame.columns[1:], size=bad_rows.size)
    injected = set()
    for column in set(bad_columns.tolist()):
        rows = bad_rows[bad_columns == column]
        kind = next(s.kind for s in COLUMNS if s.name == column)
        values = frame[column].to_numpy().copy()
        values[rows] = _BAD_VALUE[kind]
        frame = frame.with_columns(pl.Series(column, values))
        injected |= {(int(r) + 1, column) for r in rows}
    table = validate_cohort(frame)
    assert set(table.errors.select("row", "column").iter_rows()) == injected
    assert table.valid.height == n - bad_rows.size
    assert table.valid.height + table.n_bad_rows == n
