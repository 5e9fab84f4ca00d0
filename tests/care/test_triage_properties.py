"""Monotonicity: a worse report never gets a lower triage level (hypothesis).

Worse means: one more symptom, a higher severity or frequency, one more feature, an
earlier start, or an older report in the history that already had the symptom. The free
text note never changes the level.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from vigil.care.triage import load_catalogue, parse_history, parse_report, triage
from vigil.facts import Patient, parse_patient

TODAY = dt.date(2026, 11, 25)
REPORTED = dt.date(2026, 11, 24)
CATALOGUE = load_catalogue()
CODES = [symptom.code for symptom in CATALOGUE.symptoms]

_PATIENT: dict[str, Any] = {
    "patient_id": "p-1",
    "person": {"sex": "female", "age_at_diagnosis_years": 50},
    "tumour": {
        "diagnosis_date": "2020-01-10",
        "invasive_size_mm": 20,
        "grade": 2,
        "nodes_positive": 0,
        "nodes_examined": 3,
        "er": {"status": "positive"},
        "pr": {"status": "positive"},
        "her2": {"ihc": "0"},
    },
    "treatment": {
        "setting": "adjuvant",
        "surgery": {"type": "mastectomy"},
        "radiotherapy": {"given": False},
        "chemotherapy": {"generation": "none"},
        "endocrine": {"agents": ["tamoxifen"]},
    },
}
FACTS: list[Patient | None] = [None, parse_patient(_PATIENT)]

SETTINGS = settings(max_examples=60, deadline=None)


def _iso(days_before: int) -> str:
    return (REPORTED - dt.timedelta(days=days_before)).isoformat()


@st.composite
def symptom_entries(draw: st.DrawFn, code: str) -> dict[str, Any]:
    entry: dict[str, Any] = {"code": code, "severity": draw(st.integers(0, 4))}
    if draw(st.booleans()):
        entry["frequency"] = draw(st.integers(0, 4))
    if draw(st.booleans()):
        entry["started_on"] = _iso(draw(st.integers(0, 120)))
    allowed = CATALOGUE.features_for(code)
    entry["features"] = draw(st.lists(st.sampled_from(allowed), unique=True, max_size=3))
    return entry


@st.composite
def reports(draw: st.DrawFn) -> dict[str, Any]:
    codes = draw(st.lists(st.sampled_from(CODES), unique=True, max_size=6))
    return {
        "reported_on": REPORTED.isoformat(),
        "symptoms": [draw(symptom_entries(code)) for code in codes],
    }


@st.composite
def histories(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Up to three earlier reports, 7 to 150 days before, without start dates."""
    gaps = draw(st.lists(st.integers(7, 50), max_size=3))
    result = []
    days = 0
    for gap in gaps:
        days += gap
        codes = draw(st.lists(st.sampled_from(CODES), unique=True, max_size=4))
        symptoms = []
        for code in codes:
            entry = draw(symptom_entries(code))
            entry.pop("started_on", None)
            symptoms.append(entry)
        result.append({"reported_on": _iso(days), "symptoms": symptoms})
    return result


def rank(report: dict[str, Any], history: list[dict[str, Any]], facts: Patient | None) -> int:
    parsed = parse_report(report, today=TODAY)
    earlier = parse_history(history, today=TODAY)
    return triage(parsed, earlier, facts, TODAY).level.rank


facts_choice = st.sampled_from(FACTS)


@SETTINGS
@given(reports(), histories(), facts_choice, st.sampled_from(CODES), st.data())
def test_adding_a_symptom_never_lowers_the_level(
    report: dict[str, Any],
    history: list[dict[str, Any]],
    facts: Patient | None,
    code: str,
    data: st.DataObject,
) -> None:
    before = rank(report, history, facts)
    if code not in {s["code"] for s in report["symptoms"]}:
        worse = copy.deepcopy(report)
        worse["symptoms"].append(data.draw(symptom_entries(code)))
        assert rank(worse, history, facts) >= before


@SETTINGS
@given(reports(), histories(), facts_choice, st.data())
def test_raising_a_score_never_lowers_the_level(
    report: dict[str, Any],
    history: list[dict[str, Any]],
    facts: Patient | None,
    data: st.DataObject,
) -> None:
    if not report["symptoms"]:
        return
    before = rank(report, history, facts)
    i = data.draw(st.integers(0, len(report["symptoms"]) - 1))
    key = data.draw(st.sampled_from(["severity", "frequency"]))
    entry = report["symptoms"][i]
    current = entry.get(key, 0)
    worse = copy.deepcopy(report)
    worse["symptoms"][i][key] = data.draw(st.integers(current, 4))
    assert rank(worse, history, facts) >= before


@SETTINGS
@given(reports(), histories(), facts_choice, st.data())
def test_adding_a_feature_never_lowers_the_level(
    report: dict[str, Any],
    history: list[dict[str, Any]],
    facts: Patient | None,
    data: st.DataObject,
) -> None:
    if not report["symptoms"]:
        return
    before = rank(report, history, facts)
    i = data.draw(st.integers(0, len(report["symptoms"]) - 1))
    entry = report["symptoms"][i]
    unused = [f for f in CATALOGUE.features_for(entry["code"]) if f not in entry["features"]]
    if unused:
        worse = copy.deepcopy(report)
        worse["symptoms"][i]["features"].append(data.draw(st.sampled_from(unused)))
        assert rank(worse, history, facts) >= before


@SETTINGS
@given(reports(), histories(), facts_choice, st.data())
def test_an_earlier_start_never_lowers_the_level(
    report: dict[str, Any],
    history: list[dict[str, Any]],
    facts: Patient | None,
    data: st.DataObject,
) -> None:
    if not report["symptoms"]:
        return
    before = rank(report, history, facts)
    i = data.draw(st.integers(0, len(report["symptoms"]) - 1))
    started = report["symptoms"][i].get("started_on", REPORTED.isoformat())
    days_before = (REPORTED - dt.date.fromisoformat(started)).days
    worse = copy.deepcopy(report)
    worse["symptoms"][i]["started_on"] = _iso(data.draw(st.integers(days_before, 800)))
    assert rank(worse, history, facts) >= before


@SETTINGS
@given(reports(), histories(), facts_choice, st.data())
def test_an_older_report_with_the_symptom_never_lowers_the_level(
    report: dict[str, Any],
    history: list[dict[str, Any]],
    facts: Patient | None,
    data: st.DataObject,
) -> None:
    present = [s for s in report["symptoms"] if s["severity"] > 0]
    if not present:
        return
    before = rank(report, history, facts)
    entry = data.draw(st.sampled_from(present))
    oldest = max([(REPORTED - dt.date.fromisoformat(h["reported_on"])).days for h in history] + [0])
    older = {
        "reported_on": _iso(oldest + data.draw(st.integers(1, 60))),
        "symptoms": [{"code": entry["code"], "severity": data.draw(st.integers(1, 4))}],
    }
    assert rank(report, [older, *history], facts) >= before


@SETTINGS
@given(reports(), histories(), facts_choice, st.text(max_size=80))
def test_the_note_never_changes_the_level(
    report: dict[str, Any], history: list[dict[str, Any]], facts: Patient | None, note: str
) -> None:
    for text in (note, "I can't breathe, had a seizure, chest pain, can't feel my legs"):
        assert rank(report | {"note": text}, history, facts) == rank(report, history, facts)
