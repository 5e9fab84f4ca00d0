"""Import an mCODE-style FHIR R4 Bundle into Vigil's patient facts."""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from typing import Any

from fhir.resources.R4B.bundle import Bundle
from pydantic import ValidationError

from vigil.errors import FactsError, Issue, VigilError
from vigil.facts import Detection, Histology, Laterality, Setting, parse_patient
from vigil.fhir import _codes as c
from vigil.fhir._elements import (
    codings,
    extension_value,
    full_date,
    has_code,
    lookup,
)
from vigil.fhir._hints import with_hint
from vigil.fhir._import_meds import MEDICATION_TYPES, read_medication
from vigil.fhir._import_obs import RISK_PREFIX, VIGIL_RISK_CODES, read_observation
from vigil.fhir._import_treatment import (
    TREATMENT_PARTS,
    TreatmentFound,
    TreatmentPart,
    read_procedure,
    treatment_facts,
)
from vigil.fhir._read import Reading
from vigil.fhir._result import BundleError, ImportResult

__all__ = ["import_bundle"]


def import_bundle(
    bundle: Mapping[str, Any] | str | bytes,
    *,
    assume_not_given: Collection[TreatmentPart] = (),
) -> ImportResult:
    """Read patient facts from an mCODE-style FHIR R4 Bundle (JSON text or parsed).

    Parameters
    ----------
    bundle:
        A Bundle holding one Patient; codes understood are listed in ``docs/fhir.md``.
    assume_not_given:
        Treatment parts ("surgery", "radiotherapy", "chemotherapy", "endocrine") to take
        as not given when the bundle says nothing about them. Without this a silent
        bundle is refused: absence of a record is not evidence of no treatment. Each use
        is listed in ``ImportResult.assumptions``.

    Returns
    -------
    ImportResult
        The facts, every code not understood, warnings and assumptions.

    Raises
    ------
    BundleError
        The input is not JSON, not a Bundle, not valid FHIR R4B, or holds no or several
        Patients.
    FactsError
        Facts are missing, conflicting or invalid. Each issue names the fact and the
        FHIR element that would carry it; codes not understood are listed too.
    """
    _check_assumptions(assume_not_given)
    data = _check_bundle(bundle)
    reading, found = Reading(), TreatmentFound()
    patients = 0
    risk_codes_seen = False
    for i, entry in enumerate(data.get("entry") or ()):
        resource = entry.get("resource") if isinstance(entry, Mapping) else None
        if not isinstance(resource, Mapping):
            continue
        where = f"Bundle.entry[{i}].resource"
        kind = resource.get("resourceType")
        if kind == "Patient":
            patients += 1
            _read_patient(resource, reading, where)
        elif kind == "Condition":
            _read_condition(resource, reading, where)
        elif kind == "Observation":
            if resource.get("status") in (
                "entered-in-error",
                "cancelled",
                "preliminary",
                "registered",
            ):
                reading.warn(where, resource.get("status"), "Observation not final; not read")
                continue
            risk_codes_seen = risk_codes_seen or has_code(resource.get("code"), VIGIL_RISK_CODES)
            read_observation(resource, reading, where)
        elif kind == "Procedure":
            read_procedure(resource, found, reading, where)
        elif kind in MEDICATION_TYPES:
            read_medication(resource, found, reading, where)
        else:
            reading.warn(where, kind, "resource type not read by Vigil")
    if patients != 1:
        raise BundleError(
            [Issue("Bundle.entry", patients, "must hold exactly one Patient resource")]
        )
    has_tumour = "tumour.diagnosis_date" in reading.values or "tumour.condition" in reading.values
    reading.values.pop("tumour.condition", None)
    setting = reading.values.pop("treatment.setting", None)
    treatment_facts(found, reading, setting, assume_not_given)
    _risk_factors(reading, keep=risk_codes_seen or not has_tumour)
    return _result(reading)


def _check_assumptions(assume_not_given: Collection[str]) -> None:
    unknown = sorted(set(assume_not_given) - set(TREATMENT_PARTS))
    if unknown:
        msg = f"'assume_not_given' must name parts in {TREATMENT_PARTS} (got {unknown})"
        raise VigilError(msg)


def _check_bundle(bundle: Mapping[str, Any] | str | bytes) -> Mapping[str, Any]:
    if isinstance(bundle, str | bytes):
        try:
            data = json.loads(bundle)
        except json.JSONDecodeError as exc:
            raise BundleError([Issue("(document)", None, f"not JSON: {exc}")]) from None
    else:
        data = bundle
    if not isinstance(data, Mapping) or data.get("resourceType") != "Bundle":
        got = data.get("resourceType") if isinstance(data, Mapping) else type(data).__name__
        raise BundleError([Issue("resourceType", got, "must be 'Bundle'")])
    try:
        Bundle.model_validate(data)
    except ValidationError as exc:
        issues = [
            Issue(".".join(map(str, e["loc"])), e.get("input"), e["msg"]) for e in exc.errors()
        ]
        raise BundleError(issues, "not a valid FHIR R4 (R4B) Bundle") from None
    return data


