"""Alerts for urgent and emergency outcomes: a pure state machine with de-duplication.

States: ``open`` → ``acknowledged`` (by whom, when) → ``resolved`` (by whom, when, with a
note of the action taken); an open alert may be resolved directly. Nothing is stored here:
callers keep alerts and pass the existing ones back in.

De-duplication against alert fatigue: in the PRO-TECT trial a third of weekly surveys
raised an alert and patients judged few of them urgent (AFT-39 alert analysis, PMID
38771558). A symptom that already has an alert at the same or a higher level raises no new
one until the policy's quiet period has passed since that alert was last touched.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from vigil.care.triage._errors import AlertError
from vigil.care.triage._levels import Level
from vigil.care.triage._outcome import Reason, TriageOutcome
from vigil.care.triage._policy import TriagePolicy, load_policy

__all__ = ["ALERT_LEVELS", "Alert", "AlertState", "acknowledge", "raise_alerts", "resolve"]

ALERT_LEVELS = (Level.URGENT, Level.EMERGENCY)
"""Levels that raise an alert; routine symptoms wait for the next visit."""


class AlertState(StrEnum):
    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"
    RESOLVED = "resolved"


@dataclass(frozen=True, slots=True)
class Alert:
    """One alert for one patient's symptom at one level.

    ``key`` — (patient, symptom code, level) — is what de-duplication compares.
    """

    alert_id: str
    patient_id: str
    symptom: str
    level: Level
    rule_ids: tuple[str, ...]
    raised_on: dt.date
    reported_on: dt.date
    state: AlertState = AlertState.OPEN
    acknowledged_by: str | None = None
    acknowledged_on: dt.date | None = None
    resolved_by: str | None = None
    resolved_on: dt.date | None = None
    resolution_note: str | None = None

    @property
    def key(self) -> tuple[str, str, Level]:
        return (self.patient_id, self.symptom, self.level)

    @property
    def last_touched(self) -> dt.date:
        """The latest of raised, acknowledged and resolved: the quiet period runs from it."""
        dates = (self.raised_on, self.acknowledged_on, self.resolved_on)
        return max(date for date in dates if date is not None)

    def to_dict(self) -> dict[str, Any]:
        def iso(date: dt.date | None) -> str | None:
            return date.isoformat() if date is not None else None

        return {
            "alert_id": self.alert_id,
            "patient_id": self.patient_id,
            "symptom": self.symptom,
            "level": self.level.value,
            "rule_ids": list(self.rule_ids),
            "raised_on": iso(self.raised_on),
            "reported_on": iso(self.reported_on),
            "state": self.state.value,
            "acknowledged_by": self.acknowledged_by,
            "acknowledged_on": iso(self.acknowledged_on),
            "resolved_by": self.resolved_by,
            "resolved_on": iso(self.resolved_on),
            "resolution_note": self.resolution_note,
        }


def raise_alerts(
    outcome: TriageOutcome,
    existing: Iterable[Alert],
    today: dt.date,
    *,
    patient_id: str | None = None,
    policy: TriagePolicy | None = None,
) -> tuple[Alert, ...]:
    """The new alerts an outcome raises, after de-duplication against ``existing``.

    Parameters
    ----------
    outcome:
        A triage outcome; its urgent and emergency reasons are candidates, one per symptom
        (the first symptom of each reason) at its highest level. A symptom that is part of
        a reason already alerting at the same or a higher level (limb weakness within
        ``EMERG-SPINAL-CORD``) is folded into that alert.
    existing:
        Earlier alerts in any state; only those of the same patient matter.
    today:
        The date alerts are raised on (not before ``outcome.reported_on``).
    patient_id:
        Overrides ``outcome.patient_id``; one of them is needed.
    policy:
        Gives the quiet period per level; the default policy when not given.

    Returns
    -------
    tuple of Alert
        New open alerts. A candidate is suppressed when an alert for the same patient and
        symptom at the same or a higher level was last touched fewer than the policy's
        quiet days ago; a higher level always alerts.

    Raises
    ------
    AlertError
        Without a patient id, or when ``today`` is before the report.
    """
    pid = patient_id or outcome.patient_id
    if not pid:
        raise AlertError("patient_id: needed to key alerts (give facts or patient_id) (got None)")
    if today < outcome.reported_on:
        raise AlertError(
            f"today: must be on or after the report's date {outcome.reported_on} (got {today})"
        )
    quiet = policy or load_policy()
    mine = [alert for alert in existing if alert.patient_id == pid]
    new: list[Alert] = []
    for symptom, level, rule_ids in _candidates(outcome.reasons):
        if any(_suppresses(alert, symptom, level, today, quiet) for alert in mine):
            continue
        new.append(
            Alert(
                alert_id=f"{pid}:{symptom}:{level.value}:{today.isoformat()}",
                patient_id=pid,
                symptom=symptom,
                level=level,
                rule_ids=rule_ids,
                raised_on=today,
                reported_on=outcome.reported_on,
            )
        )
    return tuple(new)


def _candidates(reasons: Iterable[Reason]) -> list[tuple[str, Level, tuple[str, ...]]]:
    """One (symptom, level, rule ids) per alerting symptom, most pressing first."""
    alerting = sorted((r for r in reasons if r.level in ALERT_LEVELS), key=lambda r: -r.level.rank)
    kept: dict[str, tuple[Level, list[str], set[str]]] = {}
    for reason in alerting:
        primary = reason.symptoms[0]
        if primary in kept and kept[primary][0].rank > reason.level.rank:
            continue
        covering = next(
            (
                code
                for code, (level, _, covered) in kept.items()
                if primary in covered and level.rank >= reason.level.rank
            ),
            None,
        )
        target = primary if primary in kept or covering is None else covering
        _, rule_ids, covered = kept.setdefault(target, (reason.level, [], set()))
        if reason.rule_id not in rule_ids:
            rule_ids.append(reason.rule_id)
        covered.update(reason.symptoms)
    return [(code, level, tuple(ids)) for code, (level, ids, _) in kept.items()]


def _suppresses(
    alert: Alert, symptom: str, level: Level, today: dt.date, policy: TriagePolicy
) -> bool:
    # Against alert fatigue (AFT-39 alert analysis, PMID 38771558): same or lower level
    # within the quiet period raises nothing; a higher level always alerts.
    return (
        alert.symptom == symptom
        and alert.level.rank >= level.rank
        and (today - alert.last_touched).days < policy.quiet_days(level)
    )


def acknowledge(alert: Alert, *, by: str, on: dt.date) -> Alert:
    """An open alert, acknowledged by ``by`` on ``on``.

    Raises
    ------
    AlertError
        When the alert is already acknowledged or resolved, ``by`` is blank, or ``on`` is
        before the alert was raised.
    """
    if alert.state is AlertState.RESOLVED:
        raise AlertError(
            f"state: alert {alert.alert_id} was resolved on {alert.resolved_on} by "
            f"{alert.resolved_by}; a resolved alert cannot be acknowledged (got resolved)"
        )
    if alert.state is AlertState.ACKNOWLEDGED:
        raise AlertError(
            f"state: alert {alert.alert_id} was already acknowledged on "
            f"{alert.acknowledged_on} by {alert.acknowledged_by} (got acknowledged)"
        )
    who = _check_actor(by)
    _check_not_before(on, alert.raised_on, "raised")
    return replace(alert, state=AlertState.ACKNOWLEDGED, acknowledged_by=who, acknowledged_on=on)


def resolve(alert: Alert, *, by: str, on: dt.date, note: str) -> Alert:
    """An open or acknowledged alert, resolved with a note of the action taken.

    Raises
    ------
    AlertError
        When the alert is already resolved, the note or ``by`` is blank, or ``on`` is
        before the alert was raised or acknowledged.
    """
    if alert.state is AlertState.RESOLVED:
        raise AlertError(
            f"state: alert {alert.alert_id} was already resolved on {alert.resolved_on} "
            f"by {alert.resolved_by} (got resolved)"
        )
    if not note or not note.strip():
        raise AlertError(
            f"note: resolving needs a note of the action taken, e.g. 'phoned patient, "
            f"MRI booked' (got {note!r})"
        )
    who = _check_actor(by)
    _check_not_before(on, alert.raised_on, "raised")
    if alert.acknowledged_on is not None:
        _check_not_before(on, alert.acknowledged_on, "acknowledged")
    return replace(
        alert,
        state=AlertState.RESOLVED,
        resolved_by=who,
        resolved_on=on,
        resolution_note=note.strip(),
    )


def _check_actor(by: str) -> str:
    if not by or not by.strip():
        raise AlertError(f"by: the clinician's name or id is required (got {by!r})")
    return by.strip()


def _check_not_before(on: dt.date, earlier: dt.date, what: str) -> None:
    if on < earlier:
        raise AlertError(f"on: must not be before the alert was {what} ({earlier}) (got {on})")
