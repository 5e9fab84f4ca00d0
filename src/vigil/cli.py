"""The ``vigil`` command line (a shell over the core; Typer + Rich)."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.panel import Panel
from rich.table import Table

from vigil._version import __version__
from vigil.errors import FactsError, VigilError
from vigil.facts import Patient, parse_patient
from vigil.present import facts_summary
from vigil.settings import get_settings

app = typer.Typer(
    help="Vigil: recurrence estimates, survivorship care plans and symptom triage "
    "for breast cancer survivors and their care teams. Informs, never replaces, a clinician.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
facts_app = typer.Typer(help="Check patient facts: one JSON document or a cohort table.")
db_app = typer.Typer(help="The database: migrate it, load the demo patients.")
app.add_typer(facts_app, name="facts")
app.add_typer(db_app, name="db")

out = Console()
err = Console(stderr=True)

DatabaseUrl = Annotated[
    str | None,
    typer.Option("--database-url", help="SQLAlchemy URL (default: VIGIL_DATABASE_URL)."),
]


def _fail(message: str, code: int = 2) -> typer.Exit:
    err.print(f"[bold red]error:[/] {message}", markup=True, highlight=False)
    return typer.Exit(code)


@app.command()
def version() -> None:
    """Print Vigil's version."""
    out.print(f"vigil {__version__}")


@facts_app.command("check")
def facts_check(
    table: Annotated[Path, typer.Argument(help="Cohort table, .csv or .parquet.")],
    errors: Annotated[
        Path | None,
        typer.Option("--errors", help="Where to write the problems (default: TABLE.errors.csv)."),
    ] = None,
    valid: Annotated[
        Path | None,
        typer.Option("--valid", help="Also write the valid rows here (.csv or .parquet)."),
    ] = None,
) -> None:
    """Check every row of a cohort table; write each problem to an errors file.

    Exit code 0 when every row is valid, 1 when some rows have problems, 2 when the table
    cannot be read at all.
    """
    from vigil.tables import check_table_file, write_table

    try:
        result = check_table_file(table)
    except VigilError as exc:
        raise _fail(str(exc)) from None
    errors_path = errors or table.with_name(f"{table.stem}.errors.csv")
    write_table(result.errors, errors_path)
    if valid is not None:
        write_table(result.valid, valid)
    summary = Table(title=f"Cohort table {table.name}", show_header=False)
    summary.add_row("rows read", f"{result.n_rows:,}")
    summary.add_row("valid rows", f"{result.valid.height:,}")
    summary.add_row("rows with problems", f"{result.n_bad_rows:,}")
    summary.add_row("problems", f"{result.errors.height:,}")
    out.print(summary)
    if result.errors.height:
        by_column = result.errors.group_by("column").len().sort("len", descending=True)
        detail = Table("column", "problems", title="Problems by column")
        for column, count in by_column.iter_rows():
            detail.add_row(str(column), f"{count:,}")
        out.print(detail)
    if result.unknown_columns:
        out.print(
            "[yellow]Columns not in the contract (ignored; check the spelling):[/] "
            + ", ".join(result.unknown_columns)
        )
    out.print(f"Problems written to {errors_path}")
    raise typer.Exit(1 if result.errors.height else 0)


@facts_app.command("show")
def facts_show(
    document: Annotated[Path, typer.Argument(help="One patient's facts as JSON.")],
    today: Annotated[
        dt.datetime | None, typer.Option(formats=["%Y-%m-%d"], help="Date to count from.")
    ] = None,
) -> None:
    """Validate one patient's facts and show them with the derived facts."""
    try:
        patient = parse_patient(document.read_bytes())
    except OSError as exc:
        raise _fail(f"cannot read {document}: {exc.strerror}") from None
    except FactsError as exc:
        raise _fail(str(exc)) from None
    day = today.date() if today else dt.date.today()
    _print_facts(patient.patient_id or document.stem, facts_summary(patient, day))


