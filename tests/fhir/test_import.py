"""Import: an mCODE-style bundle with alternative encodings, unknown codes, refusals."""

from __future__ import annotations

import copy
import datetime as dt
import json
from typing import Any

import pytest

from tests.fhir.helpers import by_code, component, fixture_bundle, without
from vigil.errors import FactsError
from vigil.facts import (
    ChemoGeneration,
    EndocrineAgent,
    Her2Ihc,
    Her2Ish,
    Histology,
    Laterality,
    Menopause,
    Patient,
    ReceptorStatus,
    Setting,
    Smoking,
    SurgeryType,
    parse_patient,
)
from vigil.fhir import BundleError, ImportResult, export_bundle, import_bundle

LOINC = "http://loinc.org"
ON = dt.date(2025, 6, 1)


@pytest.fixture(scope="module")
def noor() -> ImportResult:
    return import_bundle(json.dumps(fixture_bundle()))


def test_fixture_facts(noor: ImportResult) -> None:
    facts = noor.facts
    assert facts.patient_id is None  # only a hospital MRN, not Vigil's id
    assert facts.person.date_of_birth == dt.date(1970, 5, 12)
    assert facts.person.menopausal_status is Menopause.POST  # matched by text
    tumour = facts.tumour
    assert tumour is not None
    assert tumour.diagnosis_date == dt.date(2022, 3, 1)  # from a dateTime with a zone
    assert tumour.laterality is Laterality.LEFT  # breast + mCODE laterality qualifier
    assert tumour.histology is Histology.DUCTAL_NST  # SNOMED morphology, not ICD-O-3
    assert tumour.invasive_size_mm == 23.0  # 2.3 cm
    assert (tumour.grade, tumour.nodes_positive, tumour.nodes_examined) == (3, 2, 12)
    assert (tumour.er.status, tumour.er.percent_cells) == (ReceptorStatus.POSITIVE, 85)
    assert tumour.pr.status is ReceptorStatus.NEGATIVE  # valueString "Negative"
    assert (tumour.her2.ihc, tumour.her2.ish) == (Her2Ihc.TWO_PLUS, Her2Ish.NEGATIVE)
    assert tumour.ki67_percent == 30
    assert facts.history.smoking is Smoking.CURRENT  # "smokes daily"


def test_fixture_treatment(noor: ImportResult) -> None:
    treatment = noor.facts.treatment
    assert treatment is not None
    assert treatment.setting is Setting.ADJUVANT
    assert treatment.surgery.type is SurgeryType.BREAST_CONSERVING  # 64368001
    assert treatment.surgery.date == dt.date(2022, 3, 20)
    assert treatment.radiotherapy.given
    assert treatment.radiotherapy.end_date == dt.date(2022, 9, 2)
    chemo = treatment.chemotherapy
    assert (chemo.generation, chemo.anthracycline, chemo.taxane) == (
        ChemoGeneration.THIRD,
        True,
        True,
    )
    assert treatment.endocrine.agents == (
        EndocrineAgent.AROMATASE_INHIBITOR,
        EndocrineAgent.OVARIAN_SUPPRESSION,
    )
    assert treatment.endocrine.start_date == dt.date(2022, 9, 25)


def test_fixture_unknown_codes_are_reported(noor: ImportResult) -> None:
    reported = {issue.value for issue in noor.unknown_codes}
    assert reported == {
        "http://snomed.info/sct|38341003",  # hypertension Condition
        "http://loinc.org|89247-1",  # ECOG Observation
        "http://snomed.info/sct|723990008",  # biopsy Procedure
    }
    assert all(i.path.startswith("Bundle.entry[") for i in noor.unknown_codes)


def test_fixture_warnings_say_what_was_derived_or_skipped(noor: ImportResult) -> None:
    messages = "\n".join(str(w) for w in noor.warnings)
    assert "Practitioner" in messages
    assert "matched by name as ovarian_suppression" in messages
    assert "generation not stated; derived" in messages
    assert "treatment.setting: not stated; derived" in messages
    assert noor.assumptions == ()


def _valid_bundle() -> dict[str, Any]:
    from tests.conftest import VALID_PATIENT

    return export_bundle(parse_patient(VALID_PATIENT), None, ON)


def _replace_observation(loinc: str, **fields: Any) -> Patient:
    bundle = _valid_bundle()
    observation = by_code(bundle, "Observation", LOINC, loinc)
    for key in [k for k in observation if k.startswith("value") or k == "component"]:
        del observation[key]
    observation.pop("extension", None)
    observation.update(fields)
    return import_bundle(bundle).facts


@pytest.mark.parametrize(
    ("loinc", "fields", "path", "expected"),
    [
        ("48676-1", {"valueString": "neg"}, ("her2", "status"), ReceptorStatus.NEGATIVE),
        ("85330-9", {"valueQuantity": {"value": 12}}, ("ki67_percent",), 12),
        ("21889-1", {"valueQuantity": {"value": 2.2, "code": "cm"}}, ("invasive_size_mm",), 22.0),
        ("44648-4", {"valueString": "Grade 2"}, ("grade",), 2),
        ("44648-4", {"valueInteger": 2}, ("grade",), 2),
        ("21893-3", {"valueQuantity": {"value": 1, "code": "1"}}, ("nodes_positive",), 1),
    ],
    ids=["her2-text", "ki67-no-unit", "size-cm-top-level", "grade-text", "grade-int", "nodes-qty"],
)
def test_alternative_encodings(
    loinc: str, fields: dict[str, Any], path: tuple[str, ...], expected: Any
) -> None:
    value: Any = _replace_observation(loinc, **fields).tumour
    for name in path:
        value = getattr(value, name)
    assert value == expected


