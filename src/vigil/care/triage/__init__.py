"""Symptom reporting with red-flag triage: catalogue, policy, triage, alerts.

Pure: nothing here reads the clock, prints or opens the network. Knowledge is data: the
symptom catalogue (``vigil/care/rules/symptoms.yaml``) and the triage policies
(``vigil/care/rules/triage-policy-<name>.yaml``), every item with its source and review
date. See ``docs/triage.md``.
"""

from vigil.care.triage._alerts import (
    ALERT_LEVELS,
    Alert,
    AlertState,
    acknowledge,
    raise_alerts,
    resolve,
)
from vigil.care.triage._catalogue import (
    Catalogue,
    Feature,
    Meaning,
    MeaningKind,
    Scale,
    Symptom,
    catalogue_from_yaml,
    load_catalogue,
)
from vigil.care.triage._engine import triage
from vigil.care.triage._errors import AlertError, ReportError, RulesError
from vigil.care.triage._facts import FACT_PREDICATES, on_tamoxifen
from vigil.care.triage._levels import Level, highest
from vigil.care.triage._notes import note_flags
from vigil.care.triage._outcome import Escalation, FactNeeded, NoteFlag, Reason, TriageOutcome
from vigil.care.triage._policy import (
    Condition,
    Rule,
    TriagePolicy,
    load_policy,
    policy_from_yaml,
)
from vigil.care.triage._report import (
    History,
    ReportedSymptom,
    SymptomReport,
    parse_history,
    parse_report,
)
from vigil.care.triage._resources import policy_names
from vigil.care.triage._stale import REVIEW_INTERVAL_DAYS, StaleItem, stale_items

__all__ = [
    "ALERT_LEVELS",
    "FACT_PREDICATES",
    "REVIEW_INTERVAL_DAYS",
    "Alert",
    "AlertError",
    "AlertState",
    "Catalogue",
    "Condition",
    "Escalation",
    "FactNeeded",
    "Feature",
    "History",
    "Level",
    "Meaning",
    "MeaningKind",
    "NoteFlag",
    "Reason",
    "ReportError",
    "ReportedSymptom",
    "Rule",
    "RulesError",
    "Scale",
    "StaleItem",
    "Symptom",
    "SymptomReport",
    "TriageOutcome",
    "TriagePolicy",
    "acknowledge",
    "catalogue_from_yaml",
    "highest",
    "load_catalogue",
    "load_policy",
    "note_flags",
    "on_tamoxifen",
    "parse_history",
    "parse_report",
    "policy_from_yaml",
    "policy_names",
    "raise_alerts",
    "resolve",
    "stale_items",
    "triage",
]
