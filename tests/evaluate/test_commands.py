"""vigil validate and vigil fit, through a Typer app as the CLI will register them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from vigil.commands.fit import fit_command
from vigil.commands.validate import validate_command
from vigil.evaluate.reports._data import gbsg_validation

app = typer.Typer()
app.command("validate")(validate_command)
app.command("fit")(fit_command)
runner = CliRunner()


@pytest.fixture(scope="module")
def table(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("validate") / "gbsg.csv"
    gbsg_validation().select(
        "patient_id",
        "age",
        "menopausal_status",
        "size_mm",
        "nodes_positive",
        "er_fmol",
        "endocrine",
        "grade",
        "rfs_days",
        "rfs_event",
    ).write_csv(path)
    return path


def _json(output: str) -> dict[str, Any]:
    return json.loads(output.strip().splitlines()[-1])  # type: ignore[no-any-return]


def _args(table: Path, *more: str) -> list[str]:
    base = ["validate", "--data", str(table), "--time", "rfs_days", "--event", "rfs_event"]
    return [*base, "--horizon", "5", *more]


def test_validate_fitted_model_json(table: Path, r_reference: Any) -> None:
    result = runner.invoke(app, _args(table, "--model", "rotterdam-rfs", "--json"))
    assert result.exit_code == 0, result.output
    out = _json(result.output)
    assert out["n"] == 686
    assert out["events"] == 299
    assert out["harrell_c"]["value"] == pytest.approx(
        r_reference["concordance"]["gbsg_pi"]["c"], abs=1e-12
    )
    assert out["calibration_slope"]["value"] == pytest.approx(0.971719153487573, abs=1e-8)
    assert out["d_statistic"]["value"] == pytest.approx(0.841710063660595, abs=1e-8)
    for key in ("uno_c", "auc_at_horizon", "brier_at_horizon"):
        assert out[key]["value"] is not None


def test_validate_with_bootstrap_is_reproducible(table: Path) -> None:
    args = _args(table, "--model", "rotterdam-rfs", "--json", "--bootstrap", "20", "--seed", "3")
    one, two = (_json(runner.invoke(app, args).output) for _ in range(2))
    assert one == two
    assert one["harrell_c"]["lower"] < one["harrell_c"]["value"] < one["harrell_c"]["upper"]


def test_validate_score_column_with_html_report(table: Path, tmp_path: Path) -> None:
    report = tmp_path / "report.html"
    result = runner.invoke(app, _args(table, "--score", "nodes_positive", "--report", str(report)))
    assert result.exit_code == 0, result.output
    page = report.read_text()
    assert page.count("<svg") >= 2
    assert "http" not in page.split("<svg")[0].split("<style>")[0]
    assert "Harrell" in page


def test_validate_published_model(table: Path) -> None:
    result = runner.invoke(app, _args(table, "--model", "npi", "--json"))
    assert result.exit_code == 0, result.output
    assert _json(result.output)["calibration_slope"] is None


@pytest.mark.parametrize(
    ("more", "message"),
    [
        (["--model", "nope"], "unknown model 'nope'"),
        (["--score", "missing_col"], "no such column"),
        ([], "exactly one of --model and --score"),
    ],
)
def test_validate_errors(table: Path, more: list[str], message: str) -> None:
    result = runner.invoke(app, _args(table, *more))
    assert result.exit_code == 2
    assert message in result.output


def test_fit_then_validate(table: Path, tmp_path: Path) -> None:
    model = tmp_path / "m.json"
    result = runner.invoke(
        app,
        [
            "fit",
            "--data",
            str(table),
            "--time",
            "rfs_days",
            "--event",
            "rfs_event",
            "--terms",
            "rcs(age, k=4) + fp(nodes_positive, -0.5) + equals(endocrine, yes)",
            "-o",
            str(model),
            "--id",
            "gbsg-demo",
        ],
    )
    assert result.exit_code == 0, result.output
    assert json.loads(model.read_text())["id"] == "gbsg-demo"
    check = runner.invoke(app, _args(table, "--model", str(model), "--json"))
    assert check.exit_code == 0, check.output
    # In its own training data the calibration slope is 1 by construction.
    assert _json(check.output)["calibration_slope"]["value"] == pytest.approx(1.0, abs=1e-8)