def test_her2_ihc_as_integer_component() -> None:
    bundle = _valid_bundle()
    her2 = by_code(bundle, "Observation", LOINC, "48676-1")
    ihc = component(her2, LOINC, "85319-2")
    ihc.pop("valueCodeableConcept")
    ihc["valueInteger"] = 1
    tumour = import_bundle(bundle).facts.tumour
    assert tumour is not None
    assert tumour.her2.ihc is Her2Ihc.ONE_PLUS


def test_unknown_value_code_is_reported_and_the_fact_refused() -> None:
    bundle = _valid_bundle()
    er = by_code(bundle, "Observation", LOINC, "16112-5")
    er["valueCodeableConcept"] = {"coding": [{"system": "http://example.org/x", "code": "P"}]}
    del er["component"]
    with pytest.raises(FactsError, match=r"tumour\.er.*16112-5") as caught:
        import_bundle(bundle)
    assert "http://example.org/x|P" in str(caught.value)


def test_missing_radiotherapy_is_refused_naming_the_fhir_element() -> None:
    bundle = without(fixture_bundle(), "rt")
    with pytest.raises(FactsError, match=r"treatment\.radiotherapy: not stated.*1217123003"):
        import_bundle(bundle)


def test_missing_radiotherapy_can_be_assumed_not_given() -> None:
    result = import_bundle(without(fixture_bundle(), "rt"), assume_not_given={"radiotherapy"})
    assert result.facts.treatment is not None
    assert not result.facts.treatment.radiotherapy.given
    assert [a.path for a in result.assumptions] == ["treatment.radiotherapy"]


@pytest.mark.parametrize(
    ("remove", "message"),
    [
        (["er", "er-percent"], r"tumour\.er: is required \(missing\).*16112-5"),
        (["grade"], r"tumour\.grade: is required.*44648-4"),
        (["size"], r"tumour\.invasive_size_mm: is required.*21889-1"),
        (["primary"], r"tumour\.diagnosis_date: is required.*onsetDateTime"),
    ],
    ids=["er", "grade", "size", "condition"],
)
def test_missing_facts_are_refused_with_the_fhir_element(remove: list[str], message: str) -> None:
    bundle = fixture_bundle()
    for resource_id in remove:
        bundle = without(bundle, resource_id)
    with pytest.raises(FactsError, match=message) as caught:
        import_bundle(bundle)
    assert "89247-1" in str(caught.value)  # unknown codes listed with the refusal


def test_missing_gender_names_patient_gender() -> None:
    bundle = fixture_bundle()
    del bundle["entry"][0]["resource"]["gender"]
    with pytest.raises(FactsError, match=r"person\.sex: is required.*Patient\.gender"):
        import_bundle(bundle)


def test_conflicting_values_are_refused() -> None:
    bundle = fixture_bundle()
    extra = copy.deepcopy(by_code(bundle, "Observation", LOINC, "85337-4"))
    extra["id"] = "er-again"
    extra["valueCodeableConcept"] = {"text": "Negative"}
    bundle["entry"].append({"resource": extra})
    with pytest.raises(FactsError, match=r"tumour\.er\.status: conflicting values"):
        import_bundle(bundle)


def test_bundle_without_treatment_resources_has_no_treatment() -> None:
    bundle = fixture_bundle()
    kinds = {"Procedure", "MedicationStatement", "MedicationRequest", "MedicationAdministration"}
    bundle["entry"] = [e for e in bundle["entry"] if e["resource"]["resourceType"] not in kinds]
    assert import_bundle(bundle).facts.treatment is None


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ("{not json", "not JSON"),
        (json.dumps({"resourceType": "Patient"}), "must be 'Bundle'"),
        (json.dumps({"resourceType": "Bundle", "type": "collection"}), "exactly one Patient"),
        (
            json.dumps(
                {
                    "resourceType": "Bundle",
                    "type": "collection",
                    "entry": [{"resource": {"resourceType": "Observation", "code": {}}}],
                }
            ),
            "not a valid FHIR R4",
        ),
    ],
    ids=["not-json", "not-bundle", "no-patient", "invalid-fhir"],
)
def test_unreadable_bundles_raise_bundle_error(document: str, message: str) -> None:
    with pytest.raises(BundleError, match=message):
        import_bundle(document)


def test_unknown_assumption_is_refused() -> None:
    with pytest.raises(ValueError, match="assume_not_given"):
        import_bundle(fixture_bundle(), assume_not_given={"bisphosphonate"})  # type: ignore[arg-type]


def test_second_breast_cancer_condition_is_refused() -> None:
    bundle = fixture_bundle()
    second = copy.deepcopy(bundle["entry"][2])
    second["resource"]["id"] = "second"
    bundle["entry"].append(second)
    with pytest.raises(FactsError, match="second breast cancer Condition"):
        import_bundle(bundle)


def test_gender_other_than_female_or_male_is_refused() -> None:
    bundle = fixture_bundle()
    bundle["entry"][0]["resource"]["gender"] = "unknown"
    with pytest.raises(FactsError, match=r"person\.sex.*must be female or male"):
        import_bundle(bundle)


def test_refuted_condition_is_skipped_with_a_warning() -> None:
    bundle = fixture_bundle()
    refuted = copy.deepcopy(bundle["entry"][2])
    refuted["resource"]["id"] = "refuted"
    refuted["resource"]["verificationStatus"]["coding"][0]["code"] = "refuted"
    refuted["resource"]["onsetDateTime"] = "2010-01-01"
    bundle["entry"].append(refuted)
    result = import_bundle(bundle)
    assert result.facts.tumour is not None
    assert result.facts.tumour.diagnosis_date == dt.date(2022, 3, 1)
    assert any("refuted" in str(w) for w in result.warnings)
