"""Observations for export: tumour markers and pathology, menopausal status, history, risk."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from vigil.facts import (
    BreastRiskFactors,
    Her2Ish,
    Her2Result,
    History,
    Menopause,
    Patient,
    ReceptorResult,
    ReceptorStatus,
    TriState,
    Tumour,
    her2_status,
    receptor_status,
)
from vigil.fhir import _codes as c
from vigil.fhir._elements import Json, absent, concept, extension, quantity, reference
from vigil.fhir._ids import Entries

_LAB = "laboratory"
_SOCIAL = "social-history"


def add_observations(entries: Entries, patient: Patient, patient_url: str) -> None:
    """Append every Observation the facts call for, in a fixed order."""
    add = _Adder(entries, patient_url)
    person = patient.person
    if person.menopausal_status is not None:
        status = person.menopausal_status
        value = _unknown() if status is Menopause.UNKNOWN else _coded(c.MENOPAUSE_ANSWERS[status])
        add("menopausal-status", c.MENSTRUAL_STATUS, _SOCIAL, value)
    if patient.tumour is not None:
        _tumour(add, patient.tumour)
    _history(add, patient.history)
    if patient.risk_factors is not None:
        _risk_factors(add, patient.risk_factors)


class _Adder:
    def __init__(self, entries: Entries, patient_url: str) -> None:
        self.entries = entries
        self.patient_url = patient_url

    def __call__(
        self,
        label: str,
        code: c.Code,
        category: str,
        value: Json,
        *,
        effective: dt.date | None = None,
        components: Sequence[Json] = (),
        extensions: Sequence[Json] = (),
    ) -> None:
        resource: Json = {"resourceType": "Observation"}
        if extensions:
            resource["extension"] = list(extensions)
        resource["status"] = "final"
        resource["category"] = [{"coding": [{"system": c.OBSERVATION_CATEGORY, "code": category}]}]
        resource["code"] = concept([code])
        resource["subject"] = reference(self.patient_url)
        if effective is not None:
            resource["effectiveDateTime"] = effective.isoformat()
        resource.update(value)
        if components:
            resource["component"] = list(components)
        self.entries.add(f"observation:{label}", resource)


def _unknown() -> Json:
    return {"dataAbsentReason": absent()}


def _coded(codes: Sequence[c.Code], text: str | None = None) -> Json:
    return {"valueCodeableConcept": concept(codes, text)}


def _status_value(status: ReceptorStatus) -> Json:
    if status is ReceptorStatus.UNKNOWN:
        return _unknown()
    return _coded(c.STATUS_ANSWERS[status], status.value.capitalize())


def _component(code: c.Code, value: Json) -> Json:
    return {"code": concept([code]), **value}


def _number(value: int | float | str, unit: str | None = None) -> Json:
    """An integer or quantity value, or data-absent 'unknown' for the literal 'unknown'."""
    if isinstance(value, str):
        return _unknown()
    if unit is None:
        return {"valueInteger": value}
    return {"valueQuantity": quantity(value, unit)}


def _tri_state(value: TriState) -> Json:
    return _unknown() if value is TriState.UNKNOWN else {"valueBoolean": value is TriState.YES}


def _receptor_value(result: ReceptorResult) -> tuple[Json, list[Json]]:
    if result.status is not None:
        return _status_value(result.status), []
    # Status not stated: give the one the measurements imply, marked as derived, so that
    # receivers see positive/negative and a re-import restores "not stated".
    return _status_value(receptor_status(result)), [extension(c.DERIVED_EXT, "valueBoolean", True)]


def _receptor(add: _Adder, name: str, result: ReceptorResult, tumour: Tumour) -> None:
    code, percent_code = (
        (c.ER_STATUS, c.ER_PERCENT) if name == "er" else (c.PR_STATUS, c.PR_PERCENT)
    )
    value, extensions = _receptor_value(result)
    components = []
    if result.percent_cells is not None:
        components.append(_component(percent_code, _number(result.percent_cells, "%")))
    if result.allred_score is not None:
        components.append(_component(c.ALLRED, _number(result.allred_score)))
    if result.h_score is not None:
        components.append(_component(c.H_SCORE, _number(result.h_score)))
    add(
        name,
        code,
        _LAB,
        value,
        effective=tumour.diagnosis_date,
        components=components,
        extensions=extensions,
    )


def _her2(add: _Adder, result: Her2Result, tumour: Tumour) -> None:
    value: Json = {}
    extensions: list[Json] = []
    if result.status is not None:
        value = _status_value(result.status)
    elif (derived := her2_status(result)) is not ReceptorStatus.UNKNOWN:
        value = _status_value(derived)
        extensions.append(extension(c.DERIVED_EXT, "valueBoolean", True))
    components = []
    if result.ihc is not None:
        ihc_value = _coded(c.HER2_IHC_ANSWERS[result.ihc][:1], f"IHC {result.ihc.value}")
        components.append(_component(c.HER2_IHC, ihc_value))
    if result.ish is not None:
        ish_value = (
            {"dataAbsentReason": absent("not-performed")}
            if result.ish is Her2Ish.NOT_DONE
            else _status_value(ReceptorStatus(result.ish.value))
        )
        components.append(_component(c.HER2_ISH, ish_value))
    if result.ihc_faint_staining is not None:
        components.append(_component(c.HER2_FAINT, {"valueBoolean": result.ihc_faint_staining}))
    add(
        "her2",
        c.HER2_STATUS,
        _LAB,
        value,
        effective=tumour.diagnosis_date,
        components=components,
        extensions=extensions,
    )


def _tumour(add: _Adder, tumour: Tumour) -> None:
    dx = tumour.diagnosis_date
    size = _component(c.TUMOUR_LONGEST, _number(tumour.invasive_size_mm, "mm"))
    add("tumour-size", c.TUMOUR_SIZE, _LAB, {}, effective=dx, components=[size])
    grade: Any = tumour.grade
    grade_value = _unknown() if grade == "unknown" else _coded(c.GRADE_ANSWERS[grade][:1])
    add("grade", c.GRADE, _LAB, grade_value, effective=dx)
    micro = tumour.micrometastases_only
    add(
        "nodes-positive",
        c.NODES_POSITIVE[0],
        _LAB,
        _number(tumour.nodes_positive),
        effective=dx,
        extensions=[]
        if micro is None
        else [extension(c.MICROMETASTASES_EXT, "valueBoolean", micro)],
    )
    if tumour.nodes_examined is not None:
        examined = _number(tumour.nodes_examined)
        add("nodes-examined", c.NODES_EXAMINED[0], _LAB, examined, effective=dx)
    _receptor(add, "er", tumour.er, tumour)
    _receptor(add, "pr", tumour.pr, tumour)
    _her2(add, tumour.her2, tumour)
    if tumour.ki67_percent is not None:
        add("ki67", c.KI67, _LAB, _number(tumour.ki67_percent, "%"), effective=dx)


def _history(add: _Adder, history: History) -> None:
    if history.smoking is not None:
        add("smoking", c.SMOKING_STATUS, _SOCIAL, _coded(c.SMOKING_ANSWERS[history.smoking][:1]))
    relatives = history.first_degree_relatives_with_breast_cancer
    if relatives is not None:
        add("relatives", c.RELATIVES, _SOCIAL, _number(relatives))
    if history.prior_vte_or_stroke is not None:
        add("prior-vte", c.PRIOR_VTE, _SOCIAL, _tri_state(history.prior_vte_or_stroke))
    for result in history.germline:
        value = _coded([c.vigil_code("germline", result.value)])
        add(f"germline:{result.value}", c.GERMLINE, _LAB, value)


def _risk_factors(add: _Adder, risk: BreastRiskFactors) -> None:
    add("age", c.AGE, _SOCIAL, _number(risk.age_years, "a"))
    add("menarche", c.AGE_AT_MENARCHE, _SOCIAL, _number(risk.age_at_menarche_years, "a"))
    first_birth = risk.age_at_first_live_birth_years
    birth_value = (
        _coded([c.NULLIPAROUS]) if first_birth == "nulliparous" else _number(first_birth, "a")
    )
    add("first-live-birth", c.FIRST_BIRTH, _SOCIAL, birth_value)
    add("biopsies", c.BIOPSIES, _SOCIAL, _number(risk.breast_biopsies))
    add("atypical-hyperplasia", c.ATYPICAL_HYPERPLASIA, _LAB, _tri_state(risk.atypical_hyperplasia))
    add("race", c.RACE, _SOCIAL, _coded([c.vigil_code("bcrat-race", risk.race.value)]))