def _print_facts(title: str, rows: list[tuple[str, str]]) -> None:
    table = Table(title=title, show_header=False, title_justify="left")
    for label, value in rows:
        table.add_row(label, value)
    out.print(table)


@db_app.command("upgrade")
def db_upgrade(database_url: DatabaseUrl = None) -> None:
    """Create the database or migrate it to the newest schema."""
    from vigil.store import upgrade

    settings = get_settings(database_url=database_url)
    upgrade(settings.database_url)
    out.print("database is at the newest schema")


@db_app.command("backup")
def db_backup(
    target: Annotated[Path, typer.Argument(help="Backup file to write.")],
    database_url: DatabaseUrl = None,
) -> None:
    """Copy the SQLite database to a backup file (safe while the app runs)."""
    from vigil.store import backup

    try:
        backup(get_settings(database_url=database_url).database_url, target)
    except VigilError as exc:
        raise _fail(str(exc)) from None
    out.print(f"backup written to {target}")


@db_app.command("restore")
def db_restore(
    source: Annotated[Path, typer.Argument(help="Backup file to restore from.")],
    database_url: DatabaseUrl = None,
) -> None:
    """Replace the SQLite database with a backup (stop the app first)."""
    from vigil.store import restore

    try:
        restore(get_settings(database_url=database_url).database_url, source)
    except VigilError as exc:
        raise _fail(str(exc)) from None
    out.print(f"database restored from {source}")


@db_app.command("load-demo")
def db_load_demo(database_url: DatabaseUrl = None) -> None:
    """Load the synthetic demo patients (safe to run again)."""
    from vigil.demo import load_demo
    from vigil.store import make_engine, make_session_factory

    settings = get_settings(database_url=database_url)
    engine = make_engine(settings.database_url)
    with make_session_factory(engine)() as session:
        count = load_demo(session)
    engine.dispose()
    out.print(f"{count} synthetic demo patients loaded")
    from vigil.demo import DEMO_PASSWORD, demo_accounts

    accounts = Table("demo account", "role", title=f"Demo accounts (password: {DEMO_PASSWORD})")
    for email, _, role, _ in demo_accounts():
        accounts.add_row(email, role.value)
    out.print(accounts)
    out.print("Demo accounts sign in only in demo mode (vigil serve --demo).")


@app.command()
def demo(
    database_url: DatabaseUrl = None,
    patient: Annotated[str, typer.Option(help="Demo patient id.")] = "demo-ada",
    today: Annotated[
        dt.datetime | None, typer.Option(formats=["%Y-%m-%d"], help="Date to count from.")
    ] = None,
) -> None:
    """Walk through one demo patient from the database."""
    from sqlalchemy.exc import OperationalError

    from vigil.store import Actor, PatientRepository, make_engine, make_session_factory

    settings = get_settings(database_url=database_url)
    engine = make_engine(settings.database_url)
    try:
        with make_session_factory(engine)() as session:
            repo = PatientRepository(session, Actor.system("cli-demo"))
            ids = repo.list_ids()
            found = repo.get(patient)
            session.commit()
    except OperationalError:
        shown = engine.url.render_as_string(hide_password=True)
        raise _fail(
            f"the database at {shown} is not set up: run `vigil db upgrade` and "
            "`vigil db load-demo` first"
        ) from None
    finally:
        engine.dispose()
    if found is None:
        raise _fail(f"no patient {patient!r}; the database holds: {', '.join(ids) or 'none'}")
    day = today.date() if today else dt.date.today()
    out.print(
        Panel(
            "Vigil turns one set of tumour and treatment facts into estimates, a care plan "
            "and symptom advice. Everything shown here is [bold]synthetic demo data[/].\n"
            "Vigil informs decisions made with a clinician; it never replaces one.",
            title=f"Vigil {__version__}",
        )
    )
    _print_facts(f"Facts for {patient}", facts_summary(found, day))
    from vigil.present import risk_sentences
    from vigil.risk import estimate

    results = estimate(found)
    out.print("[bold]What the published models say[/]")
    for line in risk_sentences(results):
        out.print(f"- {line}")
    out.print("(Each model's source and validity domain: vigil models list; vigil risk FILE)")
    out.print(f"Other demo patients: {', '.join(i for i in ids if i != patient)}")
    out.print("Try: vigil demo --patient demo-bea   |   vigil --help")


