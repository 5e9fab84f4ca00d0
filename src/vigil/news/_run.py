"""One news run: fetch every source (with per-source backoff), parse, clean, rank, merge.

A bad source never stops the run: its error is recorded in its :class:`SourceOutcome`
and its state, and the run goes on. After a failure a source is skipped until
``retry_after``: 15 minutes after the first failure, doubling with each further
consecutive failure, at most 24 hours (:func:`backoff`). A success resets the count and
stores the ETag and Last-Modified for the next conditional request.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from vigil.errors import VigilError
from vigil.news._dedup import deduplicate
from vigil.news._fetch import FeedFetcher, FetchError
from vigil.news._model import NewsItem, NewsSource, SourceOutcome, SourceState
from vigil.news._parse import parse_feed

__all__ = ["BACKOFF_CAP", "BACKOFF_FIRST", "NewsRun", "backoff", "fetch_news", "rank"]

BACKOFF_FIRST = dt.timedelta(minutes=15)
BACKOFF_CAP = dt.timedelta(hours=24)
_MAX_ERROR_CHARS = 500


@dataclass(frozen=True, slots=True)
class NewsRun:
    items: tuple[NewsItem, ...]
    outcomes: tuple[SourceOutcome, ...]

    @property
    def states(self) -> tuple[SourceState, ...]:
        return tuple(outcome.state for outcome in self.outcomes)


def backoff(failures: int) -> dt.timedelta:
    """How long to leave a source alone after ``failures`` consecutive failures (>= 1)."""
    doublings = min(max(failures - 1, 0), 16)
    return min(BACKOFF_FIRST * (1 << doublings), BACKOFF_CAP)


def rank(items: Iterable[NewsItem]) -> list[NewsItem]:
    """Most relevant first; then newest; undated last."""
    return sorted(
        items,
        key=lambda i: (-i.relevance, -(i.published.timestamp() if i.published else 0.0)),
    )


def fetch_news(
    sources: Iterable[NewsSource],
    states: Mapping[str, SourceState],
    fetcher: FeedFetcher,
    now: dt.datetime,
) -> NewsRun:
    """Fetch, parse and merge every source; ``states`` by source URL; ``now`` in UTC."""
    if now.tzinfo is None:
        msg = "'now' must be timezone-aware (UTC)"
        raise VigilError(msg)
    outcomes: list[SourceOutcome] = []
    found: list[NewsItem] = []
    for source in sources:
        outcome = _one(source, states.get(source.url) or SourceState(source.url), fetcher, now)
        outcomes.append(outcome[0])
        found += outcome[1]
    return NewsRun(tuple(rank(deduplicate(found))), tuple(outcomes))


def _one(
    source: NewsSource, state: SourceState, fetcher: FeedFetcher, now: dt.datetime
) -> tuple[SourceOutcome, list[NewsItem]]:
    if state.retry_after is not None and now < state.retry_after:
        message = (
            f"skipped until {state.retry_after:%Y-%m-%d %H:%M} UTC "
            f"after {state.failures} failure(s)"
        )
        return SourceOutcome(source, "backing_off", message=message, state=state), []
    try:
        fetched = fetcher.fetch(source.url, etag=state.etag, last_modified=state.last_modified)
    except FetchError as exc:
        return _failed(source, state, str(exc), now), []
    if fetched.status == "not_modified":
        ok = replace(state, failures=0, retry_after=None, last_error=None, last_fetched_at=now)
        return SourceOutcome(source, "not_modified", state=ok), []
    try:
        parsed = parse_feed(fetched.content, source, now)
    except Exception as exc:  # a hostile document must not stop the run
        return _failed(source, state, f"could not parse: {type(exc).__name__}", now), []
    if parsed.error is not None:
        return _failed(source, state, parsed.error, now), []
    ok = SourceState(
        source.url,
        etag=fetched.etag,
        last_modified=fetched.last_modified,
        last_fetched_at=now,
    )
    outcome = SourceOutcome(
        source, "ok", len(parsed.items), parsed.dropped, parsed.warning or "", ok
    )
    return outcome, list(parsed.items)


def _failed(source: NewsSource, state: SourceState, error: str, now: dt.datetime) -> SourceOutcome:
    failures = state.failures + 1
    failed = replace(
        state,
        failures=failures,
        retry_after=now + backoff(failures),
        last_error=error[:_MAX_ERROR_CHARS],
    )
    return SourceOutcome(source, "error", message=error, state=failed)
