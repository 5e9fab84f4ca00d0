"""What the rules ask of a patient: dates to anchor schedules and named conditions.

Each condition is a small named predicate; rule files combine them (all must hold; ``any``
and ``not`` nest). An unknown condition name in a rule file is an error, never ignored.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from vigil.errors import VigilError
from vigil.facts import (
    ChemoGeneration,
    EndocrineAgent,
    Germline,
    Patient,
    ReceptorStatus,
    Sex,
    TriState,
    her2_status,
    receptor_status,
)
from vigil.facts._dates import add_months

__all__ = ["PatientContext", "evaluate"]

_DEFAULT_ENDOCRINE_YEARS = 5  # when planned_years is not recorded (ASCO 2018: 5 years minimum)
_BONE_LOSS_AGENTS = (EndocrineAgent.AROMATASE_INHIBITOR, EndocrineAgent.OVARIAN_SUPPRESSION)


@dataclass(frozen=True, slots=True)
class PatientContext:
    """A patient's facts with the dates and risk estimates the rules need, computed once."""

    patient: Patient
    gail_5y: float | None = None

    def agent_periods(self) -> dict[EndocrineAgent, tuple[dt.date, dt.date]]:
        """When each endocrine agent was (or will be) taken: agents are listed in order;
        with a switch date the first runs until the switch and the rest after it."""
        treatment = self.patient.treatment
        start = None if treatment is None else treatment.endocrine.start_date
        if treatment is None or start is None:
            return {}
        endocrine = treatment.endocrine
        years = endocrine.planned_years or _DEFAULT_ENDOCRINE_YEARS
        end = add_months(start, round(12 * years))
        switch = endocrine.switch_date
        periods: dict[EndocrineAgent, tuple[dt.date, dt.date]] = {}
        for i, agent in enumerate(endocrine.agents):
            if switch is None:
                periods[agent] = (start, end)
            else:
                periods[agent] = (start, switch) if i == 0 else (switch, end)
        return periods

    def anchor(self, name: str) -> dt.date | None:
        """The date a schedule counts from, or None when the facts do not give it."""
        tumour, treatment = self.patient.tumour, self.patient.treatment
        if tumour is None:
            return None
        periods = self.agent_periods()
        if name == "diagnosis":
            return tumour.diagnosis_date
        if name == "end_of_primary_treatment":
            return end_of_primary_treatment(self.patient)
        if name == "radiotherapy_end":
            return None if treatment is None else treatment.radiotherapy.end_date
        if name == "endocrine_start":
            return min((p[0] for p in periods.values()), default=None)
        if name == "endocrine_end":
            return max((p[1] for p in periods.values()), default=None)
        if name == "tamoxifen_start":
            period = periods.get(EndocrineAgent.TAMOXIFEN)
            return None if period is None else period[0]
        if name == "tamoxifen_end":
            period = periods.get(EndocrineAgent.TAMOXIFEN)
            return None if period is None else period[1]
        if name == "bone_loss_therapy_start":
            starts = [periods[a][0] for a in _BONE_LOSS_AGENTS if a in periods]
            return min(starts, default=None)
        msg = f"unknown schedule anchor {name!r}"
        raise VigilError(msg)


def end_of_primary_treatment(patient: Patient) -> dt.date | None:
    """The latest of surgery, the end of radiotherapy and the end of chemotherapy.

    Follow-up intervals count from here (ASCO 2013); ongoing endocrine therapy does not
    delay it. Falls back to the diagnosis date when no treatment date is recorded.
    """
    tumour, treatment = patient.tumour, patient.treatment
    if tumour is None:
        return None
    if treatment is None:
        return tumour.diagnosis_date
    dates = [
        treatment.surgery.date,
        treatment.radiotherapy.end_date,
        treatment.chemotherapy.end_date,
    ]
    known = [d for d in dates if d is not None]
    return max(known) if known else tumour.diagnosis_date


def _endocrine_agents(c: PatientContext) -> set[EndocrineAgent]:
    treatment = c.patient.treatment
    return set() if treatment is None else set(treatment.endocrine.agents)


def _age(c: PatientContext) -> float | None:
    if c.patient.risk_factors is not None and c.patient.tumour is None:
        return c.patient.risk_factors.age_years
    return c.patient.age_at_diagnosis_years


def _triple_negative(c: PatientContext) -> bool:
    tumour = c.patient.tumour
    if tumour is None:
        return False
    negative = ReceptorStatus.NEGATIVE
    return (
        receptor_status(tumour.er) is negative
        and receptor_status(tumour.pr) is negative
        and her2_status(tumour.her2) is negative
    )


