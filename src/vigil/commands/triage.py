"""``vigil triage``: triage a symptom report, or list the symptom catalogue (a shell).

Register with ``app.command("triage")(triage_command)``. Exit codes: 0 after a triage or
a listing (whatever the level), 2 when an input cannot be read or is invalid.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table

from vigil.care.triage import (
    Catalogue,
    Level,
    ReportError,
    RulesError,
    SymptomReport,
    TriageOutcome,
    TriagePolicy,
    load_catalogue,
    load_policy,
    parse_history,
    parse_report,
    policy_from_yaml,
    triage,
)
from vigil.errors import FactsError, Issue
from vigil.facts import Patient, parse_patient

__all__ = ["triage_command"]

_STYLE = {
    Level.EMERGENCY: "bold white on red",
    Level.URGENT: "bold black on dark_orange",
    Level.ROUTINE: "bold black on yellow",
    Level.NONE: "bold black on green",
}


def triage_command(
    report: Annotated[
        Path | None,
        typer.Argument(help="The symptom report, JSON (not needed with --catalogue)."),
    ] = None,
    history: Annotated[
        Path | None,
        typer.Option("--history", help="Earlier reports of the same patient: a JSON list."),
    ] = None,
    facts: Annotated[
        Path | None,
        typer.Option("--facts", help="The patient's facts, JSON (decides tamoxifen rules)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON, not tables.")] = False,
    catalogue: Annotated[
        bool, typer.Option("--catalogue", help="List the symptom codes and features.")
    ] = False,
    *,
    today: Annotated[
        dt.datetime | None,
        typer.Option(formats=["%Y-%m-%d"], help="Date to check against (default: today)."),
    ] = None,
    policy: Annotated[
        str,
        typer.Option("--policy", help="A packaged policy name, or a policy .yaml file."),
    ] = "default",
) -> None:
    """Triage a symptom report: emergency, urgent, routine or none, with each reason.

    Vigil informs, never replaces, a clinician: anyone feeling very unwell should call
    their care team or emergency services whatever this says.
    """
    console = Console()
    if catalogue:
        _show_catalogue(load_catalogue(), as_json, console)
        return
    if report is None:
        _fail("give a REPORT file, or --catalogue to list the codes", as_json)
    day = today.date() if today is not None else dt.date.today()
    chosen = _policy(policy, as_json)
    parsed, earlier, patient = _read_inputs(report, history, facts, day, as_json)
    outcome = triage(parsed, earlier, patient, day, policy=chosen)
    if as_json:
        typer.echo(json.dumps(outcome.to_dict(), indent=2, ensure_ascii=False))
    else:
        _show_outcome(outcome, console)


def _read_inputs(
    report: Path, history: Path | None, facts: Path | None, day: dt.date, as_json: bool
) -> tuple[SymptomReport, tuple[SymptomReport, ...], Patient | None]:
    """Parse all three inputs, reporting every problem of every file at once."""
    issues: list[Issue] = []
    parsed: SymptomReport | None = None
    earlier: tuple[SymptomReport, ...] = ()
    patient: Patient | None = None
    try:
        parsed = parse_report(_read(report, as_json), today=day)
    except ReportError as exc:
        issues += exc.issues
    if history is not None:
        try:
            earlier = parse_history(_read(history, as_json), today=day)
        except ReportError as exc:
            issues += exc.issues
    if facts is not None:
        try:
            patient = parse_patient(_read(facts, as_json))
        except FactsError as exc:
            issues += [Issue(f"facts.{i.path}", i.value, i.message) for i in exc.issues]
    if parsed is not None:
        late = [h for h in earlier if h.reported_on > parsed.reported_on]
        issues += [
            Issue("history", h.reported_on.isoformat(), "is after the report being triaged")
            for h in late
        ]
    if issues or parsed is None:
        _fail_issues(issues, as_json)
    return parsed, earlier, patient


def _policy(name_or_file: str, as_json: bool) -> TriagePolicy:
    try:
        if name_or_file.endswith((".yaml", ".yml")):
            return policy_from_yaml(_read(Path(name_or_file), as_json).decode("utf-8"))
        return load_policy(name_or_file)
    except RulesError as exc:
        _fail_issues(list(exc.issues), as_json, what="triage policy")
    except UnicodeDecodeError:
        _fail(f"{name_or_file} is not UTF-8 text", as_json)


def _read(path: Path, as_json: bool) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        _fail(f"cannot read {path}: {exc.strerror}", as_json)


def _fail(message: str, as_json: bool) -> NoReturn:
    if as_json:
        typer.echo(json.dumps({"error": message, "issues": []}, indent=2))
    else:
        Console(stderr=True).print(f"[bold red]error:[/] {escape(message)}", highlight=False)
    raise typer.Exit(2)


def _fail_issues(issues: list[Issue], as_json: bool, what: str = "input") -> NoReturn:
    message = f"{len(issues)} problem(s) in the {what}"
    if as_json:
        rows = [{"path": i.path, "value": i.value, "message": i.message} for i in issues]
        typer.echo(json.dumps({"error": message, "issues": rows}, indent=2, default=str))
        raise typer.Exit(2)
    lines = "\n".join(f"  - {issue}" for issue in issues)
    _fail(f"{message}:\n{lines}", as_json)


def _show_outcome(outcome: TriageOutcome, console: Console) -> None:
    level = outcome.level
    console.print(
        Panel(
            escape(outcome.advice),
            title=f"[{_STYLE[level]}] {level.value.upper()} [/]",
            title_align="left",
        )
    )
    for flag in outcome.note_flags:
        console.print(
            Panel(
                escape(flag.advice),
                title=f"[bold red]Your note mentions '{escape(flag.phrase)}'[/]",
                title_align="left",
                border_style="red",
            )
        )
    if outcome.reasons:
        table = Table("level", "rule", "what was reported", "what to do", "source", expand=True)
        for reason in outcome.reasons:
            table.add_row(
                reason.level.value,
                reason.rule_id,
                escape(reason.detail),
                escape(reason.advice),
                escape(reason.source),
            )
        console.print(table)
    for need in outcome.facts_needed:
        console.print(f"[yellow]Not decided ({need.rule_id}):[/] {escape(need.message)}")
    console.print(
        f"Policy {outcome.policy} {outcome.policy_version}. "
        "Vigil informs, never replaces, your care team.",
        highlight=False,
    )


def _show_catalogue(catalogue: Catalogue, as_json: bool, console: Console) -> None:
    if as_json:
        typer.echo(json.dumps(_catalogue_data(catalogue), indent=2, ensure_ascii=False))
        return
    symptoms = Table("code", "symptom", "body site", "features", title="Symptom codes")
    for symptom in catalogue.symptoms:
        features = ", ".join(catalogue.features_for(symptom.code))
        symptoms.add_row(symptom.code, symptom.name, symptom.body_site, features)
    console.print(symptoms)
    features_table = Table("code", "feature", "meaning", title="Features")
    for feature in catalogue.features:
        features_table.add_row(feature.code, feature.name, feature.description)
    console.print(features_table)
    console.print(
        "Severity 0-4: " + ", ".join(catalogue.severity.labels) + ". "
        "Frequency 0-4: " + ", ".join(catalogue.frequency.labels) + ".",
        highlight=False,
    )


def _catalogue_data(catalogue: Catalogue) -> dict[str, Any]:
    return {
        "catalogue": catalogue.catalogue,
        "version": catalogue.version,
        "scales": {
            "severity": list(catalogue.severity.labels),
            "frequency": list(catalogue.frequency.labels),
        },
        "symptoms": [
            symptom.model_dump(mode="json")
            | {"features": list(catalogue.features_for(symptom.code))}
            for symptom in catalogue.symptoms
        ],
        "features": [feature.model_dump(mode="json") for feature in catalogue.features],
    }
