"""The report format: every problem refused at once, with path, value and what is valid."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from vigil.care.triage import (
    ReportedSymptom,
    ReportError,
    SymptomReport,
    parse_history,
    parse_report,
    triage,
)
from vigil.errors import FactsError

TODAY = dt.date(2026, 11, 25)
FIXTURES = Path(__file__).parent / "fixtures" / "triage"

GOOD: dict[str, Any] = {
    "reported_on": "2026-11-24",
    "symptoms": [
        {
            "code": "back_pain",
            "severity": 2,
            "frequency": 3,
            "started_on": "2026-11-01",
            "features": ["wakes_from_sleep", "worsening"],
        },
        {"code": "hot_flushes", "severity": 0},
    ],
    "note": "Worse at night since the fall.",
}


def issues_of(data: Any, *, today: dt.date = TODAY) -> dict[str, tuple[Any, str]]:
    with pytest.raises(ReportError) as caught:
        parse_report(data, today=today)
    return {issue.path: (issue.value, issue.message) for issue in caught.value.issues}


def with_symptom(**fields: Any) -> dict[str, Any]:
    doc = copy.deepcopy(GOOD)
    doc["symptoms"][0].update(fields)
    return doc


def test_valid_report_keeps_every_field() -> None:
    report = parse_report(GOOD, today=TODAY)
    assert report == SymptomReport(
        reported_on=dt.date(2026, 11, 24),
        symptoms=(
            ReportedSymptom(
                "back_pain", 2, 3, dt.date(2026, 11, 1), ("wakes_from_sleep", "worsening")
            ),
            ReportedSymptom("hot_flushes", 0),
        ),
        note="Worse at night since the fall.",
    )
    assert report.to_dict() == GOOD
    assert parse_report(json.dumps(GOOD), today=TODAY) == report
    assert parse_report(json.dumps(GOOD).encode(), today=TODAY) == report


def test_note_and_optional_fields_are_optional() -> None:
    report = parse_report(
        {"reported_on": "2026-11-24", "symptoms": [{"code": "fatigue", "severity": 1}]},
        today=TODAY,
    )
    assert report.note is None
    assert report.symptoms[0] == ReportedSymptom("fatigue", 1)
    assert parse_report({"reported_on": "2026-11-24", "symptoms": []}, today=TODAY).symptoms == ()


def test_every_problem_is_reported_at_once() -> None:
    data = json.loads((FIXTURES / "report_invalid.json").read_text())
    found = issues_of(data)
    assert set(found) == {
        "colour",
        "reported_on",
        "symptoms[0].code",
        "symptoms[0].severity",
        "symptoms[0].features[0]",
        "symptoms[1].frequency",
        "symptoms[1].started_on",
        "symptoms[2].features[1]",
        "symptoms[3].code",
        "symptoms[4]",
        "note",
    }
    assert found["symptoms[0].code"][0] == "back_pian"
    assert "did you mean 'back_pain'?" in found["symptoms[0].code"][1]
    assert "breast_lump" in found["symptoms[0].code"][1]


@pytest.mark.parametrize(
    ("doc", "path", "value", "message"),
    [
        pytest.param(
            with_symptom(severity=5), "symptoms[0].severity", 5, "0 (none) to 4", id="sev-5"
        ),
        pytest.param(
            with_symptom(severity=-1), "symptoms[0].severity", -1, "0 (none) to 4", id="sev-neg"
        ),
        pytest.param(
            with_symptom(severity=2.5), "symptoms[0].severity", 2.5, "whole number", id="sev-frac"
        ),
        pytest.param(
            with_symptom(severity="2"), "symptoms[0].severity", "2", "whole number", id="sev-text"
        ),
        pytest.param(
            with_symptom(severity=True), "symptoms[0].severity", True, "whole number", id="sev-bool"
        ),
        pytest.param(
            with_symptom(severity=None), "symptoms[0].severity", None, "required", id="sev-null"
        ),
        pytest.param(
            with_symptom(frequency=7),
            "symptoms[0].frequency",
            7,
            "0 (never) to 4 (almost constantly)",
            id="freq-7",
        ),
        pytest.param(
            with_symptom(started_on="2026-11-30"),
            "symptoms[0].started_on",
            "2026-11-30",
            "after reported_on (2026-11-24)",
            id="started-after-report",
        ),
        pytest.param(
            with_symptom(started_on="2026-02-30"),
            "symptoms[0].started_on",
            "2026-02-30",
            "real date as YYYY-MM-DD",
            id="started-impossible",
        ),
        pytest.param(
            with_symptom(started_on="20261101"),
            "symptoms[0].started_on",
            "20261101",
            "YYYY-MM-DD",
            id="started-basic-iso",
        ),
        pytest.param(
            with_symptom(code="tummy_ache"),
            "symptoms[0].code",
            "tummy_ache",
            "not a known symptom code",
            id="unknown-code",
        ),
        pytest.param(
            with_symptom(features=["at_rest"]),
            "symptoms[0].features[0]",
            "at_rest",
            "does not apply to 'back_pain'; valid for it: worsening, wakes_from_sleep",
            id="feature-not-for-symptom",
        ),
        pytest.param(
            with_symptom(features=["sleepless"]),
            "symptoms[0].features[0]",
            "sleepless",
            "not a known feature",
            id="unknown-feature",
        ),
        pytest.param(
            with_symptom(features=["worsening", "worsening"]),
            "symptoms[0].features[1]",
            "worsening",
            "listed twice",
            id="feature-twice",
        ),
        pytest.param(
            with_symptom(features="worsening"),
            "symptoms[0].features",
            "worsening",
            "list of feature codes",
            id="features-not-list",
        ),
        pytest.param(
            with_symptom(site="left"), "symptoms[0].site", "left", "not a known field", id="extra"
        ),
        pytest.param(
            GOOD | {"reported_on": "2026-11-26"},
            "reported_on",
            "2026-11-26",
            "after today (2026-11-25)",
            id="reported-in-future",
        ),
        pytest.param(
            GOOD | {"reported_on": "24/11/2026"},
            "reported_on",
            "24/11/2026",
            "YYYY-MM-DD",
            id="reported-not-iso",
        ),
        pytest.param({"symptoms": []}, "reported_on", None, "is required", id="reported-missing"),
        pytest.param(
            {"reported_on": "2026-11-24"}, "symptoms", None, "use [] for no symptoms", id="no-list"
        ),
        pytest.param(
            {"reported_on": "2026-11-24", "symptoms": {"code": "cough"}},
            "symptoms",
            {"code": "cough"},
            "must be a list",
            id="symptoms-object",
        ),
        pytest.param(GOOD | {"note": 42}, "note", 42, "must be text", id="note-number"),
        pytest.param([GOOD], "(document)", [GOOD], "must be an object", id="list-not-object"),
    ],
)
def test_problem_names_path_value_and_what_is_valid(
    doc: Any, path: str, value: Any, message: str
) -> None:
    found = issues_of(doc)
    assert path in found, found
    assert found[path][0] == value
    assert message in found[path][1]


def test_started_in_the_future_when_report_date_is_bad() -> None:
    found = issues_of(with_symptom(started_on="2027-01-01") | {"reported_on": "bad"})
    assert "after today (2026-11-25)" in found["symptoms[0].started_on"][1]


def test_duplicate_symptom_is_refused() -> None:
    doc = copy.deepcopy(GOOD)
    doc["symptoms"].append({"code": "back_pain", "severity": 1})
    found = issues_of(doc)
    assert "also symptoms[0]" in found["symptoms[2].code"][1]


def test_invalid_json_text() -> None:
    assert "not valid JSON" in issues_of("{not json")["(document)"][1]


def test_error_is_a_facts_error_with_a_readable_message() -> None:
    with pytest.raises(FactsError, match=r"symptoms\[0\]\.severity: must be a whole number"):
        parse_report(with_symptom(severity=9), today=TODAY)
    with pytest.raises(ValueError, match="1 problem"):
        parse_report(with_symptom(severity=9), today=TODAY)


def test_history_is_validated_with_paths_and_sorted() -> None:
    later = GOOD | {"reported_on": "2026-11-20"}
    earlier = {"reported_on": "2026-10-20", "symptoms": []}
    history = parse_history([later, earlier], today=TODAY)
    assert [h.reported_on for h in history] == [dt.date(2026, 10, 20), dt.date(2026, 11, 20)]
    with pytest.raises(ReportError) as caught:
        parse_history([GOOD, with_symptom(severity=8), {"symptoms": []}], today=TODAY)
    paths = {issue.path for issue in caught.value.issues}
    assert paths == {"history[1].symptoms[0].severity", "history[2].reported_on"}
    assert "report history" in str(caught.value)
    with pytest.raises(ReportError, match="must be a JSON list"):
        parse_history(json.dumps(GOOD), today=TODAY)


def test_triage_refuses_history_after_the_report() -> None:
    report = parse_report(GOOD, today=TODAY)
    late = parse_report(GOOD | {"reported_on": "2026-11-25"}, today=TODAY)
    with pytest.raises(ReportError, match=r"history\[0\]\.reported_on: is after the report"):
        triage(report, [late], None, TODAY)


def test_triage_revalidates_hand_built_reports() -> None:
    future = SymptomReport(dt.date(2026, 12, 1), (ReportedSymptom("fatigue", 1),))
    with pytest.raises(ReportError, match="reported_on: is after today"):
        triage(future, [], None, TODAY)
    bad = dataclasses.replace(
        parse_report(GOOD, today=TODAY), symptoms=(ReportedSymptom("fatigue", 6),)
    )
    with pytest.raises(ReportError, match=r"symptoms\[0\]\.severity"):
        triage(bad, [], None, TODAY)
