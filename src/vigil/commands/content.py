"""``vigil content check``: claims, sources and review dates of the content (a shell).

Register with ``content_app.command("check")(content_check_command)``. Exit codes: 0 when
every clinical claim names a source; 1 when one does not (or, with ``--strict``, when a
claim is flagged ``{check}`` or an item is past review); 2 when a file cannot be read.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from vigil.care.options import Evidence, load_options, stale_options
from vigil.errors import Issue
from vigil.knowledge import (
    REVIEW_MAX_AGE_DAYS,
    ContentError,
    ContentReport,
    Document,
    check_content,
    load_articles,
    load_faq,
    read_folder,
    stale_support,
)

__all__ = ["content_check_command"]


def content_check_command(
    folder: Annotated[
        Path | None,
        typer.Argument(help="A content folder (articles/ and faq/); default: the packaged one."),
    ] = None,
    *,
    today: Annotated[
        dt.datetime | None,
        typer.Option(formats=["%Y-%m-%d"], help="Date to check review ages on (default: today)."),
    ] = None,
    max_age_days: Annotated[
        int, typer.Option("--max-age-days", min=1, help="Review is due after this many days.")
    ] = REVIEW_MAX_AGE_DAYS,
    strict: Annotated[
        bool, typer.Option("--strict", help="Also fail on {check} claims and overdue reviews.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON, not tables.")] = False,
) -> None:
    """List claims without a source, claims to check, overdue reviews and every source.

    Fails (exit 1) when a clinical claim names no source, so the content cannot ship with
    one. Options and support data are listed too when the packaged content is checked.
    """
    console = Console()
    day = today.date() if today is not None else dt.date.today()
    try:
        documents = _documents(folder)
    except ContentError as exc:
        Console(stderr=True).print(f"[bold red]error:[/] {escape(str(exc))}")
        raise typer.Exit(2) from None
    report = check_content(documents, day, max_age_days)
    data = _data(report, packaged=folder is None, today=day, max_age_days=max_age_days)
    if as_json:
        console.print_json(json.dumps(data))
    else:
        _print(console, report, data)
    overdue = report.stale or data["options_overdue"] or data["support_overdue"]
    if not report.ok or (strict and (report.to_check or overdue)):
        raise typer.Exit(1)


def _documents(folder: Path | None) -> list[Document]:
    if folder is None:
        return [*load_articles(), *load_faq()]
    documents, errors = read_folder(folder)
    if errors:
        raise ContentError(str(folder), [i for e in errors for i in _prefixed(e)])
    return documents


def _prefixed(error: ContentError) -> list[Issue]:
    return [Issue(f"{error.file}: {i.path}", i.value, i.message) for i in error.issues]


def _data(
    report: ContentReport, *, packaged: bool, today: dt.date, max_age_days: int
) -> dict[str, Any]:
    def claim(c: Any) -> dict[str, Any]:
        return {"file": c.file, "line": c.line, "text": c.text, "sources": list(c.sources)}

    options = load_options().options if packaged else ()
    return {
        "ok": report.ok,
        "documents": report.checked,
        "claims": report.claims,
        "unsourced": [claim(c) for c in report.unsourced],
        "to_check": [claim(c) for c in report.to_check],
        "overdue": [
            {
                "file": s.file,
                "last_reviewed": s.last_reviewed.isoformat(),
                "days": s.days_since_review,
            }
            for s in report.stale
        ],
        "sources": [
            {"file": u.file, "id": u.source.id, "uses": u.uses, "link": u.source.link}
            for u in report.sources
        ],
        "options_to_check": [
            {"id": o.id, "note": o.needs_check or "approval reported in trade press"}
            for o in options
            if o.needs_check or o.approval.evidence in (Evidence.TRADE_PRESS, Evidence.LOW_QUALITY)
        ],
        "options_overdue": [o.id for o in stale_options(today, max_age_days)] if packaged else [],
        "support_overdue": [k.id for k in stale_support(today, max_age_days)] if packaged else [],
    }


def _print(console: Console, report: ContentReport, data: dict[str, Any]) -> None:
    console.print(
        f"{report.checked} documents, {report.claims} clinical claims, "
        f"{len(report.unsourced)} without a source"
    )
    _table(console, "Clinical claims without a source", data["unsourced"], "red")
    _table(console, "Claims marked {check}", data["to_check"], "yellow")
    if data["overdue"] or data["options_overdue"] or data["support_overdue"]:
        table = Table("item", "last reviewed", title="Past review (over a year)")
        for row in data["overdue"]:
            table.add_row(escape(row["file"]), row["last_reviewed"])
        for option_id in data["options_overdue"]:
            table.add_row(f"options.yaml: {escape(option_id)}", "")
        for kind_id in data["support_overdue"]:
            table.add_row(f"support.yaml: {escape(kind_id)}", "")
        console.print(table)
    if data["options_to_check"]:
        table = Table("option", "to confirm", title="Options data to confirm")
        for row in data["options_to_check"]:
            table.add_row(escape(row["id"]), escape(row["note"]))
        console.print(table)
    sources = Table("file", "source", "uses", "link", title="Sources")
    for row in data["sources"]:
        uses = str(row["uses"]) if row["uses"] else "[yellow]unused[/]"
        sources.add_row(escape(row["file"]), escape(row["id"]), uses, escape(row["link"]))
    console.print(sources)
    if report.ok:
        console.print("[green]every clinical claim names a source[/]")


def _table(console: Console, title: str, rows: list[dict[str, Any]], style: str) -> None:
    if not rows:
        return
    table = Table("file:line", "claim", title=title, title_style=style)
    for row in rows:
        table.add_row(f"{escape(row['file'])}:{row['line']}", escape(row["text"]))
    console.print(table)
