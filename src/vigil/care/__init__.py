"""Survivorship care: guideline rules (data) applied to a patient's facts, day explicit."""

from vigil.care._plan import HORIZON_YEARS, plan
from vigil.care._rules import DEFAULT_POLICY, Rule, RuleFile, load_policy, stale_rules
from vigil.care._types import Advice, CarePlan, ItemKind, ItemStatus, PlanItem
from vigil.care.triage import TriageOutcome, triage

__all__ = [
    "DEFAULT_POLICY",
    "HORIZON_YEARS",
    "Advice",
    "CarePlan",
    "ItemKind",
    "ItemStatus",
    "PlanItem",
    "Rule",
    "RuleFile",
    "TriageOutcome",
    "load_policy",
    "plan",
    "stale_rules",
    "triage",
]
