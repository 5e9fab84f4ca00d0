"""News items and per-source fetch state: tables and the repository.

News is public material, not patient data: no actor and no audit trail. Stories already
stored are merged with new copies (same canonical URL, or a similar title among the
recent items) so an outlet re-running a story adds to ``also_reported_by`` instead of
adding a row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, Literal

from sqlalchemy import JSON, DateTime, Float, Integer, String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from vigil.news import NewsItem, SourceState, same_story
from vigil.news._rank import SHOW_FROM
from vigil.store._models import Base

__all__ = ["NewsItemRecord", "NewsRepository", "NewsSourceRecord"]

_RECENT_FOR_TITLE_MATCH = 500


class NewsItemRecord(Base):
    """One story, cleaned before it is stored (``summary_html`` is allow-listed HTML)."""

    __tablename__ = "news_item"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    canonical_url: Mapped[str] = mapped_column(String(2000), unique=True, index=True)
    link: Mapped[str] = mapped_column(String(2000))
    source: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(300))
    summary_html: Mapped[str] = mapped_column(Text)
    summary_text: Mapped[str] = mapped_column(Text)
    published_at: Mapped[dt.datetime | None] = mapped_column(
        DateTime(timezone=True), nullable=True, index=True
    )
    fetched_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    relevance: Mapped[float] = mapped_column(Float)
    also_reported_by: Mapped[list[Any]] = mapped_column(JSON)


class NewsSourceRecord(Base):
    """What is remembered about a feed between runs: validators, failures, backoff."""

    __tablename__ = "news_source"

    url: Mapped[str] = mapped_column(String(2000), primary_key=True)
    etag: Mapped[str | None] = mapped_column(String(500), nullable=True)
    last_modified: Mapped[str | None] = mapped_column(String(100), nullable=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    retry_after: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    last_error: Mapped[str | None] = mapped_column(String(500), nullable=True)
    last_fetched_at: Mapped[dt.datetime | None] = mapped_column(
        DateTime(timezone=True), nullable=True
    )


def _utc(value: dt.datetime | None) -> dt.datetime | None:
    # SQLite hands timezone-aware columns back naive; they were stored as UTC.
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=dt.UTC)


def _to_core(record: NewsItemRecord) -> NewsItem:
    return NewsItem(
        source=record.source,
        title=record.title,
        link=record.link,
        canonical_url=record.canonical_url,
        summary_html=record.summary_html,
        summary_text=record.summary_text,
        published=_utc(record.published_at),
        relevance=record.relevance,
        also_reported_by=tuple((str(s), str(u)) for s, u in record.also_reported_by),
    )


class NewsRepository:
    """Every read and write of news goes through here; the caller commits."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def states(self) -> dict[str, SourceState]:
        """The stored state of every source, by feed URL."""
        return {
            r.url: SourceState(
                url=r.url,
                etag=r.etag,
                last_modified=r.last_modified,
                failures=r.failures,
                retry_after=_utc(r.retry_after),
                last_error=r.last_error,
                last_fetched_at=_utc(r.last_fetched_at),
            )
            for r in self._session.scalars(select(NewsSourceRecord))
        }

    def save_states(self, states: Iterable[SourceState]) -> None:
        for state in states:
            record = self._session.get(NewsSourceRecord, state.url) or NewsSourceRecord(
                url=state.url
            )
            record.etag = state.etag[:500] if state.etag else None
            record.last_modified = state.last_modified[:100] if state.last_modified else None
            record.failures = state.failures
            record.retry_after = state.retry_after
            record.last_error = state.last_error
            record.last_fetched_at = state.last_fetched_at
            self._session.add(record)

    def save_items(self, items: Iterable[NewsItem], fetched_at: dt.datetime) -> int:
        """Store new stories, fold repeats into stored ones; returns how many were new."""
        recent = list(
            self._session.scalars(
                select(NewsItemRecord)
                .order_by(NewsItemRecord.fetched_at.desc(), NewsItemRecord.id.desc())
                .limit(_RECENT_FOR_TITLE_MATCH)
            )
        )
        added = 0
        for item in items:
            existing = self._session.scalar(
                select(NewsItemRecord).where(NewsItemRecord.canonical_url == item.canonical_url)
            ) or next((r for r in recent if same_story(_to_core(r), item)), None)
            if existing is None:
                record = _record(item, fetched_at)
                self._session.add(record)
                recent.append(record)
                added += 1
            else:
                _merge(existing, item)
        self._session.flush()
        return added

    def list_items(
        self,
        *,
        limit: int = 50,
        min_relevance: float = SHOW_FROM,
        order: Literal["relevance", "recent"] = "relevance",
    ) -> list[NewsItem]:
        """Stored stories at or above ``min_relevance``, most relevant (or newest) first."""
        newest = NewsItemRecord.published_at.desc().nulls_last()
        query = select(NewsItemRecord).where(NewsItemRecord.relevance >= min_relevance)
        if order == "relevance":
            query = query.order_by(NewsItemRecord.relevance.desc(), newest)
        else:
            query = query.order_by(newest, NewsItemRecord.fetched_at.desc())
        return [_to_core(r) for r in self._session.scalars(query.limit(limit))]


def _record(item: NewsItem, fetched_at: dt.datetime) -> NewsItemRecord:
    return NewsItemRecord(
        canonical_url=item.canonical_url,
        link=item.link,
        source=item.source[:100],
        title=item.title[:300],
        summary_html=item.summary_html,
        summary_text=item.summary_text,
        published_at=item.published,
        fetched_at=fetched_at,
        relevance=item.relevance,
        also_reported_by=[list(pair) for pair in item.also_reported_by],
    )


def _merge(record: NewsItemRecord, item: NewsItem) -> None:
    known = {(str(s), str(u)) for s, u in record.also_reported_by}
    known.add((record.source, record.link))
    extra = [(item.source, item.link), *item.also_reported_by]
    additions = [list(pair) for pair in extra if pair not in known]
    if additions:
        record.also_reported_by = [*record.also_reported_by, *additions]
