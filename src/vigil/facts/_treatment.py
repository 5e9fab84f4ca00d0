"""Facts about the treatment of the primary breast cancer."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Self

from pydantic import Field, model_validator

from vigil.errors import Issue
from vigil.facts._base import FactsModel, raise_if_issues
from vigil.facts._codes import ChemoGeneration, EndocrineAgent, Setting, SurgeryType

__all__ = [
    "AntiHer2",
    "Chemotherapy",
    "Endocrine",
    "Radiotherapy",
    "Surgery",
    "Treatment",
]


class Surgery(FactsModel):
    type: SurgeryType
    date: dt.date | None = Field(default=None, description="Date of the definitive operation.")
    reconstruction: bool = Field(default=False, description="Breast reconstruction performed.")

    @model_validator(mode="after")
    def _check_consistent(self) -> Self:
        issues: list[Issue] = []
        if self.type is SurgeryType.NONE and self.reconstruction:
            issues.append(Issue("reconstruction", True, "needs a mastectomy (type is 'none')"))
        if self.type is SurgeryType.BREAST_CONSERVING and self.reconstruction:
            issues.append(
                Issue(
                    "reconstruction",
                    True,
                    "applies after mastectomy; breast-conserving surgery leaves the breast",
                )
            )
        raise_if_issues(issues)
        return self


class Radiotherapy(FactsModel):
    given: bool
    end_date: dt.date | None = Field(default=None, description="Last fraction.")
    mean_heart_dose_gy: Annotated[float, Field(ge=0, le=60)] | None = Field(
        default=None, description="Mean heart dose, gray (0-60)."
    )

    @model_validator(mode="after")
    def _check_consistent(self) -> Self:
        issues: list[Issue] = []
        if not self.given:
            if self.end_date is not None:
                issues.append(Issue("end_date", str(self.end_date), "given is false"))
            if self.mean_heart_dose_gy:
                issues.append(
                    Issue("mean_heart_dose_gy", self.mean_heart_dose_gy, "given is false")
                )
        raise_if_issues(issues)
        return self


class Chemotherapy(FactsModel):
    generation: ChemoGeneration = Field(
        description="none, second_gen (e.g. anthracycline 4+ cycles) or third_gen (taxane)."
    )
    anthracycline: bool = False
    taxane: bool = False
    end_date: dt.date | None = None

    @model_validator(mode="after")
    def _check_consistent(self) -> Self:
        issues: list[Issue] = []
        if self.generation is ChemoGeneration.NONE:
            for name in ("anthracycline", "taxane"):
                if getattr(self, name):
                    issues.append(Issue(name, True, "generation is 'none'"))
            if self.end_date is not None:
                issues.append(Issue("end_date", str(self.end_date), "generation is 'none'"))
        raise_if_issues(issues)
        return self


class Endocrine(FactsModel):
    agents: tuple[EndocrineAgent, ...] = Field(
        default=(), description="Agents taken; empty means no endocrine therapy."
    )
    start_date: dt.date | None = None
    planned_years: Annotated[float, Field(gt=0, le=15)] | None = Field(
        default=None, description="Planned total duration, years (0 < years <= 15)."
    )
    switch_date: dt.date | None = Field(
        default=None,
        description="Date of the switch from the first listed agent to the second "
        "(e.g. tamoxifen then an aromatase inhibitor); agents are listed in the order taken.",
    )

    @property
    def given(self) -> bool:
        return bool(self.agents)

    @model_validator(mode="after")
    def _check_consistent(self) -> Self:
        issues: list[Issue] = []
        if len(set(self.agents)) != len(self.agents):
            issues.append(Issue("agents", [a.value for a in self.agents], "lists an agent twice"))
        if not self.agents and (self.start_date is not None or self.planned_years is not None):
            issues.append(Issue("agents", [], "start_date/planned_years given but no agent"))
        if self.switch_date is not None:
            if len(self.agents) < 2:
                issues.append(
                    Issue("switch_date", str(self.switch_date), "needs two agents, in order taken")
                )
            if self.start_date is not None and self.switch_date < self.start_date:
                issues.append(Issue("switch_date", str(self.switch_date), "is before start_date"))
        raise_if_issues(issues)
        return self


class AntiHer2(FactsModel):
    trastuzumab: bool = False
    pertuzumab: bool = False
    trastuzumab_emtansine: bool = False

    @property
    def given(self) -> bool:
        return self.trastuzumab or self.pertuzumab or self.trastuzumab_emtansine


class Treatment(FactsModel):
    """Treatment of the primary cancer. Each part is required: say 'none' explicitly."""

    setting: Setting = Field(description="Whether systemic therapy came before surgery.")
    surgery: Surgery
    radiotherapy: Radiotherapy
    chemotherapy: Chemotherapy
    endocrine: Endocrine
    anti_her2: AntiHer2 = AntiHer2()
    bisphosphonate: bool = Field(default=False, description="Adjuvant bisphosphonate.")

    @model_validator(mode="after")
    def _check_consistent(self) -> Self:
        issues: list[Issue] = []
        surgery_date = self.surgery.date
        rt_end = self.radiotherapy.end_date
        if surgery_date is not None and rt_end is not None and rt_end < surgery_date:
            issues.append(
                Issue(
                    "radiotherapy.end_date",
                    str(rt_end),
                    f"is before the surgery date ({surgery_date}); adjuvant radiotherapy "
                    "ends after surgery",
                )
            )
        raise_if_issues(issues)
        return self
