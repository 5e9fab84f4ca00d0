"""A whole run against the hostile server, stored through the repository.

Every hostile source is survived (its error recorded, the run goes on); nothing unsafe is
stored; duplicates across feeds become one row; the second run sends conditional requests
and leaves failing sources alone while they back off.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.conftest import fresh_database_url
from tests.news import feeds
from tests.news.conftest import FeedServer, conditional, drip, huge, redirect, send
from vigil.news import FeedFetcher, NewsRun, NewsSource, backoff, fetch_news, parse_feed
from vigil.store import Base, make_engine, make_session_factory, upgrade
from vigil.store._news import NewsItemRecord, NewsRepository

NOW = dt.datetime(2026, 11, 25, 12, tzinfo=dt.UTC)
UNSAFE = re.compile(
    r"<\s*(script|img|iframe|svg|style|form|input|object)|javascript:|data:|\son\w+\s*=|style=",
    re.IGNORECASE,
)


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Session]:
    url = fresh_database_url(tmp_path)
    upgrade(url)
    engine = make_engine(url)
    with make_session_factory(engine)() as session:
        yield session
    engine.dispose()


def _hostile_sources(server: FeedServer) -> list[NewsSource]:
    modified = "Tue, 24 Nov 2026 10:00:00 GMT"
    server.routes.update(
        {
            "/good": conditional(feeds.GOOD, '"good-1"', modified),
            "/hostile": send(200, feeds.HOSTILE),
            "/dup-a": send(200, feeds.DUPLICATE_A),
            "/dup-b": send(200, feeds.DUPLICATE_B),
            "/malformed": send(200, feeds.MALFORMED),
            "/entities": send(200, feeds.ENTITY_BOMB),
            "/huge": huge(server, "/huge", declare_length=False),
            "/loop": redirect("/loop"),
            "/slow": drip(0.05, 40),
            "/error": send(503, b"down"),
        }
    )
    return [NewsSource(name=path.strip("/"), url=server.url(path)) for path in server.routes]


def _run(server: FeedServer, repository: NewsRepository, now: dt.datetime) -> NewsRun:
    with FeedFetcher(trust_env=False, timeout_s=0.5, deadline_s=0.5) as fetcher:
        run = fetch_news(_hostile_sources(server), repository.states(), fetcher, now)
    repository.save_items(run.items, now)
    repository.save_states(run.states)
    return run


def test_the_run_survives_every_hostile_source(feed_server: FeedServer, session: Session) -> None:
    repository = NewsRepository(session)
    run = _run(feed_server, repository, NOW)
    session.commit()
    status = {o.source.name: (o.status, o.message) for o in run.outcomes}
    assert {name for name, (s, _) in status.items() if s == "ok"} == {
        "good", "hostile", "dup-a", "dup-b",
    }  # fmt: skip
    assert status["malformed"][1].startswith("not a readable feed")
    assert status["entities"][1] == "refused: the document declares XML entities"
    assert status["huge"][1] == "too large: cut at 2,097,152 bytes"
    assert status["loop"][1] == "too many redirects"
    assert status["slow"][1].startswith("timed out")
    assert status["error"][1] == "HTTP 503"

    stored = list(session.scalars(select(NewsItemRecord)))
    for record in stored:
        assert not UNSAFE.search(record.summary_html), record.summary_html
        assert not UNSAFE.search(record.title)
        assert record.link.startswith(("https://", "http://"))
    titles = sorted(r.title for r in stored)
    assert "Breast cancer relapse study" in titles
    # Three copies of the Roche story (two addresses, one reworded title): one row.
    roche = [r for r in stored if "Roche" in r.title]
    assert len(roche) == 1
    assert roche[0].source == "dup-a"
    assert {pair[0] for pair in roche[0].also_reported_by} == {"dup-b"}
    assert len(roche[0].also_reported_by) == 2


def test_states_conditional_get_and_backoff(feed_server: FeedServer, session: Session) -> None:
    repository = NewsRepository(session)
    _run(feed_server, repository, NOW)
    session.commit()
    states = repository.states()
    good = states[feed_server.url("/good")]
    assert (good.etag, good.failures, good.last_fetched_at) == ('"good-1"', 0, NOW)
    loop = states[feed_server.url("/loop")]
    assert (loop.failures, loop.last_error) == (1, "too many redirects")
    assert loop.retry_after == NOW + dt.timedelta(minutes=15)

    feed_server.requests.clear()
    later = NOW + dt.timedelta(minutes=5)
    run = _run(feed_server, repository, later)
    session.commit()
    by_name = {o.source.name: o for o in run.outcomes}
    assert by_name["good"].status == "not_modified"
    assert by_name["loop"].status == "backing_off"
    asked = {path for path, _ in feed_server.requests}
    assert "/loop" not in asked
    assert "/huge" not in asked
    good_request = next(h for p, h in feed_server.requests if p == "/good")
    assert good_request["If-None-Match"] == '"good-1"'

    much_later = NOW + dt.timedelta(hours=1)
    _run(feed_server, repository, much_later)
    session.commit()
    assert repository.states()[feed_server.url("/loop")].failures == 2
    assert repository.states()[feed_server.url("/loop")].retry_after == much_later + backoff(2)


def test_backoff_doubles_and_is_capped() -> None:
    assert [backoff(n).total_seconds() / 60 for n in (1, 2, 3)] == [15, 30, 60]
    assert backoff(50) == dt.timedelta(hours=24)


def test_list_orders_by_relevance_and_filters(feed_server: FeedServer, session: Session) -> None:
    repository = NewsRepository(session)
    _run(feed_server, repository, NOW)
    session.commit()
    shown = repository.list_items()
    assert shown
    assert [i.relevance for i in shown] == sorted((i.relevance for i in shown), reverse=True)
    assert "Hospital opens new car park" not in {i.title for i in shown}
    everything = repository.list_items(min_relevance=0.0, order="recent")
    assert "Hospital opens new car park" in {i.title for i in everything}
    assert all(i.published is None or i.published.tzinfo is not None for i in everything)


def test_a_story_seen_again_later_is_merged_not_duplicated(session: Session) -> None:
    repository = NewsRepository(session)
    source_a = NewsSource(name="A", url="https://a.example/feed")
    source_b = NewsSource(name="B", url="https://b.example/feed")

    first = parse_feed(feeds.DUPLICATE_A, source_a, NOW).items
    second = parse_feed(feeds.DUPLICATE_B, source_b, NOW).items
    assert repository.save_items(first, NOW) == 1
    assert repository.save_items(second, NOW + dt.timedelta(hours=1)) == 0
    session.commit()
    (record,) = session.scalars(select(NewsItemRecord))
    assert [pair[0] for pair in record.also_reported_by] == ["B", "B"]


def test_migration_builds_the_news_tables(tmp_path: Path) -> None:
    url = fresh_database_url(tmp_path)
    upgrade(url)
    engine = make_engine(url)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    engine.dispose()
    assert differences == []


def test_scheduled_refresh_survives_an_unreachable_network(tmp_path: Path) -> None:
    """Every source failing (no socket is opened: the transport refuses) is recorded."""
    import httpx2

    from vigil.news._scheduler import refresh_once
    from vigil.store import NewsRepository, make_engine, make_session_factory, upgrade

    def refuse(request: httpx2.Request) -> httpx2.Response:
        raise httpx2.ConnectError("no network in tests", request=request)

    url = f"sqlite:///{tmp_path / 'news.db'}"
    upgrade(url)
    engine = make_engine(url)
    assert refresh_once(engine, transport=httpx2.MockTransport(refuse)) == 0
    with make_session_factory(engine)() as session:
        states = NewsRepository(session).states()
    engine.dispose()
    assert states
    assert all(state.failures >= 1 and state.last_error for state in states.values())
