"""Triage one symptom report against a policy: pure, cited, monotone.

Levels (docs/triage.md): ``emergency`` same day, ``urgent`` within days, ``routine`` next
visit, ``none``. The red-flag rules live in the policy YAML with their sources; this module
only evaluates them and applies the generic escalations (persisting, worse, severe).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from vigil.care.triage._catalogue import Catalogue, load_catalogue
from vigil.care.triage._errors import ReportError
from vigil.care.triage._facts import FACT_DESCRIPTIONS, FACT_PREDICATES
from vigil.care.triage._levels import highest
from vigil.care.triage._notes import note_flags
from vigil.care.triage._outcome import Escalation, FactNeeded, Reason, TriageOutcome
from vigil.care.triage._policy import Condition, EscalationRule, Rule, TriagePolicy, load_policy
from vigil.care.triage._report import (
    History,
    ReportedSymptom,
    SymptomReport,
    parse_history,
    parse_report,
)
from vigil.errors import Issue
from vigil.facts import Patient

__all__ = ["triage"]

_DAYS_PER_WEEK = 7


@dataclass(frozen=True, slots=True)
class _State:
    """One present symptom in context: how long it has lasted, what it was last time."""

    entry: ReportedSymptom
    duration_days: int
    previous: ReportedSymptom | None  # in the immediately preceding report, if present
    previous_on: dt.date | None


@dataclass(frozen=True, slots=True)
class _Eval:
    result: bool | None  # None: a needed fact is unknown
    codes: tuple[str, ...] = ()
    unknown_facts: tuple[str, ...] = ()


def triage(
    report: SymptomReport,
    history: Sequence[SymptomReport],
    facts: Patient | None,
    today: dt.date,
    *,
    policy: TriagePolicy | None = None,
    catalogue: Catalogue | None = None,
    patient_id: str | None = None,
) -> TriageOutcome:
    """Triage one report: the level, every reason with its rule id and source.

    Parameters
    ----------
    report:
        The report to triage (from :func:`parse_report`).
    history:
        Earlier reports of the same patient, any order, none after ``report``. They give
        persistence (a symptom present in consecutive reports) and worsening (a rise in
        severity or frequency since the immediately preceding report).
    facts:
        The patient's validated facts, or ``None``. Rules that need an unknown fact (e.g.
        tamoxifen for vaginal bleeding) do not fire and are listed in ``facts_needed``.
    today:
        The date triage runs on; ``report.reported_on`` may not be after it.
    policy, catalogue:
        The rules and codes; the packaged default policy and catalogue when not given.
    patient_id:
        Identifies the patient in the outcome (and so in alerts); defaults to
        ``facts.patient_id``.

    Returns
    -------
    TriageOutcome
        ``level`` is the highest level among the reasons; ``note_flags`` list emergency
        phrases in the free-text note and never change the level.

    Raises
    ------
    ReportError
        When the report or history is invalid (every problem, with its path).

    Notes
    -----
    Rules only test for presence, so the level is monotone: adding a symptom, raising a
    score or lengthening a symptom's duration never lowers it (a hypothesis test checks).
    The generic escalations follow the ePRO trials, which alerted on "severe or worsening"
    symptoms (Basch, JCO 2016;34:557-65).
    """
    cat = catalogue or load_catalogue()
    pol = policy or load_policy()
    ordered = _check_inputs(report, history, today, cat)
    states = [
        _state(entry, report.reported_on, ordered) for entry in report.symptoms if entry.present
    ]
    reasons: list[Reason] = []
    needed: list[FactNeeded] = []
    for rule in pol.rules:
        evaluated = _evaluate(rule.when, states, facts, pol)
        if evaluated.result:
            reasons.append(_rule_reason(rule, evaluated.codes, states, cat))
        elif evaluated.result is None:
            needed += [
                _fact_needed(rule, fact, evaluated.codes) for fact in evaluated.unknown_facts
            ]
    for state in states:
        reasons += _generic_reasons(state, pol, cat)
    reasons = _drop_dominated(reasons, {e.id for e in _escalations(pol)})
    reasons.sort(key=lambda reason: -reason.level.rank)
    level = highest(reason.level for reason in reasons)
    return TriageOutcome(
        level=level,
        advice=pol.advice_for(level),
        reasons=tuple(reasons),
        note_flags=note_flags(report.note, pol),
        facts_needed=tuple(needed),
        reported_on=report.reported_on,
        patient_id=patient_id or (facts.patient_id if facts is not None else None),
        policy=pol.policy,
        policy_version=pol.version,
    )


def _check_inputs(
    report: SymptomReport,
    history: Sequence[SymptomReport],
    today: dt.date,
    catalogue: Catalogue,
) -> list[SymptomReport]:
    """Re-validate hand-built reports and check the history's dates; history oldest first."""
    issues: list[Issue] = []
    try:
        parse_report(report.to_dict() | {"note": report.note}, today=today, catalogue=catalogue)
    except ReportError as exc:
        issues += exc.issues
    trusted = (
        isinstance(history, History)
        and history.catalogue is catalogue
        and history.checked_on <= today
    )
    if not trusted:  # built by hand, or against another catalogue: validate it here
        try:
            parse_history([h.to_dict() for h in history], today=today, catalogue=catalogue)
        except ReportError as exc:
            issues += exc.issues
    for i, earlier in enumerate(history):
        if earlier.reported_on > report.reported_on:
            issues.append(
                Issue(
                    f"history[{i}].reported_on",
                    earlier.reported_on.isoformat(),
                    f"is after the report being triaged ({report.reported_on})",
                )
            )
    if issues:
        raise ReportError(issues)
    return sorted(history, key=lambda h: h.reported_on)


