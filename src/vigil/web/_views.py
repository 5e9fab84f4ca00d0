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
from vigil.risk import MODELS, ModelResult, estimate, refused_name, score_table
from vigil.risk.predict import Version, inputs_from_frame, predict_survival
from vigil.store import PatientRecord

__all__ = [
    "PATIENT_MODELS",
    "EstimateView",
    "estimate_view",
    "estimates_for",
    "frame_for",
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
    scored = score_table(frame, list(models)).row(0, named=True)
    results = []
    for model_id in models:
        card = MODELS[model_id].card
        refused = scored[refused_name(model_id)]
        values = {
            c: None if refused else scored[c]
            for c in scored
            if c.startswith(model_id.replace("-", "_").replace(".", ""))
            and not c.endswith("_refused")
        }
        results.append(ModelResult(card=card, refused=refused, values=values))
    pictures = _predict_pictures(frame, scored) if "predict-v3.1" in models else ()
    return EstimateView(tuple(results), tuple(risk_sentences(results)), pictures)


def _predict_pictures(frame: pl.DataFrame, scored: dict[str, object]) -> tuple[str, ...]:
    if scored["predict_v31_refused"]:
        return ()
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


@lru_cache(maxsize=2048)
def _plan_for(record_id: str, facts_version: int, today: dt.date, facts_json: str) -> CarePlan:
    # Keyed by the record's id and facts version: a fact change makes a new version, so a
    # cached plan is never stale. The JSON is passed only to rebuild the patient.
    return plan(parse_patient(facts_json), today)


def plan_for(record: PatientRecord, today: dt.date) -> tuple[Patient, CarePlan]:
    """The patient's facts and plan on ``today`` (plans are pure: cached per version)."""
    facts_json = json.dumps(record.facts, sort_keys=True)
    patient = parse_patient(facts_json)
    return patient, _plan_for(record.id, record.facts_version, today, facts_json)


@lru_cache(maxsize=2048)
def _view_for(record_id: str, facts_version: int, facts_json: str) -> EstimateView:
    return estimate_view(frame_for(parse_patient(facts_json)))


@lru_cache(maxsize=2048)
def _estimates_for(record_id: str, facts_version: int, facts_json: str) -> tuple[ModelResult, ...]:
    return tuple(estimate(parse_patient(facts_json)))


def view_for(record: PatientRecord) -> EstimateView:
    """The estimate view of a stored patient (pure in the facts: cached per version)."""
    return _view_for(record.id, record.facts_version, json.dumps(record.facts, sort_keys=True))


def estimates_for(record: PatientRecord) -> tuple[ModelResult, ...]:
    """Every model's result for a stored patient (cached per facts version)."""
    facts_json = json.dumps(record.facts, sort_keys=True)
    return _estimates_for(record.id, record.facts_version, facts_json)
