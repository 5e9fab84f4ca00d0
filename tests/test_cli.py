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


def test_risk_summary_and_json(tmp_path: Path) -> None:
    from vigil.demo import demo_patients

    dora = next(p for p in demo_patients() if p.patient_id == "demo-dora")
    path = tmp_path / "dora.json"
    path.write_text(dora.model_dump_json())
    shown = runner.invoke(app, ["risk", str(path), "--models", "npi,predict-v3.1"])
    assert shown.exit_code == 0, shown.output
    text = " ".join(shown.output.split())
    assert "Of 100 women like you, about" in text
    assert "do not replace it" in text
    as_json = runner.invoke(app, ["risk", str(path), "--models", "npi,gail", "--json"])
    payload = json.loads(as_json.output)
    assert [item["model"] for item in payload] == ["npi", "gail"]
    # 45 mm, grade 2, 5 nodes: 0.2 * 4.5 + 3 + 2 = 5.9.
    assert payload[0]["values"] == {"npi": 5.9, "npi_group": "poor"}
    assert payload[1]["in_domain"] is False
    assert payload[1]["values"]
    assert all(value is None for value in payload[1]["values"].values())
    bad = runner.invoke(app, ["risk", str(path), "--models", "nope"])
    assert bad.exit_code == 2
    assert "unknown model" in bad.output


def test_score_million_rows_with_one_percent_bad(tmp_path: Path) -> None:
    """Every good row is written and scored; every bad row is reported (issue 3)."""
    import numpy as np
    from benchmarks.bench_risk_models import generated

    n = 1_000_000
    frame = generated(n, seed=7).with_columns(pl.all().cast(pl.String))
    frame = frame.with_columns(
        pl.format("p{}", pl.int_range(0, n)).alias("patient_id"),
    )
    bad = np.sort(np.random.default_rng(7).choice(n, n // 100, replace=False))
    grade = frame["grade"].to_numpy().copy()
    grade[bad] = "7"
    frame = frame.with_columns(pl.Series("grade", grade))
    source = tmp_path / "cohort.parquet"
    frame.write_parquet(source)
    output = tmp_path / "scored.parquet"
    result = runner.invoke(app, ["score", str(source), "-o", str(output)])
    assert result.exit_code == 0, result.output
    errors = pl.read_csv(tmp_path / "cohort.errors.csv")
    scored = pl.read_parquet(output)
    assert sorted(errors["row"].to_list()) == (bad + 1).tolist()
    assert set(errors["column"].to_list()) == {"grade"}
    assert scored.height == n - bad.size
    assert set(scored["row"].to_list()).isdisjoint(set((bad + 1).tolist()))
    for column in ("npi", "cts5_group", "predict_v31_os_10y_treated", "gail_5y", "npi_refused"):
        assert column in scored.columns
    assert scored["npi"].null_count() == 0
    assert scored["predict_v30_os_10y_treated"].is_between(0, 1).all()


def test_score_output_restores_input_codes(tmp_path: Path) -> None:
    table = _write_csv(
        tmp_path / "cohort.csv",
        [
            {
                "patient_id": "a",
                "age": "50",
                "grade": "unknown",
                "size_mm": "20",
                "nodes_positive": "0",
                "age_first_birth": "nulliparous",
            }
        ],
    )
    output = tmp_path / "scored.csv"
    result = runner.invoke(app, ["score", str(table), "-o", str(output), "--models", "npi"])
    assert result.exit_code == 0, result.output
    row = pl.read_csv(output, infer_schema=False).row(0, named=True)
    assert row["grade"] == "unknown"
    assert row["age_first_birth"] == "nulliparous"
    assert row["npi"] is None
    assert row["npi_refused"] == "grade is unknown and this model needs it"


def test_models_list_and_cards(tmp_path: Path) -> None:
    listing = runner.invoke(app, ["models", "list"])
    assert listing.exit_code == 0
    assert "predict-v3.1" in listing.output
    result = runner.invoke(app, ["models", "cards", "--out", str(tmp_path)])
    assert result.exit_code == 0
    assert (tmp_path / "cts5.md").read_text().startswith("# Clinical Treatment Score")


def test_backup_and_restore_round_trip(tmp_path: Path) -> None:
    from sqlalchemy import create_engine, text

    url = f"sqlite:///{tmp_path / 'live.db'}"
    assert runner.invoke(app, ["db", "upgrade", "--database-url", url]).exit_code == 0
    assert runner.invoke(app, ["db", "load-demo", "--database-url", url]).exit_code == 0
    copy = tmp_path / "copy.db"
    assert runner.invoke(app, ["db", "backup", str(copy), "--database-url", url]).exit_code == 0
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM care_team_member"))
        connection.execute(text("DELETE FROM app_user"))
    engine.dispose()
    restored = runner.invoke(app, ["db", "restore", str(copy), "--database-url", url])
    assert restored.exit_code == 0, restored.output
    engine = create_engine(url)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM app_user")).scalar() == 6
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    engine.dispose()
    missing = runner.invoke(
        app, ["db", "restore", str(tmp_path / "nope.db"), "--database-url", url]
    )
    assert missing.exit_code == 2
    assert "does not exist" in " ".join(missing.output.split())