ModelsOption = Annotated[
    str | None,
    typer.Option(
        "--models", help="Comma-separated model ids (default: all). See `vigil models list`."
    ),
]


def _model_ids(models: str | None) -> list[str] | None:
    return None if models is None else [m.strip() for m in models.split(",") if m.strip()]


@app.command()
def risk(
    document: Annotated[Path, typer.Argument(help="One patient's facts as JSON.")],
    models: ModelsOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead.")] = False,
) -> None:
    """Every applicable risk estimate for one patient, each with its model and source."""
    from vigil.present import risk_sentences
    from vigil.risk import estimate

    try:
        patient = parse_patient(document.read_bytes())
        results = estimate(patient, models=_model_ids(models))
    except OSError as exc:
        raise _fail(f"cannot read {document}: {exc.strerror}") from None
    except VigilError as exc:
        raise _fail(str(exc)) from None
    if as_json:
        from vigil.present import results_json

        typer.echo(json.dumps(results_json(results), indent=2))
        return
    for result in results:
        table = Table(
            title=f"{result.card.name} ({result.card.version})",
            caption=f"Source: {result.card.source}",
            show_header=False,
            title_justify="left",
        )
        if result.refused:
            table.add_row("[yellow]not applicable[/]", result.refused)
        for column, value in result.values.items():
            table.add_row(column, _fmt_value(column, value))
        out.print(table)
    out.print()
    for line in risk_sentences(results):
        out.print(f"- {line}")
    out.print(
        "\n[italic]These estimates inform a discussion with your care team; "
        "they do not replace it.[/]"
    )


# Output columns that are scores or ratios, shown as numbers; the rest are probabilities.
_SCORES = ("npi", "cts5", "magee3")


def _fmt_value(column: str, value: object) -> str:
    if isinstance(value, float):
        if column in _SCORES or column.startswith("gail_relative_risk") or column.endswith("_lp"):
            return f"{value:.4g}"
        return f"{100 * value:.2f} %"
    return "" if value is None else str(value)


@app.command()
def score(
    table: Annotated[Path, typer.Argument(help="Cohort table, .csv or .parquet.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Scored table (.csv/.parquet).")],
    models: ModelsOption = None,
    errors: Annotated[
        Path | None,
        typer.Option("--errors", help="Where to write bad rows (default: TABLE.errors.csv)."),
    ] = None,
) -> None:
    """Score every valid row of a cohort table; bad rows go to the errors file."""
    from rich.progress import Progress

    from vigil.risk import score_table
    from vigil.tables import check_table_file, scored_for_output, write_table

    try:
        checked = check_table_file(table)
        with Progress(console=err, transient=True) as bar:
            task = bar.add_task("scoring", total=max(checked.valid.height, 1))
            scored = score_table(
                checked.valid,
                _model_ids(models),
                progress=lambda done, _total: bar.update(task, completed=done),
            )
    except VigilError as exc:
        raise _fail(str(exc)) from None
    errors_path = errors or table.with_name(f"{table.stem}.errors.csv")
    write_table(checked.errors, errors_path)
    write_table(scored_for_output(scored), output)
    out.print(
        f"{checked.valid.height:,} rows scored to {output}; "
        f"{checked.n_bad_rows:,} rows with problems written to {errors_path}"
    )


models_app = typer.Typer(help="The risk models: list them, write their cards.")
app.add_typer(models_app, name="models")


