"""News values: a source, a cleaned item, per-source fetch state and outcome."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

__all__ = ["NewsItem", "NewsSource", "SourceOutcome", "SourceState"]


class NewsSource(BaseModel):
    """An outlet's feed: a display name and an http(s) feed address."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=100)
    url: str = Field(max_length=2000)

    @field_validator("url")
    @classmethod
    def _http_only(cls, url: str) -> str:
        if not url.startswith(("https://", "http://")):
            msg = f"'url' must start with https:// or http:// (got {url!r})"
            raise ValueError(msg)
        return url


@dataclass(frozen=True, slots=True)
class NewsItem:
    """One story, cleaned: plain-text title, allow-listed summary HTML, original link.

    ``canonical_url`` is the link without tracking parameters (the de-duplication key);
    ``also_reported_by`` names other outlets that ran the same story, with their links.
    """

    source: str
    title: str
    link: str
    canonical_url: str
    summary_html: str
    summary_text: str
    published: dt.datetime | None
    relevance: float
    also_reported_by: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class SourceState:
    """What is remembered about a source between runs (stored by the repository)."""

    url: str
    etag: str | None = None
    last_modified: str | None = None
    failures: int = 0
    retry_after: dt.datetime | None = None
    last_error: str | None = None
    last_fetched_at: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class SourceOutcome:
    """How one source fared in one run: never an exception, always a line."""

    source: NewsSource
    status: Literal["ok", "not_modified", "error", "backing_off"]
    items: int = 0
    dropped: int = 0
    message: str = ""
    state: SourceState = field(default_factory=lambda: SourceState(""))
