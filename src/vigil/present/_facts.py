"""A patient's facts as labelled lines for people to read (CLI tables, printed plans)."""

from __future__ import annotations

import datetime as dt

from vigil.facts import (
    Patient,
    her2_category,
    is_er_low,
    ki67_status,
    node_stage,
    receptor_status,
    years_since_diagnosis,
)

__all__ = ["facts_summary"]


def _fmt(value: object, unit: str = "") -> str:
    if value is None:
        return "not recorded"
    if isinstance(value, float):
        value = f"{value:g}"
    return f"{value}{unit}"


def facts_summary(patient: Patient, today: dt.date) -> list[tuple[str, str]]:
    """(label, value) pairs describing the patient, derived facts included."""
    rows: list[tuple[str, str]] = []
    age = patient.age_at_diagnosis_years
    person = patient.person
    tumour, treatment = patient.tumour, patient.treatment
    if tumour is not None:
        rows.append(("Age at diagnosis", _fmt(None if age is None else round(age, 1), " years")))
        menopause = person.menopausal_status
        rows.append(("Menopausal status", _fmt(None if menopause is None else menopause.value)))
        since = years_since_diagnosis(tumour, today) if today >= tumour.diagnosis_date else None
        ago = "" if since is None else f" ({since:.1f} years before {today})"
        rows.append(("Diagnosed", f"{tumour.diagnosis_date}{ago}"))
        rows.append(("Invasive size", _fmt(tumour.invasive_size_mm, " mm")))
        rows.append(("Grade", _fmt(tumour.grade)))
        rows.append(
            ("Positive nodes", f"{_fmt(tumour.nodes_positive)} ({node_stage(tumour).value})")
        )
        er = receptor_status(tumour.er).value + (
            " (ER-low, 1-10 %)" if is_er_low(tumour.er) else ""
        )
        rows.append(("Oestrogen receptor", er))
        rows.append(("Progesterone receptor", receptor_status(tumour.pr).value))
        rows.append(("HER2", her2_category(tumour.her2).value))
        rows.append(("Ki-67", f"{_fmt(tumour.ki67_percent, ' %')} ({ki67_status(tumour).value})"))
    if treatment is not None:
        rows.append(("Surgery", treatment.surgery.type.value.replace("_", " ")))
        rows.append(("Radiotherapy", "yes" if treatment.radiotherapy.given else "no"))
        rows.append(("Chemotherapy", treatment.chemotherapy.generation.value.replace("_", " ")))
        agents = ", ".join(a.value.replace("_", " ") for a in treatment.endocrine.agents)
        rows.append(("Endocrine therapy", agents or "none"))
        rows.append(("Anti-HER2 therapy", "yes" if treatment.anti_her2.given else "no"))
    risk = patient.risk_factors
    if risk is not None:
        rows.append(("Age", _fmt(risk.age_years, " years")))
        rows.append(("Age at first period", _fmt(risk.age_at_menarche_years)))
        rows.append(("Age at first live birth", _fmt(risk.age_at_first_live_birth_years)))
        rows.append(("Breast biopsies", _fmt(risk.breast_biopsies)))
        rows.append(("Atypical hyperplasia", risk.atypical_hyperplasia.value))
        rows.append(("Race/ethnicity (BCRAT group)", risk.race.value.replace("_", " ")))
    relatives = patient.history.first_degree_relatives_with_breast_cancer
    rows.append(("Close relatives with breast cancer", _fmt(relatives)))
    return rows
