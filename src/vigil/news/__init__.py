"""A safe news feed about breast cancer recurrence.

Core (no network): parse feeds (feedparser), clean their HTML to a small allow-list (nh3),
de-duplicate stories across outlets, rank by a documented keyword model. Shell: the
fetcher (httpx2, through an injectable transport) and the run with per-source backoff.
Storage is :mod:`vigil.store._news`. Details and limits: ``docs/knowledge.md``.
"""

from vigil.news._clean import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, clean_html, plain, safe_link
from vigil.news._dedup import TITLE_SIMILARITY, canonical_url, deduplicate, same_story
from vigil.news._fetch import DEFAULT_MAX_BYTES, FeedFetcher, Fetched, FetchError
from vigil.news._model import NewsItem, NewsSource, SourceOutcome, SourceState
from vigil.news._parse import ParsedFeed, parse_feed
from vigil.news._rank import SHOW_FROM, relevance
from vigil.news._run import BACKOFF_CAP, BACKOFF_FIRST, NewsRun, backoff, fetch_news, rank
from vigil.news._sources import load_sources

__all__ = [
    "ALLOWED_ATTRIBUTES",
    "ALLOWED_TAGS",
    "BACKOFF_CAP",
    "BACKOFF_FIRST",
    "DEFAULT_MAX_BYTES",
    "SHOW_FROM",
    "TITLE_SIMILARITY",
    "FeedFetcher",
    "FetchError",
    "Fetched",
    "NewsItem",
    "NewsRun",
    "NewsSource",
    "ParsedFeed",
    "SourceOutcome",
    "SourceState",
    "backoff",
    "canonical_url",
    "clean_html",
    "deduplicate",
    "fetch_news",
    "load_sources",
    "parse_feed",
    "plain",
    "rank",
    "relevance",
    "safe_link",
    "same_story",
]
