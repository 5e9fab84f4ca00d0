"""``vigil news fetch`` and ``vigil news list``: the news feed (a shell).

Register with ``news_app.command("fetch")(news_fetch_command)`` and
``news_app.command("list")(news_list_command)``. ``fetch`` exits 0 unless every source
failed (each failing source is listed, never fatal), then 1; 2 when the
sources list or the database cannot be used. Run ``vigil db upgrade`` first.
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
from sqlalchemy.exc import SQLAlchemyError

from vigil.errors import VigilError
from vigil.news import (
    DEFAULT_MAX_BYTES,
    SHOW_FROM,
    FeedFetcher,
    NewsItem,
    NewsRun,
    fetch_news,
    load_sources,
)
from vigil.settings import get_settings
from vigil.store import make_engine, make_session_factory
from vigil.store._news import NewsRepository

__all__ = ["news_fetch_command", "news_list_command"]

DatabaseUrl = Annotated[
    str | None,
    typer.Option("--database-url", help="SQLAlchemy URL (default: VIGIL_DATABASE_URL)."),
]
_NO_TABLES = "the database has no news tables (run `vigil db upgrade`)"


def news_fetch_command(
    sources: Annotated[
        Path | None,
        typer.Option("--sources", help="YAML list of {name, url} (default: packaged list)."),
    ] = None,
    database_url: DatabaseUrl = None,
    timeout_s: Annotated[
        float, typer.Option("--timeout", min=0.1, help="Seconds to wait per connect/read.")
    ] = 10.0,
    max_bytes: Annotated[
        int, typer.Option("--max-bytes", min=1024, help="Largest feed read, in bytes.")
    ] = DEFAULT_MAX_BYTES,
) -> None:
    """Fetch every news source, clean and rank the stories, and store them.

    A source that fails (timeout, too large, bad XML, redirect loop) is reported and
    skipped for a while; the others are still fetched.
    """
    console = Console()
    try:
        source_list = load_sources(sources)
    except VigilError as exc:
        raise _fail(str(exc)) from None
    engine = make_engine(get_settings(database_url=database_url).database_url)
    now = dt.datetime.now(dt.UTC)
    try:
        with make_session_factory(engine)() as session:
            repository = NewsRepository(session)
            states = repository.states()
            with FeedFetcher(timeout_s=timeout_s, max_bytes=max_bytes) as fetcher:
                run = fetch_news(source_list, states, fetcher, now)
            added = repository.save_items(run.items, now)
            repository.save_states(run.states)
            session.commit()
    except SQLAlchemyError as exc:
        raise _fail(f"{_NO_TABLES}: {type(exc).__name__}") from None
    finally:
        engine.dispose()
    _print_run(console, run, added)
    if source_list and all(o.status == "error" for o in run.outcomes):
        raise typer.Exit(1)


def news_list_command(
    database_url: DatabaseUrl = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON, not a table.")] = False,
    limit: Annotated[int, typer.Option("--limit", min=1, max=500, help="Most stories.")] = 30,
    show_all: Annotated[
        bool, typer.Option("--all", help=f"Include stories scoring under {SHOW_FROM:g}.")
    ] = False,
    recent: Annotated[bool, typer.Option("--recent", help="Newest first.")] = False,
) -> None:
    """List stored stories, most relevant to breast cancer recurrence first."""
    engine = make_engine(get_settings(database_url=database_url).database_url)
    try:
        with make_session_factory(engine)() as session:
            items = NewsRepository(session).list_items(
                limit=limit,
                min_relevance=0.0 if show_all else SHOW_FROM,
                order="recent" if recent else "relevance",
            )
    except SQLAlchemyError as exc:
        raise _fail(f"{_NO_TABLES}: {type(exc).__name__}") from None
    finally:
        engine.dispose()
    console = Console()
    if as_json:
        console.print_json(json.dumps([_item_json(i) for i in items]))
        return
    table = Table("score", "published", "story", "source", "Read more", title="News")
    for item in items:
        when = item.published.date().isoformat() if item.published else ""
        also = f" (also: {', '.join(s for s, _ in item.also_reported_by)})"
        table.add_row(
            f"{item.relevance:g}",
            when,
            escape(item.title),
            escape(item.source + (also if item.also_reported_by else "")),
            escape(item.link),
        )
    console.print(table)
    console.print("News links lead to the original outlets; Vigil does not vouch for them.")


def _item_json(item: NewsItem) -> dict[str, Any]:
    return {
        "title": item.title,
        "source": item.source,
        "link": item.link,
        "published": item.published.isoformat() if item.published else None,
        "relevance": item.relevance,
        "summary_html": item.summary_html,
        "summary_text": item.summary_text,
        "also_reported_by": [{"source": s, "link": u} for s, u in item.also_reported_by],
    }


def _print_run(console: Console, run: NewsRun, added: int) -> None:
    table = Table("source", "status", "stories", "note", title="News sources")
    for outcome in run.outcomes:
        style = {"ok": "green", "not_modified": "green", "error": "red"}.get(outcome.status, "")
        status = f"[{style}]{outcome.status}[/]" if style else outcome.status
        count = f"{outcome.items}" + (f" ({outcome.dropped} dropped)" if outcome.dropped else "")
        table.add_row(escape(outcome.source.name), status, count, escape(outcome.message))
    console.print(table)
    console.print(f"{len(run.items)} distinct stories, {added} new")


def _fail(message: str) -> typer.Exit:
    Console(stderr=True).print(f"[bold red]error:[/] {escape(message)}")
    return typer.Exit(2)
