"""Guideline rules as data: the rule-file schema and its loader.

Rule files live in ``vigil/care/rules/``; each names a policy and a version, and each rule
carries its source and ``last_reviewed`` date. Code interprets them; it does not hold them.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from importlib.resources import files
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from vigil.errors import VigilError

__all__ = [
    "DEFAULT_POLICY",
    "Phase",
    "Rule",
    "RuleFile",
    "Source",
    "load_policy",
    "stale_rules",
]

DEFAULT_POLICY = "asco-acs-2016"
_POLICY_FILES = {"asco-acs-2016": "surveillance-asco-2016.yaml"}

Anchor = Literal[
    "diagnosis",
    "end_of_primary_treatment",
    "radiotherapy_end",
    "endocrine_start",
    "endocrine_end",
    "tamoxifen_start",
    "tamoxifen_end",
    "bone_loss_therapy_start",
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Strict):
    guideline: str
    year: int
    section: str
    citation: str

    def __str__(self) -> str:
        return f"{self.guideline} ({self.year}), {self.section}. {self.citation}"


class NotBefore(_Strict):
    anchor: Anchor
    months: int


class Phase(_Strict):
    """Occurrences at ``anchor`` + ``from_months`` + k x ``every_months``, before the end."""

    anchor: Anchor
    from_months: int = Field(ge=0)
    every_months: int = Field(gt=0)
    window_months: int = Field(ge=0)
    to_months: int | None = Field(default=None, gt=0)
    until: Anchor | None = None
    not_before: NotBefore | None = None

    @model_validator(mode="after")
    def _one_end(self) -> Phase:
        if (self.to_months is None) == (self.until is None):
            msg = "a phase needs exactly one of to_months or until"
            raise ValueError(msg)
        return self


class Rule(_Strict):
    id: str = Field(pattern=r"^[a-z0-9-]+$")
    title: str
    kind: Literal["visit", "test", "review", "referral", "discussion", "advice"]
    when: dict[str, Any]
    action: Literal[
        "schedule",
        "not_recommended",
        "ongoing",
        "referral",
        "discussion",
        "late_effect",
        "support",
    ]
    schedule: tuple[Phase, ...] = ()
    why: str
    why_adds: Literal["cts5_group"] | None = Field(
        default=None, description="A patient-specific sentence appended to ``why``."
    )
    source: Source
    last_reviewed: dt.date

    @model_validator(mode="after")
    def _schedule_matches_action(self) -> Rule:
        if (self.action == "schedule") != bool(self.schedule):
            msg = f"rule {self.id}: a schedule is given exactly when action is 'schedule'"
            raise ValueError(msg)
        return self


class RuleFile(_Strict):
    policy: str
    version: str
    description: str
    rules: tuple[Rule, ...]

    @model_validator(mode="after")
    def _unique_ids(self) -> RuleFile:
        ids = [rule.id for rule in self.rules]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            msg = f"rule ids must be unique; repeated: {', '.join(duplicates)}"
            raise ValueError(msg)
        return self


@cache
def load_policy(name: str = DEFAULT_POLICY) -> RuleFile:
    """The named policy's rules, validated (read once per process)."""
    if name not in _POLICY_FILES:
        msg = f"unknown care policy {name!r}; known: {', '.join(_POLICY_FILES)}"
        raise VigilError(msg)
    text = (files("vigil.care") / "rules" / _POLICY_FILES[name]).read_text("utf-8")
    try:
        return RuleFile.model_validate(yaml.safe_load(text))
    except ValidationError as exc:
        msg = f"rule file {_POLICY_FILES[name]} is invalid: {exc}"
        raise VigilError(msg) from exc


def stale_rules(rules: RuleFile, today: dt.date, max_age_days: int = 365) -> list[Rule]:
    """Rules whose ``last_reviewed`` is more than ``max_age_days`` before ``today``."""
    return [r for r in rules.rules if (today - r.last_reviewed).days > max_age_days]
