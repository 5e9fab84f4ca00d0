"""Which FHIR element carries each fact: added to import errors so a sender can fix them."""

from __future__ import annotations

from vigil.errors import Issue
from vigil.fhir import _codes as c


def _obs(*codes: c.Code) -> str:
    return "Observation " + " / ".join(f"{_system(x)} {x.code}" for x in codes)


def _system(code: c.Code) -> str:
    names = {c.LOINC: "LOINC", c.SNOMED: "SNOMED", c.VIGIL_OBSERVATION: "Vigil"}
    return names.get(code.system, code.system)


def _proc(*codes: c.Code) -> str:
    return "Procedure SNOMED " + " / ".join(x.code for x in codes)


HINTS: dict[str, str] = {
    "patient_id": f"Patient.identifier with system {c.PATIENT_ID_SYSTEM}",
    "person": "the Patient resource",
    "person.sex": "Patient.gender (female or male)",
    "person.date_of_birth": "Patient.birthDate",
    "person.age_at_diagnosis_years": "Patient.birthDate, or Patient extension "
    + c.AGE_AT_DIAGNOSIS_EXT,
    "person.menopausal_status": _obs(c.MENSTRUAL_STATUS),
    "tumour": f"a Condition coded SNOMED {c.BREAST_CANCER.code} (or ICD-10 C50.x); "
    "for a woman without breast cancer, the risk-factor Observations",
    "tumour.diagnosis_date": "Condition.onsetDateTime (a full date)",
    "tumour.laterality": "Condition.bodySite",
    "tumour.histology": f"Condition extension {c.HISTOLOGY_EXT}",
    "tumour.detection": f"Condition extension {c.DETECTION_EXT}",
    "tumour.invasive_size_mm": _obs(c.TUMOUR_SIZE)
    + f" with component LOINC {c.TUMOUR_LONGEST.code}",
    "tumour.grade": _obs(c.GRADE),
    "tumour.nodes_positive": _obs(*c.NODES_POSITIVE),
    "tumour.nodes_examined": _obs(*c.NODES_EXAMINED),
    "tumour.micrometastases_only": f"extension {c.MICROMETASTASES_EXT} on the "
    "positive-nodes Observation",
    "tumour.er": _obs(c.ER_STATUS, *c.ER_PRESENCE, c.ER_PERCENT),
    "tumour.pr": _obs(c.PR_STATUS, *c.PR_PRESENCE, c.PR_PERCENT),
    "tumour.her2": _obs(c.HER2_STATUS, c.HER2_IHC, c.HER2_ISH),
    "tumour.ki67_percent": _obs(c.KI67),
    "treatment": "Procedure and MedicationStatement resources",
    "treatment.setting": f"Condition extension {c.SETTING_EXT}, or the dates of surgery and "
    "systemic therapy",
    "treatment.surgery": _proc(*(x[0] for x in c.SURGERY.values()))
    + f" (status not-done with {c.ANY_SURGERY.code} for no surgery)",
    "treatment.radiotherapy": _proc(c.RADIOTHERAPY[0]) + " (status completed or not-done)",
    "treatment.chemotherapy": _proc(c.CHEMOTHERAPY) + " (status completed or not-done), or "
    "MedicationStatements for the drugs",
    "treatment.chemotherapy.generation": f"Procedure extension {c.GENERATION_EXT}",
    "treatment.endocrine": "MedicationStatement for each endocrine drug (RxNorm/ATC), or ATC "
    f"{c.ANY_ENDOCRINE.code} with status not-taken for none",
    "history.smoking": _obs(c.SMOKING_STATUS),
    "history.first_degree_relatives_with_breast_cancer": _obs(c.RELATIVES),
    "history.prior_vte_or_stroke": _obs(c.PRIOR_VTE),
    "history.germline": _obs(c.GERMLINE),
    "risk_factors": "the risk-factor Observations (see docs/fhir.md)",
    "risk_factors.age_years": _obs(c.AGE),
    "risk_factors.age_at_menarche_years": _obs(c.AGE_AT_MENARCHE),
    "risk_factors.age_at_first_live_birth_years": _obs(c.FIRST_BIRTH),
    "risk_factors.breast_biopsies": _obs(c.BIOPSIES),
    "risk_factors.atypical_hyperplasia": _obs(c.ATYPICAL_HYPERPLASIA),
    "risk_factors.race": _obs(c.RACE),
}


def with_hint(issue: Issue) -> Issue:
    """The issue with the FHIR element that carries its fact (longest matching path)."""
    path = issue.path
    while path:
        if path in HINTS:
            return Issue(issue.path, issue.value, f"{issue.message} [FHIR: {HINTS[path]}]")
        path = path.rpartition(".")[0]
    return issue
