"""Property: every fact the export carries comes back unchanged from the import."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.facts.strategies import patient_documents, unaffected_documents
from vigil.demo import demo_patients
from vigil.facts import Germline, Patient, Smoking, TriState, parse_patient
from vigil.fhir import export_bundle, import_bundle

ON = dt.date(2025, 6, 1)
_days = st.integers(min_value=0, max_value=2000)


@st.composite
def enriched_documents(draw: st.DrawFn) -> dict[str, Any]:
    """``patient_documents()`` plus the optional facts that strategy leaves out."""
    doc = draw(patient_documents())
    tumour, treatment, person = doc["tumour"], doc["treatment"], doc["person"]
    dx = dt.date.fromisoformat(tumour["diagnosis_date"])
    if draw(st.booleans()):
        age = person["age_at_diagnosis_years"]
        person["date_of_birth"] = (dx - dt.timedelta(days=int(age * 365.25))).isoformat()
        if draw(st.booleans()):
            del person["age_at_diagnosis_years"]
    if draw(st.booleans()):
        tumour["er"]["allred_score"] = draw(st.integers(0, 8))
        tumour["pr"] = {"allred_score": draw(st.integers(0, 8))}
        if draw(st.booleans()):
            tumour["pr"]["h_score"] = draw(st.integers(0, 300))
    if draw(st.booleans()):
        tumour["her2"]["ish"] = draw(st.sampled_from(["positive", "negative", "not_done"]))
    positive = tumour["nodes_positive"]
    if isinstance(positive, int) and draw(st.booleans()):
        tumour["micrometastases_only"] = positive > 0 and draw(st.booleans())
    if draw(st.booleans()):
        del tumour["nodes_examined"]
    chemo = treatment["chemotherapy"]
    if chemo["generation"] != "none" and draw(st.booleans()):
        chemo["anthracycline"] = draw(st.booleans())
        chemo["taxane"] = draw(st.booleans())
        chemo["end_date"] = (dx + dt.timedelta(days=draw(_days))).isoformat()
    endocrine = treatment["endocrine"]
    if endocrine["agents"] and draw(st.booleans()):
        start = dx + dt.timedelta(days=draw(_days))
        endocrine["start_date"] = start.isoformat()
        endocrine["planned_years"] = draw(st.sampled_from([2.5, 5, 10]))
        if len(endocrine["agents"]) == 2 and draw(st.booleans()):
            switch = start + dt.timedelta(days=draw(_days))
            endocrine["switch_date"] = switch.isoformat()
    treatment["anti_her2"] = {
        name: draw(st.booleans()) for name in ("trastuzumab", "pertuzumab", "trastuzumab_emtansine")
    }
    history = doc["history"]
    history["germline"] = draw(
        st.sampled_from([[], ["brca1"], ["brca1", "brca2"], ["other"], ["not_tested"]])
    )
    history["smoking"] = draw(st.sampled_from([None, *[s.value for s in Smoking]]))
    history["prior_vte_or_stroke"] = draw(st.sampled_from([None, *[t.value for t in TriState]]))
    return doc


def _round_trip(patient: Patient) -> Patient:
    bundle = export_bundle(patient, None, ON)
    result = import_bundle(json.dumps(bundle))
    assert result.unknown_codes == ()
    assert result.warnings == ()
    assert result.assumptions == ()
    return result.facts


@settings(max_examples=120, deadline=None)
@given(st.one_of(enriched_documents(), patient_documents(), unaffected_documents()))
def test_facts_survive_export_and_import(document: dict[str, Any]) -> None:
    patient = parse_patient(document)
    assert _round_trip(patient) == patient


@pytest.mark.parametrize("patient", demo_patients(), ids=lambda p: p.patient_id)
def test_demo_patients_round_trip(patient: Patient) -> None:
    assert _round_trip(patient) == patient


def test_germline_enum_is_fully_exportable() -> None:
    # Each germline code is a Vigil code; none may be lost on the way.
    patient = demo_patients()[0]
    for result in Germline:
        history = patient.history.model_copy(update={"germline": (result,)})
        changed = patient.model_copy(update={"history": history})
        assert _round_trip(changed).history.germline == (result,)


def test_patient_without_treatment_facts_round_trips() -> None:
    patient = demo_patients()[0].model_copy(update={"treatment": None})
    assert _round_trip(patient) == patient