def _read_patient(patient: Mapping[str, Any], reading: Reading, where: str) -> None:
    gender = patient.get("gender")
    if gender in ("female", "male"):
        reading.put("person.sex", gender, f"{where}.gender")
    elif gender is not None:
        reading.errors.append(Issue("person.sex", gender, f"{where}.gender must be female or male"))
    birth = patient.get("birthDate")
    if birth is not None:
        born = full_date(birth)
        if born is None:
            reading.warn(f"{where}.birthDate", birth, "partial date; date of birth left empty")
        reading.put("person.date_of_birth", born and born.isoformat(), f"{where}.birthDate")
    age = extension_value(patient, c.AGE_AT_DIAGNOSIS_EXT)
    if isinstance(age, Mapping):
        reading.put("person.age_at_diagnosis_years", age.get("value"), f"{where}.extension")
    for identifier in patient.get("identifier") or ():
        if isinstance(identifier, Mapping) and identifier.get("system") == c.PATIENT_ID_SYSTEM:
            reading.put("patient_id", identifier.get("value"), f"{where}.identifier")


def _is_breast_cancer(code: Any) -> bool:
    if has_code(code, (c.BREAST_CANCER, *c.BREAST_CANCER_ALIASES)):
        return True
    return any(
        system in (c.ICD10, c.ICD10CM) and value.startswith(c.ICD10_BREAST_PREFIX)
        for system, value in codings(code)
    )


def _read_condition(condition: Mapping[str, Any], reading: Reading, where: str) -> None:
    code = condition.get("code")
    if not _is_breast_cancer(code):
        reading.unknown_code(f"{where}.code", code, "Condition code (not a breast cancer code)")
        return
    verification = [v for _, v in codings(condition.get("verificationStatus"))]
    if "refuted" in verification or "entered-in-error" in verification:
        reading.warn(where, verification, "Condition refuted or entered in error; not read")
        return
    if "tumour.condition" in reading.values:
        reading.errors.append(
            Issue(
                "tumour",
                None,
                f"a second breast cancer Condition at {where}; Vigil keeps one primary tumour",
            )
        )
        return
    reading.values["tumour.condition"] = where
    onset = condition.get("onsetDateTime") or (condition.get("onsetPeriod") or {}).get("start")
    diagnosed = full_date(onset)
    if onset is not None and diagnosed is None:
        reading.errors.append(
            Issue("tumour.diagnosis_date", onset, f"{where}.onsetDateTime needs a full date")
        )
    reading.put(
        "tumour.diagnosis_date", diagnosed and diagnosed.isoformat(), f"{where}.onsetDateTime"
    )
    for i, site in enumerate(condition.get("bodySite") or ()):
        _read_body_site(site, reading, f"{where}.bodySite[{i}]")
    histology = extension_value(condition, c.HISTOLOGY_EXT)
    if histology is not None:
        found = lookup(histology, c.HISTOLOGY)
        if found is None and any(s == c.DATA_ABSENT for s, _ in codings(histology)):
            found = Histology.UNKNOWN
        if found is None:
            reading.unknown_code(f"{where}.extension", histology, "histology code")
        reading.put("tumour.histology", found and found.value, f"{where}.extension")
    for url, enum, path in (
        (c.DETECTION_EXT, Detection, "tumour.detection"),
        (c.SETTING_EXT, Setting, "treatment.setting"),
    ):
        value = extension_value(condition, url)
        if value is not None and value not in {m.value for m in enum}:
            reading.unknown_code(f"{where}.extension", value, f"{path} code")
            value = None
        reading.put(path, value, f"{where}.extension")


def _read_body_site(site: Any, reading: Reading, where: str) -> None:
    laterality = lookup(site, c.BREAST_SITE)
    if laterality is None and has_code(site, (c.BREAST_STRUCTURE,)):
        qualifier = extension_value(site, c.LATERALITY_EXT)
        laterality = lookup(qualifier, c.LATERALITY_QUALIFIER)
        if laterality is None:
            reading.warn(where, None, "breast without laterality")
            return
    if laterality is None:
        reading.unknown_code(where, site, "body site")
        return
    reading.put("tumour.laterality", Laterality(laterality).value, where)


def _risk_factors(reading: Reading, *, keep: bool) -> None:
    paths = [p for p in reading.values if p.startswith(RISK_PREFIX)]
    if keep:
        return
    for path in paths:
        reading.warn(
            reading.sources.get(path, path),
            reading.values.pop(path),
            "risk factor of a woman without breast cancer; not used for a patient with it",
        )


def _result(reading: Reading) -> ImportResult:
    if reading.errors:
        raise FactsError([with_hint(i) for i in reading.errors] + reading.unknown)
    document = reading.nested()
    try:
        facts = parse_patient(document)
    except FactsError as exc:
        raise FactsError([with_hint(i) for i in exc.issues] + reading.unknown) from None
    return ImportResult(
        facts=facts,
        unknown_codes=tuple(reading.unknown),
        warnings=tuple(reading.warnings),
        assumptions=tuple(reading.assumptions),
    )
