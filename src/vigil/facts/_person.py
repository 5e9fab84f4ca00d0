"""Facts about the person: demographics, history, and risk factors for unaffected women."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal, Self

from pydantic import Field, model_validator

from vigil.errors import Issue
from vigil.facts._base import FactsModel, raise_if_issues
from vigil.facts._codes import Germline, Menopause, Race, Sex, Smoking, TriState, Unknown

__all__ = ["BreastRiskFactors", "History", "Person"]

Age = Annotated[float, Field(ge=0, le=120)]


class Person(FactsModel):
    sex: Sex
    date_of_birth: dt.date | None = None
    age_at_diagnosis_years: Age | None = Field(
        default=None, description="Age at diagnosis, years; or give date_of_birth."
    )
    menopausal_status: Menopause | None = Field(
        default=None, description="Menopausal status at diagnosis."
    )


class History(FactsModel):
    germline: tuple[Germline, ...] = Field(
        default=(), description="Germline results: pathogenic variants found, or a status."
    )
    first_degree_relatives_with_breast_cancer: (
        Annotated[int, Field(ge=0, le=30)] | Unknown | None
    ) = None
    smoking: Smoking | None = None
    prior_vte_or_stroke: TriState | None = Field(
        default=None, description="Prior venous thromboembolism, stroke or TIA."
    )

    @model_validator(mode="after")
    def _check_consistent(self) -> Self:
        issues: list[Issue] = []
        statuses = {Germline.NONE_FOUND, Germline.NOT_TESTED, Germline.UNKNOWN}
        given = set(self.germline)
        if given & statuses and len(given) > 1:
            issues.append(
                Issue(
                    "germline",
                    [g.value for g in self.germline],
                    "none_found/not_tested/unknown cannot be combined with other results",
                )
            )
        raise_if_issues(issues)
        return self


class BreastRiskFactors(FactsModel):
    """Inputs of the NCI Breast Cancer Risk Assessment Tool, for women without breast cancer.

    Race/ethnicity uses the BCRAT categories (R package BCRA 2.1.2).
    """

    age_years: Annotated[float, Field(ge=0, le=120)] = Field(
        description="Age today (at the assessment), years."
    )
    age_at_menarche_years: Annotated[float, Field(ge=5, le=25)] | Unknown = Field(
        description="Age at first menstrual period, years (5-25)."
    )
    age_at_first_live_birth_years: (
        Annotated[float, Field(ge=9, le=60)] | Literal["nulliparous"] | Unknown
    ) = Field(description="Age at first live birth, years (9-60), or 'nulliparous'.")
    breast_biopsies: Annotated[int, Field(ge=0, le=50)] | Unknown = Field(
        description="Number of breast biopsies (with benign result), ever."
    )
    atypical_hyperplasia: TriState = Field(description="Atypical hyperplasia in any biopsy.")
    race: Race

    @model_validator(mode="after")
    def _check_consistent(self) -> Self:
        issues: list[Issue] = []
        first_birth = self.age_at_first_live_birth_years
        menarche = self.age_at_menarche_years
        if isinstance(first_birth, float):
            if first_birth > self.age_years:
                issues.append(
                    Issue(
                        "age_at_first_live_birth_years",
                        first_birth,
                        f"is after today's age ({self.age_years:g})",
                    )
                )
            if isinstance(menarche, float) and first_birth < menarche:
                issues.append(
                    Issue(
                        "age_at_first_live_birth_years",
                        first_birth,
                        f"is before the age at menarche ({menarche:g})",
                    )
                )
        if isinstance(menarche, float) and menarche > self.age_years:
            issues.append(
                Issue(
                    "age_at_menarche_years", menarche, f"is after today's age ({self.age_years:g})"
                )
            )
        if self.breast_biopsies == 0 and self.atypical_hyperplasia is TriState.YES:
            issues.append(Issue("atypical_hyperplasia", "yes", "needs at least one breast biopsy"))
        raise_if_issues(issues)
        return self
