"""The care plan's result types: dated schedule items and standing advice."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

__all__ = ["Advice", "CarePlan", "ItemKind", "ItemStatus", "PlanItem"]


class ItemKind(StrEnum):
    VISIT = "visit"
    TEST = "test"
    REVIEW = "review"
    REFERRAL = "referral"
    DISCUSSION = "discussion"


class ItemStatus(StrEnum):
    DONE = "done"
    OVERDUE = "overdue"
    DUE = "due"
    UPCOMING = "upcoming"


@dataclass(frozen=True, slots=True)
class PlanItem:
    """One dated thing to do, with why and from which guideline.

    ``uid`` is stable for the same patient, rule and occurrence, so a calendar re-export
    updates events rather than duplicating them.
    """

    uid: str
    rule_id: str
    kind: ItemKind
    title: str
    why: str
    source: str
    due: dt.date
    earliest: dt.date | None
    latest: dt.date | None
    status: ItemStatus


@dataclass(frozen=True, slots=True)
class Advice:
    """Standing advice, a referral prompt or a test *not* to have, with its reason."""

    rule_id: str
    category: str  # "not_recommended", "ongoing", "referral", "prevention", "discussion"
    title: str
    text: str
    source: str


@dataclass(frozen=True, slots=True)
class CarePlan:
    patient_id: str
    prepared_on: dt.date
    end_of_primary_treatment: dt.date | None
    items: tuple[PlanItem, ...]
    advice: tuple[Advice, ...]
