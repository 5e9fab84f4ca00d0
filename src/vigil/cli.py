"""The ``vigil`` command line (a shell over the core; Typer + Rich)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.panel import Panel
from rich.table import Table

from vigil._version import __version__
from vigil.errors import FactsError, VigilError
from vigil.facts import parse_patient
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


@app.command()
def demo(
    database_url: DatabaseUrl = None,
    patient: Annotated[str, typer.Option(help="Demo patient id.")] = "demo-ada",
    today: Annotated[
        dt.datetime | None, typer.Option(formats=["%Y-%m-%d"], help="Date to count from.")
    ] = None,
) -> None:
    """Walk through one demo patient from the database."""
    from vigil.store import PatientRepository, make_engine, make_session_factory

    settings = get_settings(database_url=database_url)
    engine = make_engine(settings.database_url)
    with make_session_factory(engine)() as session:
        repo = PatientRepository(session, actor="cli:demo")
        ids = repo.list_ids()
        found = repo.get(patient)
        session.commit()
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
    out.print(f"Other demo patients: {', '.join(i for i in ids if i != patient)}")
    out.print("Try: vigil demo --patient demo-bea   |   vigil --help")


@app.command("schema")
def schema() -> None:
    """Print the JSON Schema of a patient's facts document."""
    from vigil.facts import Patient

    out.print_json(json.dumps(Patient.model_json_schema()))


if __name__ == "__main__":
    app()
