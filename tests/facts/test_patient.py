"""Patient facts: every validation rule refuses a bad input and names the field."""

from __future__ import annotations

import json
from typing import Any

import pytest

from vigil.errors import FactsError
from vigil.facts import Patient, parse_patient


def _set(doc: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    *parents, leaf = path.split(".")
    node = doc
    for key in parents:
        node = node[key]
    if value is _DELETE:
        del node[leaf]
    else:
        node[leaf] = value
    return doc


_DELETE = object()

# (id, path to change, new value, path expected in the error, fragment of the message)
BAD_INPUTS = [
    ("grade-4", "tumour.grade", 4, "tumour.grade", "less than or equal to 3"),
    ("grade-text", "tumour.grade", "high", "tumour.grade", "'unknown'"),
    (
        "ki67-over-100",
        "tumour.ki67_percent",
        150,
        "tumour.ki67_percent",
        "less than or equal to 100",
    ),
    ("size-zero", "tumour.invasive_size_mm", 0, "tumour.invasive_size_mm", "greater than 0"),
    ("size-missing", "tumour.invasive_size_mm", _DELETE, "tumour.invasive_size_mm", "required"),
    (
        "nodes-negative",
        "tumour.nodes_positive",
        -1,
        "tumour.nodes_positive",
        "greater than or equal to 0",
    ),
    (
        "nodes-over-examined",
        "tumour.nodes_positive",
        11,
        "tumour.nodes_positive",
        "cannot exceed nodes_examined (10)",
    ),
    ("micromets-no-nodes", "tumour.micrometastases_only", True, None, None),
    (
        "er-percent-over-100",
        "tumour.er.percent_cells",
        101,
        "tumour.er.percent_cells",
        "less than or equal to 100",
    ),
    ("er-contradiction", "tumour.er.percent_cells", 0.5, "tumour.er.status", "contradicts"),
    ("er-empty", "tumour.er", {}, "tumour.er.status", "give a status"),
    ("allred-9", "tumour.er.allred_score", 9, "tumour.er.allred_score", "less than or equal to 8"),
    ("her2-bad-ihc", "tumour.her2.ihc", "4+", "tumour.her2.ihc", "'0', '1+', '2+' or '3+'"),
    (
        "her2-contradiction",
        "tumour.her2",
        {"status": "positive", "ihc": "1+"},
        "tumour.her2.status",
        "contradicts",
    ),
    (
        "her2-faint-not-zero",
        "tumour.her2",
        {"ihc": "2+", "ihc_faint_staining": True},
        "tumour.her2.ihc_faint_staining",
        "only when ihc is '0'",
    ),
    ("typo-field", "tumour.gradee", 2, "tumour.gradee", "not a known field"),
    (
        "surgery-before-dx",
        "treatment.surgery.date",
        "2021-12-31",
        "treatment.surgery.date",
        "before the diagnosis date",
    ),
    (
        "rt-before-surgery",
        "treatment.radiotherapy.end_date",
        "2022-01-20",
        "treatment.radiotherapy.end_date",
        "before the surgery date",
    ),
    (
        "heart-dose-no-rt",
        "treatment.radiotherapy",
        {"given": False, "mean_heart_dose_gy": 2},
        "treatment.radiotherapy.mean_heart_dose_gy",
        "given is false",
    ),
    (
        "chemo-none-anthra",
        "treatment.chemotherapy",
        {"generation": "none", "anthracycline": True},
        "treatment.chemotherapy.anthracycline",
        "generation is 'none'",
    ),
    (
        "chemo-bad-gen",
        "treatment.chemotherapy.generation",
        "first_gen",
        "treatment.chemotherapy.generation",
        "second_gen",
    ),
    (
        "endocrine-twice",
        "treatment.endocrine.agents",
        ["tamoxifen", "tamoxifen"],
        "treatment.endocrine.agents",
        "twice",
    ),
    (
        "endocrine-15plus",
        "treatment.endocrine.planned_years",
        20,
        "treatment.endocrine.planned_years",
        "less than or equal to 15",
    ),
    (
        "reconstruction-bcs",
        "treatment.surgery.reconstruction",
        True,
        "treatment.surgery.reconstruction",
        "after mastectomy",
    ),
    ("setting-missing", "treatment.setting", _DELETE, "treatment.setting", "required"),
    (
        "age-missing",
        "person.age_at_diagnosis_years",
        _DELETE,
        "person.age_at_diagnosis_years",
        "required",
    ),
    ("sex-bad", "person.sex", "f", "person.sex", "'female' or 'male'"),
    (
        "dob-after-dx",
        "person.date_of_birth",
        "2023-01-01",
        "person.date_of_birth",
        "before tumour.diagnosis_date",
    ),
    (
        "dob-disagrees",
        "person.date_of_birth",
        "1950-01-01",
        "person.age_at_diagnosis_years",
        "disagrees with date_of_birth",
    ),
    (
        "germline-mix",
        "history",
        {"germline": ["none_found", "brca1"]},
        "history.germline",
        "cannot be combined",
    ),
    ("bad-date", "tumour.diagnosis_date", "2022-13-01", "tumour.diagnosis_date", "date"),
]


@pytest.mark.parametrize(
    ("path", "value", "error_path", "fragment"),
    [case[1:] for case in BAD_INPUTS],
    ids=[case[0] for case in BAD_INPUTS],
)
def test_bad_input_names_the_field(
    patient_doc: dict[str, Any], path: str, value: Any, error_path: str | None, fragment: str | None
) -> None:
    if error_path is None:  # micrometastases with zero nodes
        patient_doc["tumour"]["nodes_positive"] = 0
        error_path, fragment = "tumour.micrometastases_only", "at least one positive node"
    with pytest.raises(FactsError) as caught:
        parse_patient(_set(patient_doc, path, value))
    paths = {issue.path: issue for issue in caught.value.issues}
    assert error_path in paths, caught.value.issues
    assert fragment is not None
    assert fragment in paths[error_path].message
    assert error_path in str(caught.value)


def test_every_invalid_field_is_reported_at_once(patient_doc: dict[str, Any]) -> None:
    patient_doc["tumour"]["grade"] = 7
    patient_doc["tumour"]["ki67_percent"] = 101
    patient_doc["person"]["sex"] = "x"
    del patient_doc["treatment"]["surgery"]
    with pytest.raises(FactsError) as caught:
        parse_patient(patient_doc)
    assert {i.path for i in caught.value.issues} == {
        "tumour.grade",
        "tumour.ki67_percent",
        "person.sex",
        "treatment.surgery",
    }
    values = {i.path: i.value for i in caught.value.issues}
    assert values["tumour.grade"] == 7
    assert values["treatment.surgery"] is None


def test_all_dates_before_diagnosis_reported_together(patient_doc: dict[str, Any]) -> None:
    treatment = patient_doc["treatment"]
    treatment["surgery"]["date"] = "2021-01-01"
    treatment["radiotherapy"]["end_date"] = "2021-03-01"
    treatment["endocrine"]["start_date"] = "2021-05-01"
    with pytest.raises(FactsError) as caught:
        parse_patient(patient_doc)
    assert {i.path for i in caught.value.issues} == {
        "treatment.surgery.date",
        "treatment.radiotherapy.end_date",
        "treatment.endocrine.start_date",
    }


def test_unknown_is_a_choice_but_missing_is_an_error(patient_doc: dict[str, Any]) -> None:
    patient_doc["tumour"]["grade"] = "unknown"
    patient_doc["tumour"]["nodes_positive"] = "unknown"
    patient = parse_patient(patient_doc)
    assert patient.tumour is not None
    assert patient.tumour.grade == "unknown"
    del patient_doc["tumour"]["grade"]
    with pytest.raises(FactsError, match=r"tumour\.grade: is required"):
        parse_patient(patient_doc)


def test_patient_needs_tumour_or_risk_factors() -> None:
    with pytest.raises(FactsError, match="give tumour") as caught:
        parse_patient({"person": {"sex": "female"}})
    assert caught.value.issues[0].path == "tumour"


def test_treatment_needs_tumour(patient_doc: dict[str, Any]) -> None:
    doc = {
        "person": {"sex": "female"},
        "treatment": patient_doc["treatment"],
        "risk_factors": {
            "age_years": 50,
            "age_at_menarche_years": 12,
            "age_at_first_live_birth_years": 25,
            "breast_biopsies": 0,
            "atypical_hyperplasia": "no",
            "race": "white",
        },
    }
    with pytest.raises(FactsError, match=r"treatment: needs tumour facts"):
        parse_patient(doc)


@pytest.mark.parametrize(
    ("change", "path", "fragment"),
    [
        (
            {"age_at_first_live_birth_years": 11, "age_at_menarche_years": 13},
            "risk_factors.age_at_first_live_birth_years",
            "before the age at menarche (13)",
        ),
        (
            {"age_at_first_live_birth_years": 55},
            "risk_factors.age_at_first_live_birth_years",
            "after today's age (50)",
        ),
        (
            {"breast_biopsies": 0, "atypical_hyperplasia": "yes"},
            "risk_factors.atypical_hyperplasia",
            "at least one breast biopsy",
        ),
        ({"race": "asian"}, "risk_factors.race", "'white'"),
        (
            {"age_at_menarche_years": 3},
            "risk_factors.age_at_menarche_years",
            "greater than or equal to 5",
        ),
    ],
    ids=["birth-before-menarche", "birth-after-age", "atypia-no-biopsy", "race", "menarche-3"],
)
def test_risk_factor_rules(change: dict[str, Any], path: str, fragment: str) -> None:
    risk = {
        "age_years": 50,
        "age_at_menarche_years": 12,
        "age_at_first_live_birth_years": "nulliparous",
        "breast_biopsies": 1,
        "atypical_hyperplasia": "no",
        "race": "white",
    } | change
    with pytest.raises(FactsError) as caught:
        parse_patient({"person": {"sex": "female"}, "risk_factors": risk})
    issue = {i.path: i for i in caught.value.issues}[path]
    assert fragment in issue.message


def test_json_document_is_parsed(patient_doc: dict[str, Any]) -> None:
    patient = parse_patient(json.dumps(patient_doc))
    assert isinstance(patient, Patient)
    assert patient.age_at_diagnosis_years == 55


def test_malformed_json_is_a_facts_error() -> None:
    with pytest.raises(FactsError, match="Invalid JSON"):
        parse_patient("{not json")


def test_age_from_date_of_birth(patient_doc: dict[str, Any]) -> None:
    del patient_doc["person"]["age_at_diagnosis_years"]
    patient_doc["person"]["date_of_birth"] = "1967-01-10"
    patient = parse_patient(patient_doc)
    # 2022-01-10 minus 1967-01-10 is 20089 days; / 365.25 = 55.0007 years.
    assert patient.age_at_diagnosis_years == pytest.approx(20089 / 365.25)
