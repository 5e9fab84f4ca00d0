"""What triage returns: the level, every reason with its rule and source, note flags."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from vigil.care.triage._levels import Level

__all__ = ["Escalation", "FactNeeded", "NoteFlag", "Reason", "TriageOutcome"]


class Escalation(StrEnum):
    """Why a symptom was raised above routine by the generic rules."""

    PERSISTING = "persisting"
    WORSE = "worse"
    SEVERE = "severe"


@dataclass(frozen=True, slots=True)
class Reason:
    """One rule that fired.

    Attributes
    ----------
    rule_id:
        The policy's rule id, e.g. ``EMERG-SPINAL-CORD`` or ``ESC-PERSISTING``.
    level:
        The level this rule sets.
    title:
        Short clinician-facing name of the rule.
    symptoms:
        The symptom codes that matched, the first being the one an alert is keyed on.
    detail:
        What matched, in plain words (``back pain (wakes from sleep) with limb weakness``).
    advice:
        Patient-facing wording from the policy.
    source:
        Guideline or paper, year and section.
    escalation:
        ``persisting``, ``worse`` or ``severe`` for the generic escalations, else ``None``.
    """

    rule_id: str
    level: Level
    title: str
    symptoms: tuple[str, ...]
    detail: str
    advice: str
    source: str
    escalation: Escalation | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule_id": self.rule_id,
            "level": self.level.value,
            "title": self.title,
            "symptoms": list(self.symptoms),
            "detail": self.detail,
            "advice": self.advice,
            "source": self.source,
            "escalation": self.escalation.value if self.escalation else None,
        }


@dataclass(frozen=True, slots=True)
class NoteFlag:
    """An emergency phrase found in the free-text note; shown, never used to set the level."""

    keyword_id: str
    phrase: str
    rule_id: str
    advice: str
    source: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "keyword_id": self.keyword_id,
            "phrase": self.phrase,
            "rule_id": self.rule_id,
            "advice": self.advice,
            "source": self.source,
        }


@dataclass(frozen=True, slots=True)
class FactNeeded:
    """A rule that could not be decided because a patient fact is not known."""

    rule_id: str
    level: Level
    fact: str
    symptoms: tuple[str, ...]
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule_id": self.rule_id,
            "level": self.level.value,
            "fact": self.fact,
            "symptoms": list(self.symptoms),
            "message": self.message,
        }


@dataclass(frozen=True, slots=True)
class TriageOutcome:
    """The result of triaging one report.

    ``level`` is the highest level among ``reasons`` (``none`` without reasons).
    ``note_flags`` never change ``level``.
    """

    level: Level
    advice: str
    reasons: tuple[Reason, ...]
    note_flags: tuple[NoteFlag, ...]
    facts_needed: tuple[FactNeeded, ...]
    reported_on: dt.date
    patient_id: str | None
    policy: str
    policy_version: str

    def to_dict(self) -> dict[str, Any]:
        """The outcome as plain JSON-ready data (the CLI's ``--json`` output)."""
        return {
            "level": self.level.value,
            "advice": self.advice,
            "reasons": [reason.to_dict() for reason in self.reasons],
            "note_flags": [flag.to_dict() for flag in self.note_flags],
            "facts_needed": [need.to_dict() for need in self.facts_needed],
            "reported_on": self.reported_on.isoformat(),
            "patient_id": self.patient_id,
            "policy": {"name": self.policy, "version": self.policy_version},
        }