def _state(entry: ReportedSymptom, reported_on: dt.date, history: list[SymptomReport]) -> _State:
    """Onset is the earliest start over the unbroken run of reports that include it."""
    onset = min(reported_on, entry.started_on or reported_on)
    for earlier in reversed(history):
        seen = earlier.symptom(entry.code)
        if seen is None or not seen.present:
            break
        onset = min(onset, earlier.reported_on, seen.started_on or earlier.reported_on)
    previous_report = history[-1] if history else None
    previous = previous_report.symptom(entry.code) if previous_report else None
    return _State(
        entry=entry,
        duration_days=(reported_on - onset).days,
        previous=previous if previous is not None and previous.present else None,
        previous_on=previous_report.reported_on if previous_report else None,
    )


def _evaluate(
    condition: Condition, states: list[_State], facts: Patient | None, policy: TriagePolicy
) -> _Eval:
    if condition.fact is not None:
        value = FACT_PREDICATES[condition.fact](facts)
        return _Eval(value, (), (condition.fact,) if value is None else ())
    if condition.symptoms is not None:
        codes = tuple(s.entry.code for s in states if _leaf_matches(condition, s, policy))
        return _Eval(bool(codes), codes)
    children = [_evaluate(child, states, facts, policy) for child in condition.children()]
    codes = tuple(code for child in children if child.result for code in child.codes)
    unknown = tuple(fact for child in children for fact in child.unknown_facts)
    if condition.all_of is not None:
        if any(child.result is False for child in children):
            return _Eval(False)
        if any(child.result is None for child in children):
            return _Eval(None, codes, unknown)
        return _Eval(True, codes)
    if any(child.result for child in children):
        return _Eval(True, codes)
    return _Eval(None, codes, unknown) if unknown else _Eval(False)


def _leaf_matches(condition: Condition, state: _State, policy: TriagePolicy) -> bool:
    entry = state.entry
    if condition.symptoms is None or entry.code not in condition.symptoms:
        return False
    if entry.severity < condition.min_severity:
        return False
    if condition.severe and entry.severity < policy.thresholds.severity_escalation_at.value:
        return False
    if condition.features_any and not set(condition.features_any) & set(entry.features):
        return False
    return not condition.persisting or _persisting_weeks(state, policy) is not None


def _persisting_weeks(state: _State, policy: TriagePolicy) -> int | None:
    """The policy's week limit when the symptom has reached it, else ``None``."""
    weeks = policy.weeks_for(state.entry.code)
    # LBBC: report minor symptoms that last for weeks; the weeks are the policy's.
    if weeks is not None and state.duration_days >= weeks * _DAYS_PER_WEEK:
        return weeks
    return None


def _worse(state: _State, policy: TriagePolicy) -> str | None:
    """Why the symptom counts as worse, or ``None``: a rise since the last report."""
    # Basch, JCO 2016;34:557-65: nurses alerted on worsening symptoms; compared with the
    # immediately preceding report only ("a rise between consecutive reports").
    rise = policy.thresholds.worsening_min_rise.value
    entry, before = state.entry, state.previous
    if before is not None and entry.severity - before.severity >= rise:
        return f"severity rose from {before.severity} to {entry.severity} since {state.previous_on}"
    if (
        before is not None
        and entry.frequency is not None
        and before.frequency is not None
        and entry.frequency - before.frequency >= rise
    ):
        return (
            f"frequency rose from {before.frequency} to {entry.frequency} since {state.previous_on}"
        )
    if "worsening" in entry.features:
        return "you said it is getting worse"
    return None


