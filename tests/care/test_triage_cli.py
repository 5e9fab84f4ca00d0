"""``vigil triage``, run through a small Typer app that registers ``triage_command``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import typer
import yaml
from typer.testing import CliRunner

from vigil.commands.triage import triage_command

FIXTURES = Path(__file__).parent / "fixtures" / "triage"
RULES = Path(__file__).resolve().parents[2] / "src" / "vigil" / "care" / "rules"
TODAY = ["--today", "2026-11-25"]

app = typer.Typer()
app.command("triage")(triage_command)


@app.command("version")
def _version() -> None:
    """A second command, so ``triage`` is a sub-command as in ``vigil``."""


runner = CliRunner()


def invoke(*args: str) -> Any:
    return runner.invoke(app, ["triage", *args], env={"COLUMNS": "200"})


def as_json(*args: str) -> tuple[int, dict[str, Any]]:
    result = invoke(*args, "--json")
    return result.exit_code, json.loads(result.stdout)


def test_emergency_report_as_text() -> None:
    result = invoke(str(FIXTURES / "report_emergency.json"), *TODAY)
    assert result.exit_code == 0, result.output
    assert "EMERGENCY" in result.output
    assert "EMERG-SPINAL-CORD" in result.output
    assert "NICE CG75" in result.output
    assert "never replaces" in result.output


def test_emergency_report_as_json() -> None:
    code, data = as_json(str(FIXTURES / "report_emergency.json"), *TODAY)
    assert code == 0
    assert data["level"] == "emergency"
    assert data["reasons"][0]["rule_id"] == "EMERG-SPINAL-CORD"
    for reason in data["reasons"]:
        assert {"rule_id", "source", "advice"} <= set(reason)
        assert reason["level"] in {"emergency", "urgent", "routine", "none"}
    assert data["note_flags"] == []


def test_history_gives_persisting_and_worse() -> None:
    code, data = as_json(
        str(FIXTURES / "report_fatigue.json"),
        "--history",
        str(FIXTURES / "history_fatigue.json"),
        *TODAY,
    )
    assert code == 0
    assert data["level"] == "urgent"
    escalations = {r["escalation"] for r in data["reasons"]}
    assert escalations == {"persisting", "worse"}
    _, alone = as_json(str(FIXTURES / "report_fatigue.json"), *TODAY)
    assert alone["level"] == "routine"


def facts_file(tmp_path: Path, patient_doc: dict[str, Any], agent: str) -> Path:
    patient_doc["treatment"]["endocrine"]["agents"] = [agent]
    path = tmp_path / f"{agent}.json"
    path.write_text(json.dumps(patient_doc))
    return path


def test_facts_decide_the_tamoxifen_rule(tmp_path: Path, patient_doc: dict[str, Any]) -> None:
    report = str(FIXTURES / "report_bleeding.json")
    _, unknown = as_json(report, *TODAY)
    assert unknown["level"] == "routine"
    assert unknown["facts_needed"][0]["rule_id"] == "URG-TAMOXIFEN-BLEEDING"
    tamoxifen = facts_file(tmp_path, patient_doc, "tamoxifen")
    _, decided = as_json(report, "--facts", str(tamoxifen), *TODAY)
    assert decided["level"] == "urgent"
    assert decided["reasons"][0]["rule_id"] == "URG-TAMOXIFEN-BLEEDING"
    assert decided["patient_id"] == "t-1"
    assert decided["facts_needed"] == []
    text = invoke(report, *TODAY)
    assert "Not decided (URG-TAMOXIFEN-BLEEDING)" in text.output


def test_note_flag_is_shown_but_does_not_raise_the_level() -> None:
    report = str(FIXTURES / "report_bleeding.json")
    _, data = as_json(report, *TODAY)
    assert data["level"] == "routine"
    assert data["note_flags"][0]["phrase"] == "seizure"
    assert "Your note mentions 'seizure'" in invoke(report, *TODAY).output


def test_catalogue_lists_codes_and_features() -> None:
    code, data = as_json("--catalogue")
    assert code == 0
    codes = {symptom["code"] for symptom in data["symptoms"]}
    assert {"breast_lump", "back_pain", "neuropathy"} <= codes
    features = {feature["code"] for feature in data["features"]}
    assert {"wakes_from_sleep", "worse_on_coughing", "worsening", "at_rest", "sudden"} <= features
    back = next(s for s in data["symptoms"] if s["code"] == "back_pain")
    assert "wakes_from_sleep" in back["features"]
    assert data["scales"]["severity"][4] == "very severe"
    text = invoke("--catalogue")
    assert text.exit_code == 0
    assert "bladder_bowel_change" in text.output


def test_invalid_report_lists_every_problem() -> None:
    code, data = as_json(str(FIXTURES / "report_invalid.json"), *TODAY)
    assert code == 2
    paths = {issue["path"] for issue in data["issues"]}
    assert {"reported_on", "symptoms[0].severity", "symptoms[2].features[1]", "note"} <= paths
    text = invoke(str(FIXTURES / "report_invalid.json"), *TODAY)
    assert text.exit_code == 2
    assert "symptoms[0].severity" in text.output


def test_problems_of_every_file_are_reported_together(tmp_path: Path) -> None:
    history = tmp_path / "history.json"
    history.write_text(json.dumps([{"reported_on": "2026-11-30", "symptoms": []}]))
    facts = tmp_path / "facts.json"
    facts.write_text(json.dumps({"person": {"sex": "x"}}))
    code, data = as_json(
        str(FIXTURES / "report_invalid.json"),
        "--history",
        str(history),
        "--facts",
        str(facts),
        *TODAY,
    )
    assert code == 2
    paths = {issue["path"] for issue in data["issues"]}
    assert "history[0].reported_on" in paths
    assert "facts.person.sex" in paths
    assert "symptoms[0].code" in paths


def test_history_after_the_report_is_refused(tmp_path: Path) -> None:
    history = tmp_path / "history.json"
    history.write_text(json.dumps([{"reported_on": "2026-11-25", "symptoms": []}]))
    code, data = as_json(str(FIXTURES / "report_fatigue.json"), "--history", str(history), *TODAY)
    assert code == 2
    assert data["issues"][0]["message"] == "is after the report being triaged"


def test_report_dated_after_today_is_refused() -> None:
    code, data = as_json(str(FIXTURES / "report_fatigue.json"), "--today", "2026-11-23")
    assert code == 2
    assert data["issues"][0]["path"] == "reported_on"


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["missing.json"], id="missing-file"),
        pytest.param([], id="no-report"),
    ],
)
def test_unreadable_input_exits_2(args: list[str]) -> None:
    result = invoke(*args)
    assert result.exit_code == 2
    assert "error" in result.output


def test_a_policy_file_tunes_triage(tmp_path: Path) -> None:
    doc = yaml.safe_load((RULES / "triage-policy-default.yaml").read_text())
    doc["policy"] = "clinic-b"
    doc["thresholds"]["worsening_min_rise"]["value"] = 2
    next(p for p in doc["persistence"] if p["code"] == "fatigue")["weeks"] = 12
    path = tmp_path / "triage-policy-clinic-b.yaml"
    path.write_text(yaml.safe_dump(doc))
    _, data = as_json(
        str(FIXTURES / "report_fatigue.json"),
        "--history",
        str(FIXTURES / "history_fatigue.json"),
        "--policy",
        str(path),
        *TODAY,
    )
    assert data["level"] == "routine"
    assert data["policy"] == {"name": "clinic-b", "version": "1.0.0"}


def test_a_bad_policy_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("policy: x\n")
    code, data = as_json(str(FIXTURES / "report_fatigue.json"), "--policy", str(path), *TODAY)
    assert code == 2
    assert "thresholds" in {issue["path"] for issue in data["issues"]}
    result = invoke(str(FIXTURES / "report_fatigue.json"), "--policy", "nope", *TODAY)
    assert result.exit_code == 2
    assert "valid: default" in result.output
