"""Export a patient's facts (and care plan) as a FHIR R4 collection Bundle."""

from __future__ import annotations

import datetime as dt

from fhir.resources.R4B.bundle import Bundle
from pydantic import ValidationError

from vigil.care import CarePlan
from vigil.errors import Issue
from vigil.facts import (
    ChemoGeneration,
    Endocrine,
    Laterality,
    Patient,
    SurgeryType,
    Treatment,
    Tumour,
)
from vigil.fhir import _codes as c
from vigil.fhir._careplan import careplan_resource
from vigil.fhir._elements import Json, absent, concept, extension, quantity, reference
from vigil.fhir._export_obs import add_observations
from vigil.fhir._ids import Entries, patient_key
from vigil.fhir._result import BundleError

__all__ = ["export_bundle"]


def export_bundle(patient: Patient, plan: CarePlan | None, generated_on: dt.date) -> Json:
    """A FHIR R4 ``collection`` Bundle holding the patient's facts and, optionally, a plan.

    Resources: Patient; the primary breast cancer Condition; Observations for menopausal
    status, tumour size, grade, nodes, ER, PR, HER2, Ki-67, history and risk factors;
    Procedures for surgery, reconstruction, radiotherapy and chemotherapy;
    MedicationStatements for endocrine, anti-HER2, bisphosphonate and chemotherapy
    classes; and a CarePlan when ``plan`` is given. Codes are listed in ``docs/fhir.md``.

    Parameters
    ----------
    patient:
        Validated facts.
    plan:
        The care plan to include, or None.
    generated_on:
        Date of the export; becomes ``Bundle.timestamp`` (midnight UTC, since a FHIR
        instant needs a time) and decides whether endocrine therapy is still active.

    Returns
    -------
    dict
        JSON-ready Bundle. Ids are uuid5 of the patient id and the resource's role, so the
        same input gives byte-identical JSON.

    Raises
    ------
    BundleError
        If ``plan`` belongs to another patient, or (a Vigil bug) the Bundle does not
        validate against the FHIR R4B models.
    """
    _check_plan(patient, plan)
    entries = Entries(patient_key(patient))
    patient_url = entries.add("patient", _patient_resource(patient))
    condition_url = None
    if patient.tumour is not None:
        condition = _condition(patient.tumour, patient.treatment, patient_url)
        condition_url = entries.add("condition", condition)
    add_observations(entries, patient, patient_url)
    if patient.treatment is not None and condition_url is not None:
        _add_treatment(entries, patient.treatment, patient_url, condition_url, generated_on)
    if plan is not None:
        resource = careplan_resource(plan, patient_url, condition_url)
        entries.add(f"careplan:{plan.prepared_on.isoformat()}", resource)
    bundle: Json = {
        "resourceType": "Bundle",
        "id": entries.resource_id(f"bundle:{generated_on.isoformat()}"),
        "type": "collection",
        "timestamp": f"{generated_on.isoformat()}T00:00:00Z",
        "entry": entries.items,
    }
    _validate(bundle)
    return bundle


def _check_plan(patient: Patient, plan: CarePlan | None) -> None:
    if (
        plan is not None
        and patient.patient_id is not None
        and plan.patient_id != patient.patient_id
    ):
        raise BundleError(
            [
                Issue(
                    "plan.patient_id",
                    plan.patient_id,
                    f"must be the patient's id ({patient.patient_id!r})",
                )
            ]
        )


def _validate(bundle: Json) -> None:
    try:
        Bundle.model_validate(bundle)
    except ValidationError as exc:  # a Vigil bug: every element above is R4B
        issues = [Issue(".".join(map(str, e["loc"])), None, e["msg"]) for e in exc.errors()]
        raise BundleError(issues, "the exported Bundle is not valid FHIR R4B") from exc


def _patient_resource(patient: Patient) -> Json:
    person = patient.person
    resource: Json = {"resourceType": "Patient"}
    if person.age_at_diagnosis_years is not None:
        age = quantity(person.age_at_diagnosis_years, "a")
        resource["extension"] = [extension(c.AGE_AT_DIAGNOSIS_EXT, "valueAge", age)]
    if patient.patient_id is not None:
        resource["identifier"] = [{"system": c.PATIENT_ID_SYSTEM, "value": patient.patient_id}]
    resource["gender"] = person.sex.value
    if person.date_of_birth is not None:
        resource["birthDate"] = person.date_of_birth.isoformat()
    return resource


def _condition(tumour: Tumour, treatment: Treatment | None, patient_url: str) -> Json:
    extensions: list[Json] = []
    if tumour.histology is not None:
        codes = c.HISTOLOGY.get(tumour.histology)
        value = concept(codes[:1]) if codes else absent()  # histology "unknown"
        extensions.append(extension(c.HISTOLOGY_EXT, "valueCodeableConcept", value))
    if tumour.detection is not None:
        extensions.append(extension(c.DETECTION_EXT, "valueCode", tumour.detection.value))
    if treatment is not None:
        extensions.append(extension(c.SETTING_EXT, "valueCode", treatment.setting.value))
    resource: Json = {"resourceType": "Condition"}
    if extensions:
        resource["extension"] = extensions
    resource["verificationStatus"] = {
        "coding": [
            {
                "system": "http://terminology.hl7.org/CodeSystem/condition-ver-status",
                "code": "confirmed",
            }
        ]
    }
    resource["code"] = concept([c.BREAST_CANCER])
    if tumour.laterality is not None:
        resource["bodySite"] = [_body_site(tumour.laterality)]
    resource["subject"] = reference(patient_url)
    resource["onsetDateTime"] = tumour.diagnosis_date.isoformat()
    return resource


