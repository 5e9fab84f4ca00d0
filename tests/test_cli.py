"""The command line, run in-process through Typer's test runner."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from typer.testing import CliRunner

from vigil import __version__
from vigil.cli import app

runner = CliRunner()


def test_help_lists_the_commands() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("version", "facts", "db", "demo"):
        assert command in result.output


def test_version() -> None:
    result = runner.invoke(app, ["version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"vigil {__version__}"


def _write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    pl.DataFrame(rows).write_csv(path)
    return path


def test_facts_check_writes_every_problem(tmp_path: Path) -> None:
    table = _write_csv(
        tmp_path / "cohort.csv",
        [
            {"patient_id": "a", "age": "50", "grade": "2", "er": "positive"},
            {"patient_id": "b", "age": "51", "grade": "5", "er": "maybe"},
            {"patient_id": "c", "age": "old", "grade": "3", "er": "negative"},
        ],
    )
    valid_path = tmp_path / "valid.parquet"
    result = runner.invoke(app, ["facts", "check", str(table), "--valid", str(valid_path)])
    assert result.exit_code == 1
    assert "rows with problems" in result.output
    errors = pl.read_csv(tmp_path / "cohort.errors.csv")
    assert errors.select("row", "column", "value").rows() == [
        (2, "er", "maybe"),
        (2, "grade", "5"),
        (3, "age", "old"),
    ]
    assert pl.read_parquet(valid_path)["patient_id"].to_list() == ["a"]


def test_facts_check_clean_parquet_exits_zero(tmp_path: Path) -> None:
    path = tmp_path / "cohort.parquet"
    pl.DataFrame({"patient_id": ["a"], "age": [50.0]}).write_parquet(path)
    errors = tmp_path / "out" / "errs.csv"
    result = runner.invoke(app, ["facts", "check", str(path), "--errors", str(errors)])
    assert result.exit_code == 0, result.output
    assert pl.read_csv(errors).height == 0


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("cohort.txt", "x", "expected a .csv or .parquet file"),
        ("cohort.csv", "patient_id\na\n", "lacks required column(s) age"),
        ("absent.csv", None, "does not exist"),
    ],
)
def test_facts_check_unreadable_table(
    tmp_path: Path, name: str, content: str | None, message: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_text(content)
    result = runner.invoke(app, ["facts", "check", str(path)])
    assert result.exit_code == 2
    assert message in " ".join(result.output.split())


def test_facts_show(tmp_path: Path, patient_doc: dict[str, Any]) -> None:
    path = tmp_path / "p.json"
    path.write_text(json.dumps(patient_doc))
    result = runner.invoke(app, ["facts", "show", str(path), "--today", "2026-01-10"])
    assert result.exit_code == 0, result.output
    assert "pN1" in result.output
    assert "4.0 years" in result.output


def test_facts_show_reports_problems(tmp_path: Path, patient_doc: dict[str, Any]) -> None:
    patient_doc["tumour"]["grade"] = 4
    path = tmp_path / "p.json"
    path.write_text(json.dumps(patient_doc))
    result = runner.invoke(app, ["facts", "show", str(path)])
    assert result.exit_code == 2
    assert "tumour.grade" in result.output


def test_database_walkthrough(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'db' / 'vigil.db'}"
    assert runner.invoke(app, ["db", "upgrade", "--database-url", url]).exit_code == 0
    loaded = runner.invoke(app, ["db", "load-demo", "--database-url", url])
    assert "7 synthetic demo patients loaded" in loaded.output
    shown = runner.invoke(
        app, ["demo", "--database-url", url, "--patient", "demo-cleo", "--today", "2026-11-25"]
    )
    assert shown.exit_code == 0, shown.output
    assert "negative" in shown.output
    assert "informs decisions made with a clinician" in " ".join(shown.output.split())
    missing = runner.invoke(app, ["demo", "--database-url", url, "--patient", "nobody"])
    assert missing.exit_code == 2
    assert "demo-ada" in missing.output


def test_database_url_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "env.db"
    monkeypatch.setenv("VIGIL_DATABASE_URL", f"sqlite:///{db}")
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    assert db.is_file()
