"""Export: valid R4B, deterministic, and the right resources with the right codes."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle

from tests.fhir.helpers import by_code, codes_of, component, resources
from vigil.demo import demo_patients
from vigil.facts import Patient, SurgeryType
from vigil.fhir import export_bundle

SCT = "http://snomed.info/sct"
LOINC = "http://loinc.org"
RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"
ATC = "http://www.whocc.no/atc"
ON = dt.date(2025, 6, 1)
DEMO = {p.patient_id: p for p in demo_patients()}


def _export(patient_id: str) -> dict[str, Any]:
    return export_bundle(DEMO[patient_id], None, ON)


@pytest.mark.parametrize("patient", demo_patients(), ids=lambda p: p.patient_id)
def test_demo_patients_export_valid_r4b_bundles(patient: Patient) -> None:
    bundle = export_bundle(patient, None, ON)
    parsed = Bundle.model_validate(bundle)
    assert parsed.type == "collection"
    assert parsed.entry is not None
    assert len(parsed.entry) == len(bundle["entry"])
    assert resources(bundle, "Patient")[0]["gender"] == patient.person.sex.value


@pytest.mark.parametrize("patient", demo_patients(), ids=lambda p: p.patient_id)
def test_export_is_byte_identical_on_repeat(patient: Patient) -> None:
    first = json.dumps(export_bundle(patient, None, ON))
    second = json.dumps(export_bundle(patient.model_copy(deep=True), None, ON))
    assert first == second


def test_ids_are_uuid5_urns_unique_per_patient() -> None:
    ids = [
        e["resource"]["id"] for p in demo_patients() for e in export_bundle(p, None, ON)["entry"]
    ]
    assert len(ids) == len(set(ids))
    bundle = _export("demo-ada")
    for entry in bundle["entry"]:
        assert entry["fullUrl"] == f"urn:uuid:{entry['resource']['id']}"
        assert uuid.UUID(entry["resource"]["id"]).version == 5


def test_patient_without_id_still_gets_stable_ids() -> None:
    anonymous = DEMO["demo-ada"].model_copy(update={"patient_id": None})
    first, second = export_bundle(anonymous, None, ON), export_bundle(anonymous, None, ON)
    assert first == second
    assert "identifier" not in resources(first, "Patient")[0]


def test_condition_carries_code_laterality_onset_and_histology() -> None:
    bundle = _export("demo-ada")
    (condition,) = resources(bundle, "Condition")
    assert (SCT, "254837009") in codes_of(condition["code"])
    assert (SCT, "80248007") in codes_of(condition["bodySite"][0])
    assert condition["onsetDateTime"] == "2021-02-10"
    histology = condition["extension"][0]
    assert histology["url"].endswith("mcode-histology-morphology-behavior")
    assert histology["valueCodeableConcept"]["coding"][0]["code"] == "8500/3"
    patient_url = bundle["entry"][0]["fullUrl"]
    assert condition["subject"] == {"reference": patient_url}


def test_tumour_marker_observations_have_loinc_codes_and_values() -> None:
    bundle = _export("demo-ada")
    er = by_code(bundle, "Observation", LOINC, "16112-5")
    assert (SCT, "10828004") in codes_of(er["valueCodeableConcept"])
    assert component(er, LOINC, "85329-1")["valueQuantity"]["value"] == 95
    pr = by_code(bundle, "Observation", LOINC, "16113-3")
    assert component(pr, LOINC, "85325-9")["valueQuantity"]["code"] == "%"
    her2 = by_code(bundle, "Observation", LOINC, "48676-1")
    # Status not stated (IHC 1+ only): negative is given as derived, and marked so.
    assert (SCT, "260385009") in codes_of(her2["valueCodeableConcept"])
    assert her2["extension"][0]["url"].endswith("status-derived-from-measurements")
    ihc = component(her2, LOINC, "85319-2")
    assert (LOINC, "LA11841-6") in codes_of(ihc["valueCodeableConcept"])
    assert by_code(bundle, "Observation", LOINC, "85330-9")["valueQuantity"]["value"] == 8


def test_pathology_and_menopause_observations() -> None:
    bundle = _export("demo-ada")
    size = by_code(bundle, "Observation", LOINC, "21889-1")
    assert component(size, LOINC, "33728-7")["valueQuantity"] == {
        "value": 18.0,
        "unit": "mm",
        "system": "http://unitsofmeasure.org",
        "code": "mm",
    }
    grade = by_code(bundle, "Observation", LOINC, "44648-4")
    assert (LOINC, "LA27824-4") in codes_of(grade["valueCodeableConcept"])
    assert by_code(bundle, "Observation", LOINC, "21893-3")["valueInteger"] == 0
    assert by_code(bundle, "Observation", LOINC, "21894-1")["valueInteger"] == 2
    menopause = by_code(bundle, "Observation", LOINC, "8678-5")
    assert (SCT, "307429007") in codes_of(menopause["valueCodeableConcept"])


def test_unknown_values_use_data_absent_reason() -> None:
    patient = DEMO["demo-ada"]
    tumour = patient.tumour
    assert tumour is not None
    unknown = tumour.model_copy(update={"grade": "unknown", "ki67_percent": "unknown"})
    bundle = export_bundle(patient.model_copy(update={"tumour": unknown}), None, ON)
    for code in ("44648-4", "85330-9"):
        observation = by_code(bundle, "Observation", LOINC, code)
        assert observation["dataAbsentReason"]["coding"][0]["code"] == "unknown"
        assert not any(key.startswith("value") for key in observation)


def test_treatment_procedures_and_medications() -> None:
    bundle = _export("demo-ada")
    surgery = by_code(bundle, "Procedure", SCT, "392021009")
    assert (surgery["status"], surgery["performedDateTime"]) == ("completed", "2021-03-04")
    radiotherapy = by_code(bundle, "Procedure", SCT, "1217123003")
    assert radiotherapy["performedPeriod"] == {"end": "2021-05-07"}
    assert radiotherapy["extension"][0]["valueQuantity"]["value"] == 1.2
    assert by_code(bundle, "Procedure", SCT, "367336001")["status"] == "not-done"
    ai = by_code(bundle, "MedicationStatement", ATC, "L02BG")
    assert ai["medicationCodeableConcept"]["text"] == "Aromatase inhibitor (agent not recorded)"
    assert ai["effectivePeriod"] == {"start": "2021-05-20"}
    assert ai["status"] == "active"  # 5 planned years from 2021-05-20 run past 2025-06-01
    assert by_code(bundle, "MedicationStatement", ATC, "M05BA")["status"] == "completed"


@pytest.mark.parametrize(
    ("surgery_type", "code", "status"),
    [
        (SurgeryType.BREAST_CONSERVING, "392021009", "completed"),
        (SurgeryType.MASTECTOMY, "172043006", "completed"),
        (SurgeryType.BILATERAL_MASTECTOMY, "27865001", "completed"),
        (SurgeryType.NONE, "387713003", "not-done"),
    ],
    ids=lambda v: getattr(v, "value", v),
)
def test_surgery_codes(surgery_type: SurgeryType, code: str, status: str) -> None:
    patient = DEMO["demo-ada"]
    assert patient.treatment is not None
    surgery = patient.treatment.surgery.model_copy(update={"type": surgery_type})
    treatment = patient.treatment.model_copy(update={"surgery": surgery})
    bundle = export_bundle(patient.model_copy(update={"treatment": treatment}), None, ON)
    assert by_code(bundle, "Procedure", SCT, code)["status"] == status


def test_systemic_drugs_use_rxnorm() -> None:
    bea = _export("demo-bea")
    for code in ("10324", "224905", "1298944"):
        by_code(bea, "MedicationStatement", RXNORM, code)
    assert (ATC, "L02AE") in {
        pair
        for r in resources(bea, "MedicationStatement")
        for pair in codes_of(r["medicationCodeableConcept"])
    }
    by_code(bea, "Procedure", SCT, "33496007")  # reconstruction
    chemo = by_code(bea, "Procedure", SCT, "367336001")
    assert chemo["extension"][0]["valueCode"] == "third_gen"
    by_code(bea, "MedicationStatement", ATC, "L01DB")
    by_code(bea, "MedicationStatement", ATC, "L01CD")


def test_endocrine_switch_ends_first_agent_and_starts_second() -> None:
    dora = _export("demo-dora")
    tamoxifen = by_code(dora, "MedicationStatement", RXNORM, "10324")
    ai = by_code(dora, "MedicationStatement", ATC, "L02BG")
    assert tamoxifen["effectivePeriod"] == {"start": "2019-10-20", "end": "2021-10-20"}
    assert tamoxifen["status"] == "completed"
    assert ai["effectivePeriod"] == {"start": "2021-10-20"}
    assert ai["status"] == "active"  # 10 planned years from 2019 run past 2025


def test_no_endocrine_is_stated_as_not_taken() -> None:
    cleo = _export("demo-cleo")
    assert by_code(cleo, "MedicationStatement", ATC, "L02")["status"] == "not-taken"


def test_woman_without_breast_cancer_gets_risk_factor_observations() -> None:
    fay = _export("demo-fay")
    assert resources(fay, "Condition") == []
    assert resources(fay, "Procedure") == []
    assert by_code(fay, "Observation", LOINC, "42798-9")["valueQuantity"]["value"] == 11
    race = by_code(
        fay, "Observation", "http://vigil.example/fhir/CodeSystem/observation", "bcrat-race"
    )
    assert race["valueCodeableConcept"]["coding"][0]["code"] == "white"


def test_timestamp_is_the_generation_date() -> None:
    assert _export("demo-ada")["timestamp"] == "2025-06-01T00:00:00Z"
