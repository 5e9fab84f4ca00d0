"""Facts about the invasive tumour: size, grade, nodes and receptor results."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Self

from pydantic import Field, model_validator

from vigil.errors import Issue
from vigil.facts._base import FactsModel, raise_if_issues
from vigil.facts._codes import (
    Detection,
    Her2Ihc,
    Her2Ish,
    Histology,
    Laterality,
    ReceptorStatus,
    Unknown,
)

__all__ = ["Her2Result", "ReceptorResult", "Tumour"]

Percent = Annotated[float, Field(ge=0, le=100)]


class ReceptorResult(FactsModel):
    """An oestrogen- or progesterone-receptor result.

    Give the status, the percentage of stained tumour cells, or both; Allred score and
    H-score may be added. When the percentage is given it decides the status (ASCO/CAP 2020:
    positive at >= 1 % of cells), and a status that contradicts it is refused.
    """

    status: ReceptorStatus | None = None
    percent_cells: Percent | None = Field(
        default=None, description="Tumour cells with nuclear staining, percent (0-100)."
    )
    allred_score: Annotated[int, Field(ge=0, le=8)] | None = Field(
        default=None, description="Allred score 0-8 (proportion 0-5 + intensity 0-3)."
    )
    h_score: Annotated[int, Field(ge=0, le=300)] | None = Field(
        default=None, description="H-score 0-300 (sum of intensity x percent)."
    )

    @model_validator(mode="after")
    def _check_consistent(self) -> Self:
        issues: list[Issue] = []
        if self.status is None and self.percent_cells is None and self.allred_score is None:
            issues.append(Issue("status", None, "give a status, percent_cells or allred_score"))
        if self.status in (ReceptorStatus.POSITIVE, ReceptorStatus.NEGATIVE):
            implied = _status_from_measurements(self.percent_cells, self.allred_score)
            if implied is not None and implied != self.status:
                issues.append(
                    Issue(
                        "status",
                        self.status.value,
                        f"contradicts the measurements, which mean {implied.value} "
                        "(ASCO/CAP 2020: positive at >= 1 % of cells; Allred >= 3)",
                    )
                )
        raise_if_issues(issues)
        return self


def _status_from_measurements(
    percent_cells: float | None, allred_score: int | None
) -> ReceptorStatus | None:
    # ASCO/CAP ER/PgR guideline 2020 (Allison, JCO 38:1346): positive when >= 1 % of
    # tumour nuclei stain. Allred >= 3 is the equivalent cut (Harvey, JCO 1999;17:1474).
    if percent_cells is not None:
        return ReceptorStatus.POSITIVE if percent_cells >= 1 else ReceptorStatus.NEGATIVE
    if allred_score is not None:
        return ReceptorStatus.POSITIVE if allred_score >= 3 else ReceptorStatus.NEGATIVE
    return None


class Her2Result(FactsModel):
    """HER2 testing: IHC score and ISH result, or the reported status alone.

    ``ihc_faint_staining`` records, for IHC 0, whether faint incomplete membrane staining
    was seen in <= 10 % of cells (the DESTINY-Breast06 "ultralow" definition).
    """

    status: ReceptorStatus | None = None
    ihc: Her2Ihc | None = None
    ish: Her2Ish | None = None
    ihc_faint_staining: bool | None = Field(
        default=None, description="IHC 0 only: faint incomplete staining in <= 10 % of cells."
    )

    @model_validator(mode="after")
    def _check_consistent(self) -> Self:
        issues: list[Issue] = []
        if self.status is None and self.ihc is None and self.ish is None:
            issues.append(Issue("status", None, "give a status, an IHC score or an ISH result"))
        if self.ihc_faint_staining is not None and self.ihc is not Her2Ihc.ZERO:
            issues.append(
                Issue(
                    "ihc_faint_staining",
                    self.ihc_faint_staining,
                    "applies only when ihc is '0'",
                )
            )
        implied = _her2_status_from_tests(self.ihc, self.ish)
        if (
            self.status in (ReceptorStatus.POSITIVE, ReceptorStatus.NEGATIVE)
            and implied is not None
            and implied != self.status
        ):
            issues.append(
                Issue(
                    "status",
                    self.status.value,
                    f"contradicts ihc={_code(self.ihc)} ish={_code(self.ish)}, which mean "
                    f"{implied.value} (ASCO/CAP 2018)",
                )
            )
        raise_if_issues(issues)
        return self


def _code(value: Her2Ihc | Her2Ish | None) -> str:
    return "none" if value is None else value.value


def _her2_status_from_tests(ihc: Her2Ihc | None, ish: Her2Ish | None) -> ReceptorStatus | None:
    # ASCO/CAP HER2 guideline 2018 (Wolff, JCO 36:2105), affirmed 2023: IHC 3+ or ISH
    # positive is positive; IHC 0/1+ negative; IHC 2+ needs ISH.
    if ish is Her2Ish.POSITIVE or ihc is Her2Ihc.THREE_PLUS:
        return ReceptorStatus.POSITIVE
    if ihc in (Her2Ihc.ZERO, Her2Ihc.ONE_PLUS) or ish is Her2Ish.NEGATIVE:
        return ReceptorStatus.NEGATIVE
    return None


class Tumour(FactsModel):
    """The primary invasive breast cancer, as reported by pathology after surgery."""

    diagnosis_date: dt.date = Field(description="Date of the diagnostic biopsy.")
    laterality: Laterality | None = None
    histology: Histology | None = None
    invasive_size_mm: Annotated[float, Field(gt=0, le=500)] | Unknown = Field(
        description="Largest invasive diameter, millimetres (0 < size <= 500)."
    )
    grade: Annotated[int, Field(ge=1, le=3)] | Unknown = Field(
        description="Histological grade (Nottingham / Elston-Ellis), 1-3."
    )
    nodes_positive: Annotated[int, Field(ge=0, le=100)] | Unknown = Field(
        description="Number of axillary lymph nodes with metastases (0-100)."
    )
    nodes_examined: Annotated[int, Field(ge=0, le=100)] | None = Field(
        default=None, description="Number of axillary lymph nodes examined."
    )
    micrometastases_only: bool | None = Field(
        default=None, description="True if every positive node holds only micrometastases."
    )
    er: ReceptorResult
    pr: ReceptorResult
    her2: Her2Result
    ki67_percent: Percent | Unknown | None = Field(
        default=None, description="Ki-67 proliferation index, percent of tumour cells (0-100)."
    )
    detection: Detection | None = None

    @model_validator(mode="after")
    def _check_consistent(self) -> Self:
        issues: list[Issue] = []
        positive = self.nodes_positive
        if (
            isinstance(positive, int)
            and self.nodes_examined is not None
            and positive > self.nodes_examined
        ):
            issues.append(
                Issue(
                    "nodes_positive",
                    positive,
                    f"cannot exceed nodes_examined ({self.nodes_examined})",
                )
            )
        if self.micrometastases_only and positive == 0:
            issues.append(
                Issue(
                    "micrometastases_only",
                    True,
                    "needs at least one positive node (nodes_positive is 0)",
                )
            )
        raise_if_issues(issues)
        return self
