"""The survivorship care plan: rules applied to one patient's facts on a given day.

Pure: ``today`` is an argument, so the same facts and day always give the same plan.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

from vigil.care._context import PatientContext, end_of_primary_treatment, evaluate
from vigil.care._rules import DEFAULT_POLICY, Phase, Rule, load_policy
from vigil.care._types import Advice, CarePlan, ItemKind, ItemStatus, PlanItem
from vigil.facts import Patient
from vigil.facts._dates import add_months
from vigil.risk import estimate

__all__ = ["HORIZON_YEARS", "LOOKBACK_DAYS", "plan"]

HORIZON_YEARS = 10
"""The schedule runs to 10 years after the end of primary treatment."""

LOOKBACK_DAYS = 365
"""Items whose window closed within this many days before ``today`` stay in the plan, so
missed ones show as overdue."""

# A visit recorded up to a month before an item's due date still counts for it.
_EARLY_GRACE_MONTHS = 1

_ACTION_CATEGORY = {
    "not_recommended": "not_recommended",
    "ongoing": "ongoing",
    "referral": "referral",
    "discussion": "discussion",
    "late_effect": "late_effect",
    "support": "support",
}


def _occurrences(phase: Phase, context: PatientContext) -> list[dt.date] | None:
    """Due dates of one phase; None when the facts lack a date the phase needs."""
    anchor = context.anchor(phase.anchor)
    if anchor is None:
        return None
    first = add_months(anchor, phase.from_months)
    if phase.not_before is not None:
        bound = context.anchor(phase.not_before.anchor)
        if bound is not None:
            first = max(first, add_months(bound, phase.not_before.months))
    if phase.to_months is not None:
        end = add_months(anchor, phase.to_months)
    else:
        until = context.anchor(phase.until) if phase.until is not None else None
        if until is None:
            return None
        end = until
    dates: list[dt.date] = []
    k = 0
    while (due := add_months(first, k * phase.every_months)) < end:
        dates.append(due)
        k += 1
    return dates


def _status(due: dt.date, latest: dt.date, today: dt.date, done: Sequence[dt.date]) -> ItemStatus:
    opens = add_months(due, -_EARLY_GRACE_MONTHS)
    if any(opens <= day <= latest for day in done):
        return ItemStatus.DONE
    if today > latest:
        return ItemStatus.OVERDUE
    if today >= due:
        return ItemStatus.DUE
    return ItemStatus.UPCOMING


def _items(
    rule: Rule,
    *,
    context: PatientContext,
    today: dt.date,
    horizon: dt.date,
    done: Sequence[dt.date],
    patient_key: str,
) -> tuple[list[PlanItem], Advice | None]:
    items: list[PlanItem] = []
    for phase_number, phase in enumerate(rule.schedule):
        dates = _occurrences(phase, context)
        if dates is None:
            missing = Advice(
                rule_id=rule.id,
                category="missing_information",
                title=f"Dates needed to schedule: {rule.title}",
                text=f"Add the date this schedule counts from ({phase.anchor.replace('_', ' ')}) "
                "to the facts so the plan can place it.",
                source=str(rule.source),
            )
            return items, missing
        for n, due in enumerate(dates):
            latest = add_months(due, phase.window_months)
            if due > horizon or (today - latest).days > LOOKBACK_DAYS:
                continue
            items.append(
                PlanItem(
                    uid=f"{rule.id}-{phase_number}-{n}.{patient_key}@vigil",
                    rule_id=rule.id,
                    kind=ItemKind(rule.kind),
                    title=rule.title,
                    why=" ".join(rule.why.split()),
                    source=str(rule.source),
                    due=due,
                    earliest=due,
                    latest=latest,
                    status=_status(due, latest, today, done),
                )
            )
    return items, None


def _gail(patient: Patient) -> tuple[float | None, Advice | None]:
    """The Gail 5-year risk for an unaffected woman, or why it could not be estimated."""
    if patient.tumour is not None or patient.risk_factors is None:
        return None, None
    result = estimate(patient, models=["gail"])[0]
    value = result.values.get("gail_5y")
    if isinstance(value, float):
        return value, None
    gap = Advice(
        rule_id="gail",
        category="missing_information",
        title="Breast cancer risk could not be estimated",
        text=f"The Gail model needs more facts: {result.refused}. Risk-reducing medicine "
        "cannot be assessed until they are added.",
        source=result.card.source,
    )
    return None, gap


def _cts5_sentence(patient: Patient) -> str:
    result = estimate(patient, models=["cts5"])[0]
    if result.refused:
        return f" CTS5 does not apply: {result.refused}."
    return (
        f" Your CTS5 risk group is {result.values['cts5_group']} "
        f"(score {result.values['cts5']:.2f}; {result.card.source})."
    )


# Sentences a rule file can ask to append to a rule's "why" (``why_adds``).
_WHY_ADDS: dict[str, Callable[[Patient], str]] = {"cts5_group": _cts5_sentence}


def plan(
    patient: Patient,
    today: dt.date,
    done: Mapping[str, Sequence[dt.date]] | None = None,
    policy: str = DEFAULT_POLICY,
) -> CarePlan:
    """The patient's survivorship care plan on ``today``.

    Parameters
    ----------
    patient:
        Validated facts.
    today:
        The day the plan is prepared; statuses (due, overdue, upcoming) are relative to it.
    done:
        Dates on which items were done, by rule id (e.g. ``{"follow-up-visits": [...]}``).
    policy:
        The named rule set (``asco-acs-2016`` by default).
    """
    rules = load_policy(policy)
    gail_5y, gail_gap = _gail(patient)
    context = PatientContext(patient, gail_5y=gail_5y)
    end = end_of_primary_treatment(patient)
    horizon = add_months(end, 12 * HORIZON_YEARS + 1) if end is not None else today
    patient_key = patient.patient_id or "patient"
    done = done or {}
    items: list[PlanItem] = []
    advice: list[Advice] = [] if gail_gap is None else [gail_gap]
    for rule in rules.rules:
        if not evaluate(rule.when, context):
            continue
        if rule.action == "schedule":
            found, missing = _items(
                rule,
                context=context,
                today=today,
                horizon=horizon,
                done=done.get(rule.id, ()),
                patient_key=patient_key,
            )
            if rule.why_adds is not None:
                extra = _WHY_ADDS[rule.why_adds](patient)
                found = [replace(item, why=item.why + extra) for item in found]
            items += found
            if missing is not None:
                advice.append(missing)
        else:
            advice.append(
                Advice(
                    rule_id=rule.id,
                    category=_ACTION_CATEGORY[rule.action],
                    title=rule.title,
                    text=" ".join(rule.why.split()),
                    source=str(rule.source),
                )
            )
    items.sort(key=lambda item: (item.due, item.title, item.uid))
    return CarePlan(
        patient_id=patient_key,
        prepared_on=today,
        end_of_primary_treatment=end,
        items=tuple(items),
        advice=tuple(advice),
    )