@models_app.command("list")
def models_list() -> None:
    """List the models with version and source."""
    from vigil.risk import MODELS

    listing = Table("id", "name", "version", "source")
    for model in MODELS.values():
        card = model.card
        listing.add_row(card.id, card.name, card.version, card.source)
    out.print(listing)


@models_app.command("cards")
def models_cards(
    folder: Annotated[Path, typer.Option("--out", help="Folder for the Markdown cards.")] = Path(
        "docs/models"
    ),
) -> None:
    """Write each model's card as Markdown (docs/models/ by default)."""
    from vigil.present import model_card_markdown
    from vigil.risk import MODELS

    folder.mkdir(parents=True, exist_ok=True)
    for model in MODELS.values():
        (folder / f"{model.card.id}.md").write_text(model_card_markdown(model.card))
    out.print(f"{len(MODELS)} model cards written to {folder}")


def _read_facts(document: Path) -> Patient:
    """A facts document, or a FHIR Bundle (told apart by its content)."""
    try:
        raw = document.read_bytes()
    except OSError as exc:
        raise _fail(f"cannot read {document}: {exc.strerror}") from None
    try:
        is_bundle = json.loads(raw).get("resourceType") == "Bundle"
    except (ValueError, AttributeError):
        is_bundle = False
    try:
        if is_bundle:
            from vigil.fhir import import_bundle

            imported = import_bundle(raw.decode("utf-8"))
            for issue in imported.unknown_codes:
                err.print(f"[yellow]not understood:[/] {issue}")
            return imported.facts
        return parse_patient(raw)
    except VigilError as exc:
        raise _fail(str(exc)) from None


DateOption = Annotated[
    dt.datetime | None,
    typer.Option(formats=["%Y-%m-%d"], help="The day to plan from (default: today)."),
]


@app.command()
def plan(
    document: Annotated[Path, typer.Argument(help="Facts JSON or a FHIR R4 Bundle.")],
    today: DateOption = None,
    pdf: Annotated[Path | None, typer.Option(help="Write the printable plan as PDF.")] = None,
    html: Annotated[Path | None, typer.Option(help="Write the printable plan as HTML.")] = None,
    ics: Annotated[Path | None, typer.Option(help="Write the schedule as iCalendar.")] = None,
    fhir: Annotated[Path | None, typer.Option(help="Write a FHIR R4 Bundle with the plan.")] = None,
) -> None:
    """The survivorship care plan: schedule, tests not needed, advice, estimates."""
    from vigil.care import plan as make_plan
    from vigil.present import plan_document, plan_html, plan_ical, plan_pdf
    from vigil.risk import estimate

    patient = _read_facts(document)
    day = today.date() if today else dt.date.today()
    care_plan = make_plan(patient, day)
    estimates = estimate(patient)
    doc = plan_document(patient, care_plan, estimates)
    for section in doc.sections:
        out.rule(f"[bold]{section.heading}")
        if section.rows:
            table = Table(*section.columns, show_header=bool(section.columns), box=None)
            for row in section.rows:
                table.add_row(*row)
            out.print(table)
        for paragraph in section.paragraphs:
            out.print(f"- {paragraph}", highlight=False)
    if pdf is not None:
        pdf.write_bytes(plan_pdf(doc, day))
    if html is not None:
        html.write_text(plan_html(doc), encoding="utf-8")
    if ics is not None:
        ics.write_bytes(plan_ical(care_plan))
    if fhir is not None:
        from vigil.fhir import export_bundle

        fhir.write_text(json.dumps(export_bundle(patient, care_plan, day), indent=2))
    written = [str(p) for p in (pdf, html, ics, fhir) if p is not None]
    if written:
        out.print(f"Written: {', '.join(written)}")


rules_app = typer.Typer(help="The knowledge files: rules with their sources and review dates.")
app.add_typer(rules_app, name="rules")