def _cardiac_risk_higher(c: PatientContext) -> bool:
    # Armenian 2017, rec. 1.1: anthracycline followed by trastuzumab, or an anthracycline
    # with age >= 60 at treatment, puts a survivor at increased risk.
    treatment = c.patient.treatment
    if treatment is None or not treatment.chemotherapy.anthracycline:
        return False
    age = c.patient.age_at_diagnosis_years
    return treatment.anti_her2.trastuzumab or (age is not None and age >= 60)


Predicate = Callable[[PatientContext, Any], bool]

_PREDICATES: dict[str, Predicate] = {
    "has_tumour": lambda c, v: (c.patient.tumour is not None) is bool(v),
    "unaffected": lambda c, v: (c.patient.tumour is None) is bool(v),
    "sex": lambda c, v: c.patient.person.sex is Sex(v),
    "surgery_in": lambda c, v: (
        c.patient.treatment is not None and c.patient.treatment.surgery.type.value in v
    ),
    "reconstruction": lambda c, v: (
        c.patient.treatment is not None and c.patient.treatment.surgery.reconstruction is bool(v)
    ),
    "germline_any": lambda c, v: any(g.value in v for g in c.patient.history.germline),
    "not_tested": lambda c, v: (
        (not set(c.patient.history.germline) - {Germline.NOT_TESTED, Germline.UNKNOWN}) is bool(v)
    ),
    "endocrine_any": lambda c, v: any(a.value in v for a in _endocrine_agents(c)),
    "endocrine": lambda c, v: bool(_endocrine_agents(c)) is bool(v),
    "er_positive": lambda c, v: (
        c.patient.tumour is not None
        and (receptor_status(c.patient.tumour.er) is ReceptorStatus.POSITIVE) is bool(v)
    ),
    "triple_negative": lambda c, v: _triple_negative(c) is bool(v),
    "menopausal_status_in": lambda c, v: (
        c.patient.person.menopausal_status is not None
        and c.patient.person.menopausal_status.value in v
    ),
    "chemotherapy": lambda c, v: (
        c.patient.treatment is not None
        and (c.patient.treatment.chemotherapy.generation is not ChemoGeneration.NONE) is bool(v)
    ),
    "taxane": lambda c, v: (
        c.patient.treatment is not None and c.patient.treatment.chemotherapy.taxane is bool(v)
    ),
    "anthracycline": lambda c, v: (
        c.patient.treatment is not None
        and c.patient.treatment.chemotherapy.anthracycline is bool(v)
    ),
    "trastuzumab": lambda c, v: (
        c.patient.treatment is not None and c.patient.treatment.anti_her2.trastuzumab is bool(v)
    ),
    "cardiac_risk_higher": lambda c, v: _cardiac_risk_higher(c) is bool(v),
    "age_at_diagnosis_max": lambda c, v: (
        c.patient.age_at_diagnosis_years is not None and c.patient.age_at_diagnosis_years <= v
    ),
    "age_min": lambda c, v: (age := _age(c)) is not None and age >= v,
    "relatives_min": lambda c, v: (
        isinstance(n := c.patient.history.first_degree_relatives_with_breast_cancer, int) and n >= v
    ),
    "planned_endocrine_years_max": lambda c, v: (
        c.patient.treatment is not None
        and (c.patient.treatment.endocrine.planned_years or _DEFAULT_ENDOCRINE_YEARS) <= v
    ),
    "gail_5y_min": lambda c, v: c.gail_5y is not None and c.gail_5y >= v,
    "vte_or_stroke": lambda c, v: (
        (c.patient.history.prior_vte_or_stroke is TriState.YES) is bool(v)
    ),
    "no_vte_or_stroke": lambda c, v: (
        (c.patient.history.prior_vte_or_stroke is not TriState.YES) is bool(v)
    ),
}


def evaluate(when: Mapping[str, Any], context: PatientContext) -> bool:
    """True when every condition in ``when`` holds (``any``: one of; ``not``: none of)."""
    for name, value in when.items():
        if name == "any":
            if not any(evaluate(option, context) for option in value):
                return False
        elif name == "not":
            if evaluate(value, context):
                return False
        elif name in _PREDICATES:
            if not _PREDICATES[name](context, value):
                return False
        else:
            msg = f"unknown rule condition {name!r}; known: {', '.join(sorted(_PREDICATES))}"
            raise VigilError(msg)
    return True
