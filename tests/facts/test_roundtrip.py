"""Property: valid facts survive a JSON round trip unchanged."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.facts.strategies import patient_documents, unaffected_documents
from vigil.facts import Patient, parse_patient, patients_to_frame, validate_cohort


@settings(max_examples=150, deadline=None)
@given(st.one_of(patient_documents(), unaffected_documents()))
def test_valid_facts_round_trip_through_json(document: dict[str, Any]) -> None:
    patient = parse_patient(document)
    again = parse_patient(patient.model_dump_json())
    assert again == patient
    assert Patient.model_validate_json(again.model_dump_json(exclude_none=True)) == patient


@settings(max_examples=50, deadline=None)
@given(st.lists(st.one_of(patient_documents(), unaffected_documents()), min_size=1, max_size=5))
def test_valid_patients_make_a_valid_table(documents: list[dict[str, Any]]) -> None:
    patients = [parse_patient(d) for d in documents]
    table = validate_cohort(patients_to_frame(patients))
    bad = table.errors.filter(table.errors["column"] != "patient_id")
    # Duplicate ids are possible in generated data; nothing else may be flagged.
    assert bad.height == 0, bad


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(patient_documents(), unaffected_documents()), min_size=1, max_size=4))
def test_typed_frame_shortcut_equals_the_validated_table(documents: list[dict[str, Any]]) -> None:
    from vigil.facts import patients_to_typed_frame

    patients = [parse_patient(d) for d in documents]
    table = validate_cohort(patients_to_frame(patients))
    if table.errors.height:  # duplicate generated ids: the shortcut is for valid tables only
        return
    assert patients_to_typed_frame(patients).equals(table.valid)