def _severe(state: _State, policy: TriagePolicy) -> str | None:
    entry, limits = state.entry, policy.thresholds
    # Basch, JCO 2016;34:557-65: alerts on severe symptoms; PRO-CTCAE severity 3 = severe.
    if entry.severity >= limits.severity_escalation_at.value:
        return f"rated severity {entry.severity} of 4"
    if entry.frequency is not None and entry.frequency >= limits.frequency_escalation_at.value:
        return f"rated frequency {entry.frequency} of 4"
    return None


def _generic_reasons(state: _State, policy: TriagePolicy, catalogue: Catalogue) -> list[Reason]:
    esc = policy.escalations
    described = _describe(state, catalogue)
    reasons = [_reason(esc.minor, state, described, None)]
    weeks = _persisting_weeks(state, policy)
    if weeks is not None:
        why = f"{described}; at or past the {weeks}-week limit for it"
        reasons.append(_reason(esc.persisting, state, why, Escalation.PERSISTING))
    worse = _worse(state, policy)
    if worse is not None:
        reasons.append(_reason(esc.worse, state, f"{described}; {worse}", Escalation.WORSE))
    severe = _severe(state, policy)
    if severe is not None:
        reasons.append(_reason(esc.severe, state, f"{described}; {severe}", Escalation.SEVERE))
    return reasons


def _reason(
    rule: EscalationRule, state: _State, detail: str, escalation: Escalation | None
) -> Reason:
    return Reason(
        rule.id,
        rule.level,
        rule.title,
        (state.entry.code,),
        detail,
        rule.advice,
        rule.source,
        escalation,
    )


def _escalations(policy: TriagePolicy) -> tuple[EscalationRule, ...]:
    esc = policy.escalations
    return (esc.persisting, esc.worse, esc.severe, esc.minor)


def _drop_dominated(reasons: list[Reason], generic_ids: set[str]) -> list[Reason]:
    """Drop a generic reason when another reason already puts its symptom as high.

    Dropped reasons never set the maximum, so the level is unchanged.
    """
    kept: list[Reason] = []
    for reason in reasons:
        if reason.rule_id in generic_ids:
            code = reason.symptoms[0]
            dominated = any(
                other is not reason
                and code in other.symptoms
                and (
                    other.level.rank > reason.level.rank
                    or (other.rule_id not in generic_ids and other.level.rank >= reason.level.rank)
                )
                for other in reasons
            )
            if dominated:
                continue
        kept.append(reason)
    return kept


def _rule_reason(
    rule: Rule, codes: tuple[str, ...], states: list[_State], catalogue: Catalogue
) -> Reason:
    by_code = {state.entry.code: state for state in states}
    unique = tuple(dict.fromkeys(codes))
    texts = [_describe(by_code[code], catalogue) for code in unique]
    detail = " with ".join([texts[0]] + [text[:1].lower() + text[1:] for text in texts[1:]])
    return Reason(rule.id, rule.level, rule.title, unique, detail, rule.advice, rule.source)


def _fact_needed(rule: Rule, fact: str, codes: tuple[str, ...]) -> FactNeeded:
    description = FACT_DESCRIPTIONS.get(fact, fact)
    return FactNeeded(
        rule.id,
        rule.level,
        fact,
        tuple(dict.fromkeys(codes)),
        f"'{rule.title}' depends on {description}, which is not known; "
        "give the patient's treatment facts so this can be decided.",
    )


def _describe(state: _State, catalogue: Catalogue) -> str:
    """``Back or neck pain (moderate; wakes me at night) for 12 days``."""
    entry = state.entry
    parts = [catalogue.severity.labels[entry.severity]]
    if entry.frequency is not None:
        parts.append(catalogue.frequency.labels[entry.frequency])
    features = catalogue.features_by_code
    parts += [features[code].name.lower() for code in entry.features]
    text = f"{catalogue.by_code[entry.code].name} ({'; '.join(parts)})"
    return f"{text} for {state.duration_days} days" if state.duration_days else text
