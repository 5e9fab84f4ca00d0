"""Cleaning feed HTML to a small allow-list, and feed text to plain text.

Allowed tags: ``p br a em strong b i ul ol li blockquote``; allowed attribute: ``href`` on
``a``, only with ``http``/``https`` (relative links are resolved against the feed's
address). Everything else goes: ``<script>`` and ``<style>`` with their contents, event
handlers (``onclick``), ``style``, ``javascript:``/``data:`` URLs, images (so tracking
pixels), iframes, forms and comments. Links get ``rel="nofollow noopener noreferrer"``.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urljoin, urlsplit

import nh3

__all__ = [
    "ALLOWED_ATTRIBUTES",
    "ALLOWED_TAGS",
    "MAX_SUMMARY_CHARS",
    "clean_html",
    "plain",
    "safe_link",
]

ALLOWED_TAGS = frozenset({"p", "br", "a", "em", "strong", "b", "i", "ul", "ol", "li", "blockquote"})
ALLOWED_ATTRIBUTES = {"a": {"href"}}
MAX_SUMMARY_CHARS = 1200
_DROP_WITH_CONTENT = {"script", "style", "noscript", "template", "iframe", "object", "svg"}
_LINK_REL = "nofollow noopener noreferrer"


def plain(fragment: str, limit: int | None = None) -> str:
    """The text of an HTML fragment: tags and script contents dropped, entities decoded,
    white space collapsed, cut at ``limit`` characters on a word boundary."""
    text = nh3.clean(fragment, tags=set(), clean_content_tags=_DROP_WITH_CONTENT)
    text = " ".join(html.unescape(text).split())
    if limit is not None and len(text) > limit:
        text = text[: limit - 1].rsplit(" ", 1)[0] + "…"
    return text


def clean_html(fragment: str, base_url: str) -> str:
    """A summary's HTML reduced to the allow-list; long summaries become escaped text."""
    cleaned = nh3.clean(
        fragment,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=_DROP_WITH_CONTENT,
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes={"http", "https"},
        link_rel=_LINK_REL,
        strip_comments=True,
        url_relative=("rewrite_with_base", base_url) if safe_link(base_url) else "deny",
    ).strip()
    if len(cleaned) > MAX_SUMMARY_CHARS:
        return f"<p>{html.escape(plain(fragment, MAX_SUMMARY_CHARS // 2))}</p>"
    return cleaned


_HOST = re.compile(r"^[a-z0-9.-]+$")


def safe_link(url: str, base_url: str | None = None) -> str | None:
    """An absolute http(s) address for ``url`` (resolved against ``base_url``), or None."""
    candidate = urljoin(base_url, url.strip()) if base_url else url.strip()
    parts = urlsplit(candidate)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    if not _HOST.match(parts.hostname) or any(c.isspace() for c in candidate):
        return None
    return candidate
