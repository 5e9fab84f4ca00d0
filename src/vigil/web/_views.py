"""What the pages show about estimates: labelled results, sentences and SVG pictures.

Built from the typed one-row cohort frame, so the calculator, a survivor's page and a
clinician's view all give the numbers the CLI gives.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import polars as pl

from vigil.care import CarePlan, plan
from vigil.facts import Patient, parse_patient, patients_to_typed_frame
from vigil.present import risk_sentences
from vigil.present._svg import benefit_bars, icon_array, survival_curves
from vigil.risk import ModelResult, estimate, estimate_row
from vigil.risk.predict import Version, inputs_from_frame, predict_survival
from vigil.store import PatientRecord

__all__ = [
    "PATIENT_MODELS",
    "EstimateView",
    "estimate_view",
    "estimates_for",
    "frame_for",
    "patient_for",
    "plan_for",
    "view_for",
]

PATIENT_MODELS = ("predict-v3.1", "npi", "cts5")
_BENEFIT_NAMES = {
    "endocrine": "Hormone therapy",
    "chemo": "Chemotherapy",
    "trastuzumab": "Trastuzumab",
    "bisphosphonate": "Bisphosphonate",
    "radiotherapy": "Radiotherapy",
}


@dataclass(frozen=True, slots=True)
class EstimateView:
    results: tuple[ModelResult, ...]
    sentences: tuple[str, ...]
    pictures: tuple[str, ...]  # SVG markup, each with its own text alternative


def frame_for(patient: Patient) -> pl.DataFrame:
    return patients_to_typed_frame([patient])


def estimate_view(frame: pl.DataFrame, models: tuple[str, ...] = PATIENT_MODELS) -> EstimateView:
    results = estimate_row(frame, list(models))
    predict = next((r for r in results if r.card.id == "predict-v3.1"), None)
    pictures = _predict_pictures(frame, predict) if predict is not None else ()
    return EstimateView(tuple(results), tuple(risk_sentences(results)), pictures)


def _predict_pictures(frame: pl.DataFrame, predict: ModelResult) -> tuple[str, ...]:
    if predict.refused:
        return ()
    scored = predict.values
    alone = float(scored["predict_v31_os_10y_surgery_only"])  # type: ignore[arg-type]
    treated = float(scored["predict_v31_os_10y_treated"])  # type: ignore[arg-type]
    bc_death = float(scored["predict_v31_bc_death_10y_treated"])  # type: ignore[arg-type]
    survivors, extra = round(100 * alone), round(100 * treated) - round(100 * alone)
    cancer = round(100 * bc_death)
    groups = [
        ("alive with surgery alone", survivors),
        ("extra alive because of treatment", extra),
        ("die of breast cancer", cancer),
        ("die of other causes", 100 - survivors - extra - cancer),
    ]
    icons = icon_array(
        groups,
        "Of 100 women like this at 10 years: "
        + "; ".join(f"{n} {name}" for name, n in groups)
        + " (PREDICT 3.1).",
    )
    result = predict_survival(Version.V3_1, inputs_from_frame(frame, np.array([True])))
    survival = result.overall_survival[:, :, 0]
    years = [int(y) for y in result.years]
    curves = survival_curves(
        years,
        [("Surgery only", survival[0].tolist()), ("With treatments", survival[-1].tolist())],
        f"Overall survival over 15 years: {100 * survival[0][-1]:.0f}% with surgery only, "
        f"{100 * survival[-1][-1]:.0f}% with the treatments chosen (PREDICT 3.1).",
    )
    benefits = [
        (name, float(scored[f"predict_v31_benefit_10y_{key}"]))  # type: ignore[arg-type]
        for key, name in _BENEFIT_NAMES.items()
        if scored[f"predict_v31_benefit_10y_{key}"]
    ]
    bars = benefit_bars(
        benefits,
        "Extra women alive at 10 years per 100, by treatment: "
        + "; ".join(f"{name} {100 * v:.1f}" for name, v in benefits)
        + " (PREDICT 3.1).",
    )
    return icons, curves, bars


# Plans and estimates are pure functions of the facts (and the day): cached per record and
# facts version. A change of facts makes a new version, so a cached value is never stale;
# the facts JSON is part of the key only so a miss can rebuild the patient.


def _key(record: PatientRecord) -> tuple[str, int, str]:
    return record.id, record.facts_version, json.dumps(record.facts, sort_keys=True)


@lru_cache(maxsize=2048)
def _patient(record_id: str, facts_version: int, facts_json: str) -> Patient:
    return parse_patient(facts_json)


@lru_cache(maxsize=2048)
def _plan(record_id: str, facts_version: int, facts_json: str, today: dt.date) -> CarePlan:
    return plan(_patient(record_id, facts_version, facts_json), today)


@lru_cache(maxsize=2048)
def _view(record_id: str, facts_version: int, facts_json: str) -> EstimateView:
    return estimate_view(frame_for(_patient(record_id, facts_version, facts_json)))


@lru_cache(maxsize=2048)
def _estimates(record_id: str, facts_version: int, facts_json: str) -> tuple[ModelResult, ...]:
    return tuple(estimate(_patient(record_id, facts_version, facts_json)))


def patient_for(record: PatientRecord) -> Patient:
    """A stored patient's validated facts."""
    return _patient(*_key(record))


def plan_for(record: PatientRecord, today: dt.date) -> tuple[Patient, CarePlan]:
    """The patient's facts and plan on ``today``."""
    key = _key(record)
    return _patient(*key), _plan(*key, today)


def view_for(record: PatientRecord) -> EstimateView:
    """The estimate view of a stored patient."""
    return _view(*_key(record))


def estimates_for(record: PatientRecord) -> tuple[ModelResult, ...]:
    """Every model's result for a stored patient."""
    return _estimates(*_key(record))
