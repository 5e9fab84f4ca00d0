"""Every triage rule: a report that fires it and a near miss that does not.

Each case names the rule and the guideline behind it is in the policy YAML; the case ids
say what the report contains. A test checks that every rule of the default policy has
both kinds of case.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from vigil.care.triage import (
    Escalation,
    Level,
    TriageOutcome,
    load_policy,
    parse_history,
    parse_report,
    triage,
)
from vigil.facts import Patient, parse_patient

TODAY = dt.date(2026, 11, 25)
REPORTED = dt.date(2026, 11, 24)


def sym(code: str, severity: int = 2, *, days: int | None = None, **extra: Any) -> dict[str, Any]:
    """A symptom entry; ``days`` = how many days before the report it started."""
    entry: dict[str, Any] = {"code": code, "severity": severity, **extra}
    if days is not None:
        entry["started_on"] = (REPORTED - dt.timedelta(days=days)).isoformat()
    return entry


def run(
    symptoms: list[dict[str, Any]],
    *,
    history: list[dict[str, Any]] | None = None,
    facts: Patient | None = None,
    note: str | None = None,
) -> TriageOutcome:
    doc: dict[str, Any] = {"reported_on": REPORTED.isoformat(), "symptoms": symptoms}
    if note is not None:
        doc["note"] = note
    report = parse_report(doc, today=TODAY)
    earlier = parse_history(history or [], today=TODAY)
    return triage(report, earlier, facts, TODAY)


def fired(outcome: TriageOutcome) -> set[str]:
    return {reason.rule_id for reason in outcome.reasons}


def patient_on(agent: str, patient_doc: dict[str, Any]) -> Patient:
    patient_doc["treatment"]["endocrine"]["agents"] = [agent]
    return parse_patient(patient_doc)


# (rule id, symptoms that fire it, symptoms that just miss it); history-free cases.
CASES: list[tuple[str, str, list[dict[str, Any]], list[dict[str, Any]]]] = [
    (
        "EMERG-SPINAL-CORD",
        "night-back-pain+weak-leg | night-back-pain-alone",
        [sym("back_pain", features=["wakes_from_sleep"]), sym("limb_weakness", 1)],
        [sym("back_pain", features=["wakes_from_sleep"])],
    ),
    (
        "EMERG-SPINAL-CORD",
        "cough-back-pain+bladder | plain-back-pain+numb-leg",
        [sym("back_pain", features=["worse_on_coughing"]), sym("bladder_bowel_change", 1)],
        [sym("back_pain", days=3), sym("limb_numbness", 1)],
    ),
    (
        "EMERG-SEIZURE",
        "seizure | seizure-rated-0",
        [sym("seizure", 1)],
        [sym("seizure", 0)],
    ),
    (
        "EMERG-HEADACHE-NEURO",
        "sudden-severe-headache+vision | sudden-moderate-headache+vision",
        [sym("headache", 3, features=["sudden"]), sym("vision_change", 1)],
        [sym("headache", 2, features=["sudden"]), sym("vision_change", 1)],
    ),
    (
        "EMERG-HEADACHE-NEURO",
        "sudden-severe-headache+confusion | sudden-severe-headache-alone",
        [sym("headache", 4, features=["sudden"]), sym("confusion", 2)],
        [sym("headache", 4, features=["sudden"])],
    ),
    (
        "EMERG-BREATHLESS-REST",
        "breathless-at-rest | breathless-on-exertion",
        [sym("breathlessness", features=["at_rest"])],
        [sym("breathlessness", features=["on_exertion"])],
    ),
    (
        "EMERG-CHEST-PAIN",
        "chest-pain | chest-pain-rated-0",
        [sym("chest_pain", 1)],
        [sym("chest_pain", 0)],
    ),
    (
        "URG-LUMP",
        "armpit-lump | breast-lump-rated-0",
        [sym("axillary_lump", 1)],
        [sym("breast_lump", 0)],
    ),
    (
        "URG-LUMP",
        "chest-wall-nodule | scar-skin-change",
        [sym("chest_wall_nodule", 1)],
        [sym("scar_skin_change", 1)],
    ),
    (
        "URG-LOCAL-CHANGE",
        "scar-skin-change | breast-lump",
        [sym("scar_skin_change", 1)],
        [sym("breast_lump", 1)],
    ),
    (
        "URG-ARM-SWELLING",
        "arm-swelling | neuropathy",
        [sym("arm_swelling", 1)],
        [sym("neuropathy", 1)],
    ),
    (
        "URG-BONE-PAIN",
        "bone-pain-14-days | bone-pain-13-days",
        [sym("bone_pain", 1, days=14)],
        [sym("bone_pain", 1, days=13)],
    ),
    (
        "URG-SPINAL-PAIN",
        "back-pain-worse-on-coughing | back-pain-no-injury",
        [sym("back_pain", 1, days=1, features=["worse_on_coughing"])],
        [sym("back_pain", 1, days=1, features=["no_injury"])],
    ),
    (
        "URG-NEURO",
        "confusion | hand-foot-tingling",
        [sym("confusion", 1)],
        [sym("neuropathy", 2)],
    ),
    (
        "URG-HEADACHE",
        "severe-headache | moderate-headache",
        [sym("headache", 3)],
        [sym("headache", 2)],
    ),
    (
        "URG-HEADACHE",
        "sudden-headache | headache-waking",
        [sym("headache", 1, features=["sudden"])],
        [sym("headache", 1, features=["wakes_from_sleep"])],
    ),
    (
        "URG-COUGH",
        "cough-21-days | cough-20-days",
        [sym("cough", 1, days=21, features=["dry"])],
        [sym("cough", 1, days=20, features=["dry"])],
    ),
    (
        "URG-COUGH",
        "coughing-blood | dry-cough",
        [sym("cough", 1, features=["coughing_blood"])],
        [sym("cough", 1, features=["dry"])],
    ),
    (
        "URG-BREATHLESS",
        "breathless-on-exertion | breathless-rated-0",
        [sym("breathlessness", 1, features=["on_exertion"])],
        [sym("breathlessness", 0)],
    ),
    (
        "URG-JAUNDICE",
        "jaundice | abdominal-pain",
        [sym("jaundice", 1)],
        [sym("abdominal_pain", 1)],
    ),
    (
        "URG-WEIGHT-LOSS",
        "weight-loss | weight-loss-rated-0",
        [sym("weight_loss", 1)],
        [sym("weight_loss", 0)],
    ),
    (
        "ESC-PERSISTING",
        "fatigue-42-days | fatigue-41-days",
        [sym("fatigue", 1, days=42)],
        [sym("fatigue", 1, days=41)],
    ),
    (
        "ESC-PERSISTING",
        "joint-pain-8-weeks | hot-flushes-a-year",
        [sym("joint_pain", 1, days=56)],
        [sym("hot_flushes", 1, days=365)],
    ),
    (
        "ESC-SEVERE",
        "severe-fatigue | moderate-fatigue",
        [sym("fatigue", 3)],
        [sym("fatigue", 2)],
    ),
    (
        "ESC-SEVERE",
        "constant-hot-flushes | frequent-hot-flushes",
        [sym("hot_flushes", 1, frequency=4)],
        [sym("hot_flushes", 1, frequency=3)],
    ),
    (
        "ESC-WORSE",
        "patient-says-worse | no-change-stated",
        [sym("fatigue", 1, features=["worsening"])],
        [sym("fatigue", 1)],
    ),
    (
        "ROUTINE-MINOR",
        "hot-flushes | nothing-present",
        [sym("hot_flushes", 1)],
        [sym("hot_flushes", 0)],
    ),
]


@pytest.mark.parametrize(
    ("rule_id", "fires", "near_miss"),
    [pytest.param(rule, fires, miss, id=f"{rule}:{name}") for rule, name, fires, miss in CASES],
)
def test_rule_fires_and_near_miss_does_not(
    rule_id: str, fires: list[dict[str, Any]], near_miss: list[dict[str, Any]]
) -> None:
    outcome = run(fires)
    assert rule_id in fired(outcome)
    reason = next(r for r in outcome.reasons if r.rule_id == rule_id)
    assert outcome.level.rank >= reason.level.rank
    assert reason.source
    assert reason.advice
    assert rule_id not in fired(run(near_miss))


def test_every_policy_rule_has_cases() -> None:
    policy = load_policy()
    escalations = policy.escalations
    generic = {e.id for e in (escalations.persisting, escalations.worse, escalations.severe)}
    covered = {case[0] for case in CASES} | {"URG-TAMOXIFEN-BLEEDING", "ESC-WORSE"}
    assert {rule.id for rule in policy.rules} | generic | {escalations.minor.id} <= covered


@pytest.mark.parametrize(
    ("fires", "near_miss", "expected"),
    [
        pytest.param([sym("chest_pain", 1)], [sym("chest_pain", 0)], Level.EMERGENCY, id="chest"),
        pytest.param([sym("jaundice", 1)], [sym("jaundice", 0)], Level.URGENT, id="jaundice"),
        pytest.param([sym("fatigue", 1)], [], Level.ROUTINE, id="minor"),
    ],
)
def test_levels(
    fires: list[dict[str, Any]], near_miss: list[dict[str, Any]], expected: Level
) -> None:
    assert run(fires).level is expected
    assert run(near_miss).level is Level.NONE


def test_tamoxifen_bleeding_needs_tamoxifen(patient_doc: dict[str, Any]) -> None:
    bleeding = [sym("vaginal_bleeding", 1)]
    on_tamoxifen = run(bleeding, facts=patient_on("tamoxifen", patient_doc))
    assert "URG-TAMOXIFEN-BLEEDING" in fired(on_tamoxifen)
    assert on_tamoxifen.level is Level.URGENT
    assert on_tamoxifen.patient_id == "t-1"
    on_ai = run(bleeding, facts=patient_on("aromatase_inhibitor", patient_doc))
    assert "URG-TAMOXIFEN-BLEEDING" not in fired(on_ai)
    assert on_ai.level is Level.ROUTINE
    assert on_ai.facts_needed == ()


def test_tamoxifen_rule_without_facts_says_what_is_missing() -> None:
    outcome = run([sym("vaginal_bleeding", 1)])
    assert "URG-TAMOXIFEN-BLEEDING" not in fired(outcome)
    (need,) = outcome.facts_needed
    assert (need.rule_id, need.fact, need.symptoms) == (
        "URG-TAMOXIFEN-BLEEDING",
        "on_tamoxifen",
        ("vaginal_bleeding",),
    )
    assert run([sym("fatigue", 1)]).facts_needed == ()


HISTORY_WORSE = [
    {"reported_on": "2026-11-10", "symptoms": [sym("fatigue", 1, frequency=1)]},
]


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        pytest.param(sym("fatigue", 2, frequency=1), True, id="severity-1-to-2"),
        pytest.param(sym("fatigue", 1, frequency=2), True, id="frequency-1-to-2"),
        pytest.param(sym("fatigue", 1, frequency=1), False, id="unchanged"),
        pytest.param(sym("fatigue", 1, frequency=0), False, id="less-often"),
    ],
)
def test_worse_means_a_rise_since_the_previous_report(now: dict[str, Any], expected: bool) -> None:
    outcome = run([now], history=HISTORY_WORSE)
    assert ("ESC-WORSE" in fired(outcome)) is expected
    if expected:
        reason = next(r for r in outcome.reasons if r.rule_id == "ESC-WORSE")
        assert reason.escalation is Escalation.WORSE
        assert "since 2026-11-10" in reason.detail
        assert outcome.level is Level.URGENT


def test_worse_compares_consecutive_reports_only() -> None:
    history = [
        {"reported_on": "2026-10-01", "symptoms": [sym("fatigue", 1)]},
        {"reported_on": "2026-11-01", "symptoms": [sym("fatigue", 2)]},
    ]
    assert "ESC-WORSE" not in fired(run([sym("fatigue", 2)], history=history))


def test_new_symptom_is_not_worse() -> None:
    history = [{"reported_on": "2026-11-10", "symptoms": [sym("hot_flushes", 1)]}]
    assert "ESC-WORSE" not in fired(run([sym("fatigue", 2)], history=history))


def test_persistence_counts_the_unbroken_run_of_reports() -> None:
    earlier = [
        {"reported_on": "2026-09-01", "symptoms": [sym("cough", 1)]},
        {"reported_on": "2026-10-01", "symptoms": []},
        {"reported_on": "2026-11-01", "symptoms": [sym("cough", 1)]},
    ]
    # 2026-11-01 to 2026-11-24 is 23 days: past the 3-week cough limit.
    assert "URG-COUGH" in fired(run([sym("cough", 1)], history=earlier))
    # The gap in October ends the run: 2026-11-10 to 2026-11-24 is 14 days.
    earlier[2]["reported_on"] = "2026-11-10"
    assert "URG-COUGH" not in fired(run([sym("cough", 1)], history=earlier))


def test_persisting_reason_says_persisting() -> None:
    outcome = run([sym("fatigue", 1, days=60)])
    reason = next(r for r in outcome.reasons if r.rule_id == "ESC-PERSISTING")
    assert reason.escalation is Escalation.PERSISTING
    assert "6-week limit" in reason.detail
    assert outcome.level is Level.URGENT


def test_routine_reason_is_dropped_when_a_rule_covers_the_symptom() -> None:
    outcome = run([sym("jaundice", 1)])
    assert fired(outcome) == {"URG-JAUNDICE"}
    assert outcome.reasons[0].symptoms == ("jaundice",)


def test_reasons_are_most_pressing_first_and_level_is_their_maximum() -> None:
    outcome = run([sym("hot_flushes", 1), sym("jaundice", 1), sym("seizure", 1)])
    assert [r.level for r in outcome.reasons] == [Level.EMERGENCY, Level.URGENT, Level.ROUTINE]
    assert outcome.level is Level.EMERGENCY
    assert outcome.advice == load_policy().advice_for(Level.EMERGENCY)


def test_spinal_cord_reason_names_both_symptoms() -> None:
    outcome = run([sym("back_pain", features=["band_like"]), sym("limb_numbness", 1)])
    reason = outcome.reasons[0]
    assert reason.rule_id == "EMERG-SPINAL-CORD"
    assert reason.symptoms == ("back_pain", "limb_numbness")
    assert "NICE CG75" in reason.source
    assert reason.detail.startswith("Back or neck pain (moderate; like a band")


def test_no_symptoms_is_level_none() -> None:
    outcome = run([])
    assert outcome.level is Level.NONE
    assert outcome.reasons == ()
    assert outcome.to_dict()["level"] == "none"


@pytest.mark.parametrize(
    "note",
    [
        "I can't breathe",
        "I CAN\u2019T  BREATHE",
        "had a seizure",
        "chest pain",
        "can't feel my legs",
    ],
)
def test_emergency_words_in_the_note_are_flagged_but_never_set_the_level(note: str) -> None:
    outcome = run([], note=note)
    assert outcome.level is Level.NONE
    (flag,) = outcome.note_flags
    assert load_policy().rules_by_id[flag.rule_id].level is Level.EMERGENCY
    assert "emergency" in flag.advice
    minor = run([sym("hot_flushes", 1)], note=note)
    assert minor.level is Level.ROUTINE
    assert minor.note_flags


@pytest.mark.parametrize(
    "note", [None, "", "went to a fitness class", "breathing is fine", "no chest pains? none"]
)
def test_ordinary_notes_raise_no_flag_and_the_note_is_optional(note: str | None) -> None:
    outcome = run([sym("fatigue", 1)], note=note)
    expected = 1 if note and "chest pains" in note else 0
    assert len(outcome.note_flags) == expected
    assert outcome.level is Level.ROUTINE


def test_outcome_json_shape() -> None:
    data = run([sym("chest_pain", 1)], note="chest pain").to_dict()
    assert data["level"] == "emergency"
    assert {"rule_id", "source", "advice", "level", "symptoms"} <= set(data["reasons"][0])
    assert data["note_flags"][0]["rule_id"] == "EMERG-CHEST-PAIN"
    assert data["policy"] == {"name": "default", "version": "1.0.0"}
