"""Refresh the news while the web app runs (a shell: it reads the clock and the network).

A daemon thread fetches every ``minutes``; a failing source is backed off by the fetcher's
own per-source rules, and an exception never stops the loop. Without network the page
keeps what it has and says when it was last refreshed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import threading

import httpx2
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from vigil.errors import VigilError
from vigil.news._fetch import FeedFetcher
from vigil.news._run import fetch_news
from vigil.news._sources import load_sources
from vigil.store import NewsRepository, make_session_factory

__all__ = ["refresh_once", "start_refresher"]


def refresh_once(engine: Engine, transport: httpx2.BaseTransport | None = None) -> int:
    """Fetch every packaged source once and store the stories; returns how many were new.

    ``transport`` replaces the network (tests pass one; the app passes none).
    """
    sessions = make_session_factory(engine)
    now = dt.datetime.now(dt.UTC)
    with sessions() as session:
        repository = NewsRepository(session)
        with FeedFetcher(transport=transport) as fetcher:
            run = fetch_news(load_sources(None), repository.states(), fetcher, now)
        added = repository.save_items(run.items, now)
        repository.save_states(run.states)
        session.commit()
    return added


def start_refresher(engine: Engine, minutes: float) -> threading.Event:
    """Refresh now and every ``minutes``; set the returned event to stop."""
    stop = threading.Event()

    def loop() -> None:
        while not stop.is_set():
            # A failure is recorded per source where it could be; try again next round.
            with contextlib.suppress(VigilError, SQLAlchemyError, OSError):
                refresh_once(engine)
            stop.wait(minutes * 60)

    threading.Thread(target=loop, name="vigil-news", daemon=True).start()
    return stop