@rules_app.command("stale")
def rules_stale(
    today: DateOption = None,
    max_age_days: Annotated[int, typer.Option(help="Older reviews than this are stale.")] = 365,
) -> None:
    """List rules whose last review is older than a year. Exit code 1 if any."""
    from vigil.care import load_policy, stale_rules
    from vigil.care.triage import stale_items

    day = today.date() if today else dt.date.today()
    rows = [
        ("care plan", rule.id, rule.last_reviewed.isoformat(), str(rule.source))
        for rule in stale_rules(load_policy(), day, max_age_days)
    ]
    rows += [
        (item.file, item.item_id, item.last_reviewed.isoformat(), item.source)
        for item in stale_items(day, max_age_days)
    ]
    listing = Table("file", "item", "last reviewed", "source", title="Past their review date")
    for row in rows:
        listing.add_row(*row)
    if rows:
        out.print(listing)
    out.print(f"{len(rows)} stale item(s) (as of {day}; older than {max_age_days} days)")
    raise typer.Exit(1 if rows else 0)


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Address (default VIGIL_HOST).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default VIGIL_PORT).")] = None,
    database_url: DatabaseUrl = None,
    demo: Annotated[bool, typer.Option("--demo", help="Demo mode; seeds demo data.")] = False,
    workers: Annotated[
        int | None, typer.Option(help="Worker processes (default VIGIL_WORKERS, 1).", min=1)
    ] = None,
) -> None:
    """Serve the web application (migrates the database first)."""
    import uvicorn

    from vigil.demo import load_demo
    from vigil.store import PatientRecord, make_engine, make_session_factory, upgrade
    from vigil.web import create_app

    settings = get_settings(
        database_url=database_url, host=host, port=port, demo=demo or None, workers=workers
    )
    upgrade(settings.database_url)
    if settings.demo:
        engine = make_engine(settings.database_url)
        with make_session_factory(engine)() as session:
            if session.query(PatientRecord).count() == 0:
                load_demo(session)
        engine.dispose()
    if settings.news_refresh_minutes > 0:  # one refresher, in this (the parent) process
        from vigil.news._scheduler import start_refresher

        start_refresher(make_engine(settings.database_url), settings.news_refresh_minutes)
    out.print(f"Vigil at http://{settings.host}:{settings.port}  (Ctrl-C to stop)")
    if settings.workers == 1:
        web_app = create_app(settings)
        uvicorn.run(web_app, host=settings.host, port=settings.port, log_level="warning")
        return
    # Worker processes build their own app from the environment: pass the settings on.
    os.environ.update(
        {
            "VIGIL_DATABASE_URL": settings.database_url,
            "VIGIL_DEMO": "true" if settings.demo else "false",
        }
    )
    uvicorn.run(
        "vigil.web:create_app",
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=settings.workers,
        log_level="warning",
    )


def _register_commands() -> None:
    """Commands that live in their own modules (vigil.commands)."""
    from vigil.commands.content import content_check_command
    from vigil.commands.fit import fit_command
    from vigil.commands.news import news_fetch_command, news_list_command
    from vigil.commands.triage import triage_command
    from vigil.commands.validate import validate_command

    app.command("triage")(triage_command)
    app.command("validate")(validate_command)
    app.command("fit")(fit_command)
    content_app = typer.Typer(help="Education content: sources, claims and review dates.")
    content_app.command("check")(content_check_command)
    app.add_typer(content_app, name="content")
    news_app = typer.Typer(help="The curated news feed: fetch and list stories.")
    news_app.command("fetch")(news_fetch_command)
    news_app.command("list")(news_list_command)
    app.add_typer(news_app, name="news")


_register_commands()


@app.command("schema")
def schema() -> None:
    """Print the JSON Schema of a patient's facts document."""
    from vigil.facts import Patient

    out.print_json(json.dumps(Patient.model_json_schema()))


if __name__ == "__main__":
    app()
