"""Parsing a feed's bytes into cleaned, ranked items (no network: bytes in, items out).

feedparser reads RSS and Atom, and tolerates broken XML (it then sets ``bozo``). A
document it cannot read at all, or one declaring XML entities (``<!ENTITY``: the "billion
laughs" and external-entity attacks), is refused with a message. Each entry becomes a
:class:`NewsItem` only if it has a title and an http(s) link to the original; others are
counted as dropped. At most :data:`MAX_ITEMS_PER_FEED` entries are read.
"""

from __future__ import annotations

import calendar
import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

import feedparser  # type: ignore[import-untyped]  # ships no type information

from vigil.news._clean import clean_html, plain, safe_link
from vigil.news._dedup import canonical_url
from vigil.news._model import NewsItem, NewsSource
from vigil.news._rank import relevance

__all__ = ["MAX_ITEMS_PER_FEED", "MAX_TITLE_CHARS", "ParsedFeed", "parse_feed"]

MAX_ITEMS_PER_FEED = 200
MAX_TITLE_CHARS = 300
_SUMMARY_TEXT_CHARS = 500
_FUTURE_SLACK = dt.timedelta(days=1)


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    items: tuple[NewsItem, ...]
    dropped: int
    error: str | None = None
    warning: str | None = None


def parse_feed(content: bytes, source: NewsSource, now: dt.datetime) -> ParsedFeed:
    """The items of one feed document; ``now`` (UTC) caps publication dates."""
    if b"<!ENTITY" in content[:65536].upper():
        return ParsedFeed((), 0, "refused: the document declares XML entities")
    # A stream, never a string: feedparser fetches strings that look like URLs.
    parsed: Any = feedparser.parse(
        io.BytesIO(content),
        response_headers={"content-location": source.url, "content-type": "application/xml"},
        resolve_relative_uris=True,
        sanitize_html=True,
    )
    entries = list(parsed.entries)[:MAX_ITEMS_PER_FEED]
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if not entries:
        reason = f": {_describe(problem)}" if problem is not None else ""
        return ParsedFeed((), 0, f"not a readable feed{reason}" if problem else None)
    items: list[NewsItem] = []
    for entry in entries:
        item = _item(entry, source, now)
        if item is not None:
            items.append(item)
    warning = f"feed is not well-formed ({_describe(problem)})" if problem is not None else None
    return ParsedFeed(tuple(items), len(entries) - len(items), None, warning)


def _describe(problem: Any) -> str:
    return " ".join(str(problem).split())[:200] or type(problem).__name__


def _item(entry: Any, source: NewsSource, now: dt.datetime) -> NewsItem | None:
    title = plain(str(entry.get("title", "")), MAX_TITLE_CHARS)
    link = safe_link(str(entry.get("link", "")), source.url)
    if not title or link is None:
        return None
    raw_summary = str(entry.get("summary", ""))
    content = entry.get("content")
    if not raw_summary and content:
        raw_summary = str(content[0].get("value", ""))
    summary_html = clean_html(raw_summary, link)
    summary_text = plain(raw_summary, _SUMMARY_TEXT_CHARS)
    return NewsItem(
        source=source.name,
        title=title,
        link=link,
        canonical_url=canonical_url(link),
        summary_html=summary_html,
        summary_text=summary_text,
        published=_published(entry, now),
        relevance=relevance(title, summary_text),
    )


def _published(entry: Any, now: dt.datetime) -> dt.datetime | None:
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    if stamp is None:
        return None
    try:
        when = dt.datetime.fromtimestamp(calendar.timegm(stamp), tz=dt.UTC)
    except (OverflowError, ValueError, OSError):
        return None
    return None if when > now + _FUTURE_SLACK else when
