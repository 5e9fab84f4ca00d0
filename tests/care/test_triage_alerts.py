"""The alert lifecycle (open → acknowledged → resolved) and de-duplication."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest

from vigil.care.triage import (
    Alert,
    AlertError,
    AlertState,
    Level,
    TriageOutcome,
    acknowledge,
    load_policy,
    parse_report,
    raise_alerts,
    resolve,
    triage,
)

REPORTED = dt.date(2026, 11, 2)
DAY = dt.timedelta(days=1)


def outcome_for(*symptoms: dict[str, Any], on: dt.date = REPORTED) -> TriageOutcome:
    report = parse_report({"reported_on": on.isoformat(), "symptoms": list(symptoms)}, today=on)
    return triage(report, [], None, on, patient_id="p-1")


ARM = {"code": "arm_swelling", "severity": 1}
FATIGUE = {"code": "fatigue", "severity": 1}
CHEST = {"code": "chest_pain", "severity": 2}
MSCC = ({"code": "back_pain", "severity": 2, "features": ["wakes_from_sleep"]},
        {"code": "limb_weakness", "severity": 1})  # fmt: skip


def test_urgent_outcome_raises_one_open_alert() -> None:
    (alert,) = raise_alerts(outcome_for(ARM), [], REPORTED)
    assert alert.state is AlertState.OPEN
    assert alert.key == ("p-1", "arm_swelling", Level.URGENT)
    assert alert.rule_ids == ("URG-ARM-SWELLING",)
    assert alert.alert_id == "p-1:arm_swelling:urgent:2026-11-02"
    assert alert.to_dict()["state"] == "open"


def test_routine_and_none_raise_nothing() -> None:
    assert raise_alerts(outcome_for(FATIGUE), [], REPORTED) == ()
    assert raise_alerts(outcome_for(), [], REPORTED) == ()


def test_spinal_cord_compression_is_one_emergency_alert() -> None:
    (alert,) = raise_alerts(outcome_for(*MSCC), [], REPORTED)
    assert (alert.symptom, alert.level) == ("back_pain", Level.EMERGENCY)
    assert alert.rule_ids[0] == "EMERG-SPINAL-CORD"
    assert "URG-NEURO" in alert.rule_ids  # limb weakness folded into the same alert


def test_separate_symptoms_raise_separate_alerts() -> None:
    alerts = raise_alerts(outcome_for(ARM, CHEST), [], REPORTED)
    assert [(a.symptom, a.level) for a in alerts] == [
        ("chest_pain", Level.EMERGENCY),
        ("arm_swelling", Level.URGENT),
    ]


def weekly(alerts: list[Alert], outcome_days: int, *symptoms: dict[str, Any]) -> tuple[Alert, ...]:
    on = REPORTED + outcome_days * DAY
    return raise_alerts(outcome_for(*symptoms, on=on), alerts, on)


def test_a_persisting_symptom_does_not_alert_every_week() -> None:
    quiet = load_policy().quiet_days(Level.URGENT)
    first = list(raise_alerts(outcome_for(ARM), [], REPORTED))
    assert weekly(first, 7, ARM) == ()
    assert weekly(first, quiet - 1, ARM) == ()
    (again,) = weekly(first, quiet, ARM)
    assert again.raised_on == REPORTED + quiet * DAY


def test_a_higher_level_always_alerts_and_a_lower_one_never_within_quiet() -> None:
    back = {"code": "back_pain", "severity": 2, "features": ["wakes_from_sleep"]}
    urgent = list(raise_alerts(outcome_for(back), [], REPORTED))
    assert urgent[0].level is Level.URGENT
    (emergency,) = weekly(urgent, 1, *MSCC)
    assert emergency.level is Level.EMERGENCY
    # Back to urgent two days later: the open emergency alert covers it.
    assert weekly([*urgent, emergency], 2, back) == ()


def test_emergency_quiet_period_is_a_day() -> None:
    first = list(raise_alerts(outcome_for(CHEST), [], REPORTED))
    assert raise_alerts(outcome_for(CHEST), first, REPORTED) == ()
    assert len(weekly(first, 1, CHEST)) == 1


def test_quiet_period_runs_from_the_last_acknowledgement_or_resolution() -> None:
    (alert,) = raise_alerts(outcome_for(ARM), [], REPORTED)
    acked = acknowledge(alert, by="nurse.kim", on=REPORTED + 10 * DAY)
    assert weekly([acked], 20, ARM) == ()
    resolved = resolve(acked, by="dr.ng", on=REPORTED + 20 * DAY, note="Lymphoedema clinic")
    assert weekly([resolved], 30, ARM) == ()
    assert len(weekly([resolved], 34, ARM)) == 1


def test_other_patients_and_other_symptoms_do_not_suppress() -> None:
    (alert,) = raise_alerts(outcome_for(ARM), [], REPORTED)
    someone_else = dataclasses.replace(alert, patient_id="p-2")
    assert len(raise_alerts(outcome_for(ARM), [someone_else], REPORTED)) == 1
    assert (
        len(raise_alerts(outcome_for({"code": "jaundice", "severity": 1}), [alert], REPORTED)) == 1
    )


def test_policy_quiet_period_is_tunable() -> None:
    policy = load_policy()
    quiet = policy.model_copy(
        update={
            "quiet_periods": tuple(
                q.model_copy(update={"days": 3}) if q.level is Level.URGENT else q
                for q in policy.quiet_periods
            )
        }
    )
    first = list(raise_alerts(outcome_for(ARM), [], REPORTED, policy=quiet))
    assert raise_alerts(outcome_for(ARM), first, REPORTED + 3 * DAY, policy=quiet)


def test_raise_alerts_needs_a_patient_and_a_sane_date() -> None:
    report = parse_report({"reported_on": "2026-11-02", "symptoms": [ARM]}, today=REPORTED)
    anonymous = triage(report, [], None, REPORTED)
    with pytest.raises(AlertError, match="patient_id"):
        raise_alerts(anonymous, [], REPORTED)
    assert raise_alerts(anonymous, [], REPORTED, patient_id="p-9")[0].patient_id == "p-9"
    with pytest.raises(AlertError, match="today: must be on or after"):
        raise_alerts(outcome_for(ARM), [], REPORTED - DAY)


@pytest.fixture
def alert() -> Alert:
    return raise_alerts(outcome_for(ARM), [], REPORTED)[0]


def test_acknowledge_then_resolve(alert: Alert) -> None:
    acked = acknowledge(alert, by=" nurse.kim ", on=REPORTED + DAY)
    assert (acked.state, acked.acknowledged_by, acked.acknowledged_on) == (
        AlertState.ACKNOWLEDGED,
        "nurse.kim",
        REPORTED + DAY,
    )
    done = resolve(acked, by="dr.ng", on=REPORTED + 2 * DAY, note="Seen; sleeve fitted.")
    assert done.state is AlertState.RESOLVED
    assert (done.resolved_by, done.resolution_note) == ("dr.ng", "Seen; sleeve fitted.")
    assert alert.state is AlertState.OPEN  # alerts are immutable values
    assert done.last_touched == REPORTED + 2 * DAY


def test_an_open_alert_may_be_resolved_directly(alert: Alert) -> None:
    assert resolve(alert, by="dr.ng", on=REPORTED, note="Phoned").state is AlertState.RESOLVED


@pytest.mark.parametrize("note", ["", "   "])
def test_cannot_resolve_without_a_note(alert: Alert, note: str) -> None:
    with pytest.raises(AlertError, match="note: resolving needs a note"):
        resolve(alert, by="dr.ng", on=REPORTED, note=note)


def test_cannot_acknowledge_a_resolved_alert(alert: Alert) -> None:
    done = resolve(alert, by="dr.ng", on=REPORTED, note="Phoned")
    with pytest.raises(AlertError, match="resolved alert cannot be acknowledged"):
        acknowledge(done, by="nurse.kim", on=REPORTED)
    with pytest.raises(AlertError, match="already resolved"):
        resolve(done, by="dr.ng", on=REPORTED, note="Again")


def test_cannot_acknowledge_twice(alert: Alert) -> None:
    acked = acknowledge(alert, by="nurse.kim", on=REPORTED)
    with pytest.raises(AlertError, match=r"already acknowledged on 2026-11-02 by nurse\.kim"):
        acknowledge(acked, by="nurse.lee", on=REPORTED)


@pytest.mark.parametrize("by", ["", "  "])
def test_a_person_is_required(alert: Alert, by: str) -> None:
    with pytest.raises(AlertError, match="by: the clinician"):
        acknowledge(alert, by=by, on=REPORTED)
    with pytest.raises(AlertError, match="by: the clinician"):
        resolve(alert, by=by, on=REPORTED, note="done")


def test_dates_cannot_go_backwards(alert: Alert) -> None:
    with pytest.raises(AlertError, match="before the alert was raised"):
        acknowledge(alert, by="nurse.kim", on=REPORTED - DAY)
    acked = acknowledge(alert, by="nurse.kim", on=REPORTED + 5 * DAY)
    with pytest.raises(AlertError, match="before the alert was acknowledged"):
        resolve(acked, by="dr.ng", on=REPORTED + 4 * DAY, note="done")


def test_alert_errors_are_value_errors(alert: Alert) -> None:
    with pytest.raises(ValueError, match="note"):
        resolve(alert, by="dr.ng", on=REPORTED, note="")
