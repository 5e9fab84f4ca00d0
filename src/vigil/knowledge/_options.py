"""The options catalogue (``vigil/care/rules/options.yaml``): its schema and loader.

Data only: what published sources list, for whom, with trial, regulator status and date,
companion test, source and ``last_reviewed``. :mod:`vigil.care.options` compares a
patient's facts with it. Format: ``docs/knowledge.md``.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from functools import cache
from importlib.resources import files
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from vigil.errors import VigilError
from vigil.facts import Her2Category, Menopause

__all__ = [
    "OPTIONS_FILE",
    "Approval",
    "ApprovalStatus",
    "Biomarker",
    "Evidence",
    "Line",
    "Match",
    "Option",
    "OptionsFile",
    "Section",
    "Trial",
    "approval_label",
    "load_options",
    "stale_options",
]

OPTIONS_FILE = "options.yaml"


class Biomarker(StrEnum):
    PIK3CA = "pik3ca"
    AKT1 = "akt1"
    PTEN = "pten"
    ESR1 = "esr1"
    GERMLINE_BRCA = "germline_brca"
    PDL1_CPS_10 = "pdl1_cps_10"  # PD-L1 combined positive score >= 10


class Line(StrEnum):
    FIRST = "first"
    LATER = "later"


class Section(StrEnum):
    PREVENTIVE = "preventive"
    RECURRENCE = "recurrence"
    ADJUVANT = "adjuvant"
    LOCAL = "local"


class ApprovalStatus(StrEnum):
    APPROVED = "approved"
    NOT_APPROVED = "not_approved"
    DECISION_PENDING = "decision_pending"
    INVESTIGATIONAL = "investigational"
    NOT_STATED = "not_stated"
    NOT_APPLICABLE = "not_applicable"


class Evidence(StrEnum):
    REGULATOR = "regulator"
    JOURNAL = "journal"
    TRADE_PRESS = "trade_press"
    LOW_QUALITY = "low_quality"
    NONE = "none"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Match(_Strict):
    hr: Literal["positive", "negative", "any"] = "any"
    her2: tuple[Her2Category, ...] | None = None
    biomarkers_all: tuple[Biomarker, ...] = ()
    biomarkers_any: tuple[Biomarker, ...] = ()
    lines: tuple[Line, ...] | None = None
    menopause: tuple[Menopause, ...] | None = None
    min_age_years: int | None = Field(default=None, ge=0, le=120)
    contraindications: tuple[Literal["prior_vte_or_stroke"], ...] = ()
    cautions: tuple[Literal["prior_vte_or_stroke"], ...] = ()


class Trial(_Strict):
    name: str
    result: str | None = None


class Approval(_Strict):
    regulator: str
    status: ApprovalStatus
    date: str | None = None
    approximate: bool = False
    evidence: Evidence

    @field_validator("date")
    @classmethod
    def _check_date(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
            msg = f"'date' must be YYYY, YYYY-MM or YYYY-MM-DD (got {value!r})"
            raise ValueError(msg)
        return value


class Option(_Strict):
    id: str = Field(pattern=r"^[a-z0-9-]+$")
    section: Section
    name: str
    drugs: tuple[str, ...]
    for_whom: str
    match: Match
    trial: Trial | None = None
    approval: Approval
    companion_test: str | None = None
    notes: str | None = None
    needs_check: str | None = None
    source: str
    last_reviewed: dt.date


class OptionsFile(_Strict):
    version: str
    reference: str
    notice: str
    options: tuple[Option, ...]


@cache
def load_options() -> OptionsFile:
    """The packaged options, validated (read once per process)."""
    text = (files("vigil.care") / "rules" / OPTIONS_FILE).read_text("utf-8")
    try:
        catalogue = OptionsFile.model_validate(yaml.safe_load(text))
    except ValidationError as exc:
        msg = f"{OPTIONS_FILE} is invalid: {exc}"
        raise VigilError(msg) from exc
    ids = [option.id for option in catalogue.options]
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        msg = f"{OPTIONS_FILE}: option ids must be unique; repeated: {', '.join(repeated)}"
        raise VigilError(msg)
    return catalogue


def stale_options(today: dt.date, max_age_days: int = 365) -> list[Option]:
    """Options whose ``last_reviewed`` is more than ``max_age_days`` before ``today``."""
    return [o for o in load_options().options if (today - o.last_reviewed).days > max_age_days]


def approval_label(approval: Approval) -> str:
    """The regulator status in words, with the trade-press warning where it applies."""
    when = f" {'about ' if approval.approximate else ''}{approval.date}" if approval.date else ""
    text = {
        ApprovalStatus.APPROVED: f"{approval.regulator}-approved{when}",
        ApprovalStatus.NOT_APPROVED: f"Not {approval.regulator}-approved (investigational)",
        ApprovalStatus.DECISION_PENDING: f"{approval.regulator} decision pending (due{when})",
        ApprovalStatus.INVESTIGATIONAL: "Investigational: not approved",
        ApprovalStatus.NOT_STATED: "Approval details not in Vigil's reference: check",
        ApprovalStatus.NOT_APPLICABLE: f"Guidance: {approval.regulator}"
        if approval.regulator != "none"
        else "Not a drug approval",
    }[approval.status]
    if approval.evidence is Evidence.TRADE_PRESS:
        text += " (reported in trade press, unverified: check Drugs@FDA)"
    elif approval.evidence is Evidence.LOW_QUALITY:
        text += " (low-quality source, unverified)"
    return text
