"""`vigil content check`: fails on a clinical claim without a source, lists the rest."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import typer
from typer.testing import CliRunner

from vigil.commands.content import content_check_command
from vigil.knowledge import check_content, read_folder
from vigil.knowledge._claims import is_clinical, statements

FIXTURES = Path(__file__).parent / "fixtures"
TODAY = ["--today", "2026-11-25"]

app = typer.Typer()
app.command("check")(content_check_command)


@app.command("other")
def _other() -> None:
    """A second command, so ``check`` is a sub-command as in ``vigil content``."""


def invoke(*args: str) -> Any:
    return CliRunner().invoke(app, ["check", *args], env={"COLUMNS": "200"})


def test_statements_keep_their_markers_and_skip_decimals() -> None:
    text = "PFS was 15.0 vs 7.3 months.[^a] [^b] Ask your team. Is it? e.g. this. Last"
    assert list(statements(text)) == [
        "PFS was 15.0 vs 7.3 months.[^a] [^b]",
        "Ask your team.",
        "Is it?",
        "e.g. this.",
        "Last",
    ]


def test_what_counts_as_a_clinical_claim() -> None:
    assert is_clinical("Visits are every 3 to 6 months.")
    assert is_clinical("Tamoxifen is taken for five years.")
    assert is_clinical("Exercise lowers the chance of coming back.")
    assert is_clinical("Most recurrences are found by the patient.")
    assert not is_clinical("Ask your team what fits you.")
    assert not is_clinical("Should I take tamoxifen?")


def test_fixture_article_with_an_unsourced_claim_fails() -> None:
    documents, errors = read_folder(FIXTURES / "unsourced")
    assert errors == []
    report = check_content(documents, dt.date(2026, 11, 25))
    assert not report.ok
    assert [(c.line, c.text) for c in report.unsourced] == [
        (18, "A yearly bone scan finds a recurrence early.")
    ]


def test_cli_exits_1_and_names_the_unsourced_claim() -> None:
    result = invoke(str(FIXTURES / "unsourced"), *TODAY)
    assert result.exit_code == 1, result.output
    assert "articles/unsourced-claim.md:18" in result.output
    assert "A yearly bone scan finds a recurrence early." in result.output


def test_cli_json_lists_claims_sources_and_overdue_reviews() -> None:
    result = invoke(str(FIXTURES / "flagged"), *TODAY, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["ok"] is True
    assert data["to_check"][0]["text"] == "The guideline lists a monthly breast self-exam."
    assert data["overdue"] == [
        {"file": "faq/flagged-claim.md", "last_reviewed": "2025-01-10", "days": 684}
    ]
    assert {(s["id"], s["uses"]) for s in data["sources"]} == {("asco2013", 1), ("unused", 0)}


def test_cli_strict_fails_on_flagged_claims_and_overdue_reviews() -> None:
    assert invoke(str(FIXTURES / "flagged"), *TODAY, "--strict").exit_code == 1


def test_cli_packaged_content_passes_and_lists_options_to_confirm() -> None:
    result = invoke(*TODAY, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["unsourced"] == []
    assert {"camizestrant-serena6", "vepdegestrant-esr1"} <= {
        row["id"] for row in data["options_to_check"]
    }
    assert data["options_overdue"] == []
    assert data["support_overdue"] == []
    late = json.loads(invoke("--today", "2028-01-01", "--json").stdout)
    assert "tamoxifen-risk-reduction" in late["options_overdue"]


def test_cli_reports_a_broken_file_with_exit_2(tmp_path: Path) -> None:
    (tmp_path / "faq").mkdir()
    source = (FIXTURES / "flagged" / "faq" / "flagged-claim.md").read_text()
    (tmp_path / "faq" / "broken.md").write_text(source.replace("2025-01-10", "2025-02-30"))
    result = invoke(str(tmp_path), *TODAY)
    assert result.exit_code == 2
    assert "faq/broken.md: last_reviewed" in result.output
