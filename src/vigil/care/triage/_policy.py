"""A triage policy: named, versioned rules and thresholds, from YAML.

The packaged default is ``vigil/care/rules/triage-policy-default.yaml``; a clinic adds
``triage-policy-<name>.yaml`` (or passes its own YAML text) to tune thresholds without
changing code. Conditions have no negation, so triage is monotone by construction: more
symptoms, higher scores or a longer duration can only raise the level.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache, cached_property
from typing import Annotated, Self

from pydantic import Field, model_validator

from vigil.care.triage._catalogue import Catalogue, Reviewed, load_catalogue
from vigil.care.triage._errors import RulesError
from vigil.care.triage._facts import FACT_PREDICATES
from vigil.care.triage._levels import Level
from vigil.care.triage._resources import (
    KnowledgeModel,
    policy_names,
    read_rules_text,
    validate_yaml,
)
from vigil.errors import Issue

__all__ = [
    "Condition",
    "EscalationRule",
    "Escalations",
    "LevelAdvice",
    "NoteKeyword",
    "Persistence",
    "QuietPeriod",
    "Rule",
    "Threshold",
    "Thresholds",
    "TriagePolicy",
    "load_policy",
    "policy_from_yaml",
]

Code = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
RuleId = Annotated[str, Field(pattern=r"^[A-Z][A-Z0-9-]*$")]
Text = Annotated[str, Field(min_length=1)]
Score = Annotated[int, Field(ge=1, le=4)]
_POLICY_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class Condition(KnowledgeModel):
    """When a rule fires: one symptom test, one patient fact, or ``all``/``any`` of others.

    A symptom test matches when any of ``symptoms`` is present (severity 1 or more) and
    meets every qualifier given: at least ``min_severity``; severe (the policy's
    ``severity_escalation_at``); with any of ``features_any``; persisting longer than the
    policy's weeks for that symptom.
    """

    symptoms: tuple[Code, ...] | None = Field(default=None, min_length=1)
    features_any: tuple[Code, ...] = ()
    min_severity: Score = 1
    severe: bool = False
    persisting: bool = False
    fact: Code | None = None
    all_of: tuple[Condition, ...] | None = Field(default=None, alias="all", min_length=1)
    any_of: tuple[Condition, ...] | None = Field(default=None, alias="any", min_length=1)

    @model_validator(mode="after")
    def _check_one_kind(self) -> Self:
        kinds = [self.symptoms, self.fact, self.all_of, self.any_of]
        issues: list[Issue] = []
        if sum(kind is not None for kind in kinds) != 1:
            issues.append(
                Issue("(condition)", None, "give exactly one of symptoms, fact, all, any")
            )
        qualified = self.features_any or self.severe or self.persisting or self.min_severity > 1
        if self.symptoms is None and qualified:
            issues.append(
                Issue(
                    "(condition)",
                    None,
                    "features_any, min_severity, severe and persisting need symptoms",
                )
            )
        if issues:
            raise RulesError(issues)
        return self

    def children(self) -> tuple[Condition, ...]:
        return self.all_of or self.any_of or ()


class Rule(Reviewed):
    """A red-flag rule: its id, level, condition and patient-facing advice."""

    id: RuleId
    level: Level
    title: Text
    when: Condition
    advice: Text


class Threshold(Reviewed):
    value: Annotated[int, Field(ge=1)]


class Thresholds(KnowledgeModel):
    severity_escalation_at: Threshold
    frequency_escalation_at: Threshold
    worsening_min_rise: Threshold
    default_persistence_weeks: Threshold


class Persistence(Reviewed):
    """Weeks ``code`` may last before it counts as persisting; ``None`` means never."""

    code: Code
    weeks: Annotated[int, Field(ge=1)] | None


class QuietPeriod(Reviewed):
    level: Level
    days: Annotated[int, Field(ge=0)]


class LevelAdvice(Reviewed):
    level: Level
    advice: Text


class EscalationRule(Reviewed):
    """A generic rule applied to every reported symptom (persisting, worse, severe, minor)."""

    id: RuleId
    level: Level
    title: Text
    advice: Text


class Escalations(KnowledgeModel):
    persisting: EscalationRule
    worse: EscalationRule
    severe: EscalationRule
    minor: EscalationRule


class NoteKeyword(Reviewed):
    """Phrases in the free-text note that prompt emergency advice to confirm."""

    id: RuleId
    rule: RuleId
    phrases: tuple[Text, ...] = Field(min_length=1)
    advice: Text


class TriagePolicy(Reviewed):
    """A named, versioned rule set with its thresholds."""

    policy: Annotated[str, Field(pattern=_POLICY_NAME.pattern)]
    version: Text
    description: Text
    thresholds: Thresholds
    persistence: tuple[Persistence, ...] = ()
    quiet_periods: tuple[QuietPeriod, ...]
    levels: tuple[LevelAdvice, ...]
    rules: tuple[Rule, ...] = Field(min_length=1)
    escalations: Escalations
    note_keywords: tuple[NoteKeyword, ...] = ()

    @cached_property
    def persistence_weeks(self) -> dict[str, int | None]:
        """Weeks per listed symptom code (``None``: never persisting by duration)."""
        return {entry.code: entry.weeks for entry in self.persistence}

    def weeks_for(self, code: str) -> int | None:
        """Weeks before ``code`` counts as persisting, or ``None`` for never."""
        if code in self.persistence_weeks:
            return self.persistence_weeks[code]
        return self.thresholds.default_persistence_weeks.value

    def quiet_days(self, level: Level) -> int:
        """Days without a repeat alert for ``level`` (0 when the policy sets none)."""
        return next((q.days for q in self.quiet_periods if q.level is level), 0)

    def advice_for(self, level: Level) -> str:
        return next(entry.advice for entry in self.levels if entry.level is level)

    @cached_property
    def rules_by_id(self) -> dict[str, Rule]:
        return {rule.id: rule for rule in self.rules}

    def reviewed_items(self) -> Iterator[tuple[str, str, Reviewed]]:
        """``(kind, id, item)`` for every item with provenance, for review-date checks."""
        yield "policy", self.policy, self
        for name in Thresholds.model_fields:
            yield "threshold", name, getattr(self.thresholds, name)
        for entry in self.persistence:
            yield "persistence", entry.code, entry
        for quiet in self.quiet_periods:
            yield "quiet_period", quiet.level.value, quiet
        for advice in self.levels:
            yield "level_advice", advice.level.value, advice
        for rule in self.rules:
            yield "rule", rule.id, rule
        for name in Escalations.model_fields:
            escalation: EscalationRule = getattr(self.escalations, name)
            yield "escalation", escalation.id, escalation
        for keyword in self.note_keywords:
            yield "note_keyword", keyword.id, keyword


def policy_from_yaml(text: str, catalogue: Catalogue | None = None) -> TriagePolicy:
    """Build a policy from YAML text and check it against the symptom catalogue.

    Raises
    ------
    RulesError
        With every problem: schema errors, unknown symptom or feature codes, features that
        do not apply to the rule's symptoms, unknown facts, duplicate ids, missing levels.
    """
    policy = validate_yaml(text, TriagePolicy, "triage policy")
    issues = _cross_check(policy, catalogue or load_catalogue())
    if issues:
        raise RulesError(issues, f"triage policy '{policy.policy}'")
    return policy


def load_policy(name: str = "default") -> TriagePolicy:
    """The packaged policy ``triage-policy-<name>.yaml`` (read once, then cached).

    Raises
    ------
    RulesError
        When no such policy is packaged; the message lists the ones that are.
    """
    return _load_policy(name)


@cache
def _load_policy(name: str) -> TriagePolicy:
    available = policy_names()
    if name not in available:
        raise RulesError(
            [Issue("policy", name, f"is not a packaged policy; valid: {', '.join(available)}")]
        )
    return policy_from_yaml(read_rules_text(f"triage-policy-{name}.yaml"))


def _cross_check(policy: TriagePolicy, catalogue: Catalogue) -> list[Issue]:
    issues: list[Issue] = []
    codes = catalogue.by_code
    for i, rule in enumerate(policy.rules):
        issues += _check_condition(rule.when, f"rules[{i}].when", catalogue)
        if rule.level is Level.NONE:
            issues.append(Issue(f"rules[{i}].level", "none", "a rule must raise a level"))
        if [r.id for r in policy.rules].index(rule.id) != i:
            issues.append(Issue(f"rules[{i}].id", rule.id, "is used by an earlier rule"))
    for i, entry in enumerate(policy.persistence):
        if entry.code not in codes:
            issues.append(Issue(f"persistence[{i}].code", entry.code, "is not a symptom code"))
    listed = [entry.code for entry in policy.persistence]
    issues += [
        Issue(f"persistence[{i}].code", code, "is listed twice")
        for i, code in enumerate(listed)
        if listed.index(code) != i
    ]
    missing = [level.value for level in Level if level not in {a.level for a in policy.levels}]
    if missing:
        issues.append(Issue("levels", missing, "advice is needed for every level"))
    for i, keyword in enumerate(policy.note_keywords):
        target = policy.rules_by_id.get(keyword.rule)
        if target is None or target.level is not Level.EMERGENCY:
            issues.append(
                Issue(f"note_keywords[{i}].rule", keyword.rule, "must name an emergency rule")
            )
    for name in Escalations.model_fields:
        escalation: EscalationRule = getattr(policy.escalations, name)
        if escalation.level is Level.NONE:
            issues.append(Issue(f"escalations.{name}.level", "none", "must raise a level"))
    return issues


def _check_condition(condition: Condition, path: str, catalogue: Catalogue) -> list[Issue]:
    issues: list[Issue] = []
    for key, children in (("all", condition.all_of), ("any", condition.any_of)):
        for j, child in enumerate(children or ()):
            issues += _check_condition(child, f"{path}.{key}[{j}]", catalogue)
    if condition.fact is not None and condition.fact not in FACT_PREDICATES:
        valid = ", ".join(FACT_PREDICATES)
        issues.append(Issue(f"{path}.fact", condition.fact, f"is not a known fact; valid: {valid}"))
    for j, code in enumerate(condition.symptoms or ()):
        if code not in catalogue.by_code:
            issues.append(Issue(f"{path}.symptoms[{j}]", code, "is not a symptom code"))
    for j, feature in enumerate(condition.features_any):
        known = catalogue.features_by_code.get(feature)
        if known is None:
            issues.append(Issue(f"{path}.features_any[{j}]", feature, "is not a feature code"))
        elif not any(known.applies(code) for code in condition.symptoms or ()):
            issues.append(
                Issue(f"{path}.features_any[{j}]", feature, "applies to none of the symptoms")
            )
    return issues