def _body_site(laterality: Laterality) -> Json:
    if laterality in c.BREAST_SITE:
        return concept(c.BREAST_SITE[laterality])
    qualifier = concept(c.LATERALITY_QUALIFIER[laterality])
    site = concept([c.BREAST_STRUCTURE])
    site["extension"] = [extension(c.LATERALITY_EXT, "valueCodeableConcept", qualifier)]
    return site


def _procedure(code: c.Code, status: str, patient_url: str, condition_url: str) -> Json:
    return {
        "resourceType": "Procedure",
        "status": status,
        "code": concept([code]),
        "subject": reference(patient_url),
        "reasonReference": [reference(condition_url)],
    }


def _medication(
    codes: tuple[c.Code, ...], text: str | None, status: str, patient_url: str, condition_url: str
) -> Json:
    return {
        "resourceType": "MedicationStatement",
        "status": status,
        "medicationCodeableConcept": concept(codes[:1], text),
        "subject": reference(patient_url),
        "reasonReference": [reference(condition_url)],
    }


def _add_treatment(
    entries: Entries, treatment: Treatment, patient_url: str, condition_url: str, on: dt.date
) -> None:
    def procedure(code: c.Code, done: bool) -> Json:
        return _procedure(code, "completed" if done else "not-done", patient_url, condition_url)

    def medication(codes: tuple[c.Code, ...], status: str, text: str | None = None) -> Json:
        return _medication(codes, text, status, patient_url, condition_url)

    surgery = treatment.surgery
    if surgery.type is SurgeryType.NONE:
        operation = procedure(c.ANY_SURGERY, done=False)
    else:
        operation = procedure(c.SURGERY[surgery.type][0], done=True)
    if surgery.date is not None:
        operation["performedDateTime"] = surgery.date.isoformat()
    entries.add("procedure:surgery", operation)
    if surgery.reconstruction:
        entries.add("procedure:reconstruction", procedure(c.RECONSTRUCTION, done=True))

    rt = treatment.radiotherapy
    course = procedure(c.RADIOTHERAPY[0], done=rt.given)
    if rt.end_date is not None:
        course["performedPeriod"] = {"end": rt.end_date.isoformat()}
    if rt.mean_heart_dose_gy is not None:
        dose = quantity(rt.mean_heart_dose_gy, "Gy")
        course["extension"] = [extension(c.HEART_DOSE_EXT, "valueQuantity", dose)]
    entries.add("procedure:radiotherapy", course)

    chemo = treatment.chemotherapy
    given = chemo.generation is not ChemoGeneration.NONE
    regimen = procedure(c.CHEMOTHERAPY, done=given)
    if given:
        regimen["extension"] = [extension(c.GENERATION_EXT, "valueCode", chemo.generation.value)]
    if chemo.end_date is not None:
        regimen["performedPeriod"] = {"end": chemo.end_date.isoformat()}
    entries.add("procedure:chemotherapy", regimen)
    if chemo.anthracycline:
        entries.add("medication:anthracycline", medication(c.ANTHRACYCLINE, "completed"))
    if chemo.taxane:
        entries.add("medication:taxane", medication(c.TAXANE, "completed"))

    endocrine = treatment.endocrine
    if not endocrine.agents:
        entries.add("medication:endocrine", medication((c.ANY_ENDOCRINE,), "not-taken"))
    for index, agent in enumerate(endocrine.agents):
        period = _endocrine_period(endocrine, index)
        status = _endocrine_status(treatment, on, period.get("end"))
        statement = medication(c.ENDOCRINE[agent], status, c.ENDOCRINE_TEXT[agent])
        if endocrine.planned_years is not None:
            duration = quantity(endocrine.planned_years, "a")
            statement["extension"] = [extension(c.PLANNED_DURATION_EXT, "valueDuration", duration)]
        if period:
            statement["effectivePeriod"] = period
        entries.add(f"medication:{agent.value}", statement)

    for name, codes in c.ANTI_HER2.items():
        if getattr(treatment.anti_her2, name):
            entries.add(f"medication:{name}", medication(codes, "completed"))
    if treatment.bisphosphonate:
        entries.add("medication:bisphosphonate", medication(c.BISPHOSPHONATE, "completed"))


def _endocrine_period(endocrine: Endocrine, index: int) -> dict[str, str]:
    """effectivePeriod of the ``index``-th agent: a switch ends the first, starts the second."""
    start, switch = endocrine.start_date, endocrine.switch_date
    period: dict[str, str] = {}
    if switch is not None and index == 1:
        period["start"] = switch.isoformat()
    elif start is not None:
        period["start"] = start.isoformat()
    if switch is not None and index == 0:
        period["end"] = switch.isoformat()
    return period


def _endocrine_status(treatment: Treatment, on: dt.date, stopped: str | None) -> str:
    """'completed' once the agent was switched or the planned course ended by ``on``.

    Vigil records that a drug was given, not when it stopped; anti-HER2, bisphosphonate
    and chemotherapy statements are written 'completed' (see docs/fhir.md).
    """
    if stopped is not None and dt.date.fromisoformat(stopped) <= on:
        return "completed"
    endocrine = treatment.endocrine
    if endocrine.start_date is None or endocrine.planned_years is None:
        return "active"
    end = endocrine.start_date + dt.timedelta(days=round(endocrine.planned_years * 365.25))
    return "completed" if end <= on else "active"
