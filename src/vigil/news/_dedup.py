"""The same story from several outlets, found twice: by address, then by title.

1. **Canonical URL.** Scheme and host lowercased, a leading ``www.`` and default ports
   dropped, the fragment dropped, tracking parameters removed (``utm_*`` and the click and
   mail identifiers in :data:`TRACKING_PARAMETERS`), the rest sorted, a trailing ``/``
   dropped. Two items with the same canonical URL are one story.
2. **Normalised title.** Lowercased; a trailing `` - Outlet`` or `` | Outlet`` of at most
   five words dropped; punctuation removed; ``%`` read as ``percent``; common words
   dropped. Two titles with a Jaccard similarity (shared words / all words) of at least
   :data:`TITLE_SIMILARITY` are one story.

The first item of a story (earliest published; then the order of the sources list) is
kept; the others are listed in its ``also_reported_by`` with their own links.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import replace
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from vigil.news._model import NewsItem

__all__ = [
    "TITLE_SIMILARITY",
    "TRACKING_PARAMETERS",
    "canonical_url",
    "deduplicate",
    "same_story",
    "title_words",
]

TITLE_SIMILARITY = 0.75
TRACKING_PARAMETERS = frozenset(
    {
        "fbclid", "gclid", "dclid", "msclkid", "yclid", "igshid", "mc_cid", "mc_eid",
        "_hsenc", "_hsmi", "mkt_tok", "ref", "ref_src", "cmpid", "ncid", "ocid", "icid",
        "s_cid", "spm", "sr_share", "share", "cmp", "at_medium", "at_campaign", "rss",
    }
)  # fmt: skip
_OUTLET_SUFFIX = re.compile(r"\s+[-–—|]\s+(?:\S+\s*){1,5}$")
_STOP_WORDS = "a an and as at by for from in into is of on or the to with"
_STOP = frozenset(_STOP_WORDS.split())
_EPOCH = dt.datetime.min.replace(tzinfo=dt.UTC)


def canonical_url(url: str) -> str:
    """``url`` without tracking parameters, fragment, ``www.`` or trailing slash."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    default = {"http": 80, "https": 443}.get(parts.scheme.lower())
    if parts.port is not None and parts.port != default:
        host = f"{host}:{parts.port}"
    query = sorted(
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if not key.lower().startswith("utm_") and key.lower() not in TRACKING_PARAMETERS
    )
    path = parts.path.rstrip("/") if parts.path not in ("", "/") else ""
    return urlunsplit((parts.scheme.lower(), host, path, urlencode(query), ""))


def title_words(title: str) -> frozenset[str]:
    """The words that identify a story in its title (see the module notes)."""
    text = _OUTLET_SUFFIX.sub("", title).lower().replace("%", " percent ")
    return frozenset(w for w in re.findall(r"[a-z0-9]+", text) if w not in _STOP)


def same_story(a: NewsItem, b: NewsItem) -> bool:
    """True when two items are the same story by canonical URL or title similarity."""
    if a.canonical_url == b.canonical_url:
        return True
    words_a, words_b = title_words(a.title), title_words(b.title)
    if len(words_a) < 3 or len(words_b) < 3:
        return False
    return len(words_a & words_b) / len(words_a | words_b) >= TITLE_SIMILARITY


def deduplicate(items: Iterable[NewsItem]) -> list[NewsItem]:
    """One item per story, the others folded into its ``also_reported_by``."""
    ordered = sorted(enumerate(items), key=lambda pair: (pair[1].published or _EPOCH, pair[0]))
    kept: list[NewsItem] = []
    for _, item in ordered:
        for index, existing in enumerate(kept):
            if same_story(existing, item):
                if item.source != existing.source or item.link != existing.link:
                    also = (*existing.also_reported_by, (item.source, item.link))
                    kept[index] = replace(existing, also_reported_by=also)
                break
        else:
            kept.append(item)
    return kept
