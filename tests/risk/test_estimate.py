"""One patient and many: estimate() and score_table() share one code path."""

from __future__ import annotations

import math
from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings

from tests.conftest import TABLE_ROW
from tests.facts.strategies import patient_documents, unaffected_documents
from tests.risk.conftest import typed_frame
from vigil.demo import demo_patients
from vigil.errors import VigilError
from vigil.facts import Patient, parse_patient, patients_to_frame, validate_cohort
from vigil.risk import MODELS, estimate, refused_name, score_table


def _demo(patient_id: str) -> Patient:
    return next(p for p in demo_patients() if p.patient_id == patient_id)


def test_every_estimate_is_labelled() -> None:
    results = {r.card.id: r for r in estimate(_demo("demo-ada"))}
    assert set(results) == set(MODELS)
    for result in results.values():
        assert result.card.version
        assert result.card.source
    assert results["npi"].in_domain
    assert results["npi"].values["npi_group"] == "good"  # 3.36, see the next test
    assert results["cts5"].in_domain
    assert results["predict-v3.1"].in_domain
    assert not results["gail"].in_domain
    assert "without breast cancer" in str(results["gail"].refused)


def test_npi_of_demo_patient_matches_the_formula() -> None:
    # demo-ada: 18 mm, grade 2, node-negative: 0.2 * 1.8 + 1 + 2 = 3.36, "good".
    npi = next(r for r in estimate(_demo("demo-ada"), models=["npi"]))
    assert npi.values == {"npi": pytest.approx(3.36), "npi_group": "good"}


def test_neoadjuvant_patient_is_refused_by_predict_and_npi() -> None:
    results = {r.card.id: r for r in estimate(_demo("demo-bea"))}
    for model_id in ("npi", "predict-v2.1", "predict-v3.0", "predict-v3.1"):
        assert "neoadjuvant" in str(results[model_id].refused)
        assert all(value is None for value in results[model_id].values.values())


def test_unaffected_woman_gets_gail_only() -> None:
    results = {r.card.id: r for r in estimate(_demo("demo-fay"))}
    assert results["gail"].in_domain
    five, lifetime = results["gail"].values["gail_5y"], results["gail"].values["gail_lifetime"]
    assert isinstance(five, float)
    assert isinstance(lifetime, float)
    assert 0 < five < lifetime < 1
    assert not results["cts5"].in_domain


def test_horizons_filter_and_check() -> None:
    result = estimate(_demo("demo-ada"), models=["predict-v3.0"], horizons=(10,))[0]
    assert result.values
    assert all("_10y_" in column for column in result.values)
    with pytest.raises(VigilError, match=r"horizons must be among \(5, 10, 15\)"):
        estimate(_demo("demo-ada"), horizons=(7,))


def test_unknown_model_is_refused() -> None:
    with pytest.raises(VigilError, match=r"unknown model.*predict-v9"):
        estimate(_demo("demo-ada"), models=["predict-v9"])


def test_table_and_single_patient_agree() -> None:
    rows = [
        dict(TABLE_ROW),
        {
            "age": 45,
            "size_mm": 12,
            "grade": 3,
            "nodes_positive": 0,
            "er": "negative",
            "pr": "negative",
            "her2": "positive",
            "ki67": "unknown",
            "detection": "screening",
            "chemo": "third_gen",
            "endocrine": "no",
            "trastuzumab": "yes",
            "bisphosphonate": "no",
            "radiotherapy": "no",
            "heart_dose_gy": 0,
            "smoker": "yes",
        },
    ]
    both = score_table(typed_frame(rows), ["npi", "predict-v3.1"])
    alone = score_table(typed_frame(rows[1:]), ["npi", "predict-v3.1"])
    assert both.slice(1, 1).drop("row", "patient_id").equals(alone.drop("row", "patient_id"))


def test_score_table_in_chunks_equals_one_pass() -> None:
    rows = [
        {"age": 40 + i, "size_mm": 5 + i, "grade": 1 + i % 3, "nodes_positive": i % 5}
        for i in range(11)
    ]
    frame = typed_frame(rows)
    progress: list[tuple[int, int]] = []
    chunked = score_table(
        frame, ["npi"], chunk_rows=4, progress=lambda d, t: progress.append((d, t))
    )
    assert chunked.equals(score_table(frame, ["npi"]))
    assert progress == [(4, 11), (8, 11), (11, 11)]
    assert chunked[refused_name("npi")].null_count() == 11


def test_refusal_columns_exist_for_every_model() -> None:
    frame = typed_frame([{"age": 50}])
    out = score_table(frame)
    for model_id in MODELS:
        assert refused_name(model_id) in out.columns
        assert out[refused_name(model_id)][0]
    assert isinstance(out, pl.DataFrame)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document=patient_documents() | unaffected_documents())
def test_one_patient_on_columns_equals_the_validated_table(document: dict[str, Any]) -> None:
    # estimate() builds numpy columns straight from the facts; the table path validates
    # text cells with polars and scores the typed frame. Every model must agree exactly.
    patient = parse_patient(document)
    table = validate_cohort(patients_to_frame([patient]))
    assert table.errors.height == 0
    scored = score_table(table.valid).row(0, named=True)
    for result in estimate(patient):
        model_id = result.card.id
        assert result.refused == scored[refused_name(model_id)], model_id
        for column, value in result.values.items():
            expected = scored[column]
            if isinstance(value, float) and isinstance(expected, float):
                assert value == expected or (math.isnan(value) and math.isnan(expected))
            else:
                assert value == expected, (model_id, column)
