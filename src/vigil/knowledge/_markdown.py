"""The small Markdown subset Vigil's content uses, rendered to safe HTML.

Blocks: ``##``/``###``/``####`` headings, paragraphs, ``-`` lists and ``1.`` lists (a line
indented by two spaces continues the item above). Inline: ``**strong**``, ``*emphasis*``,
``[text](url)``, source markers ``[^id]`` and the review marker ``{check}``. Everything
else is text: every character that is not markup is HTML-escaped, so raw HTML in a file is
shown, never run. Links are kept only when they are ``http(s)://`` or site-relative
(``/me/plan``, ``#part``); any other link (``javascript:``, ``data:``, ``//host``) becomes
plain text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape
from typing import Literal

__all__ = [
    "CHECK_MARKER",
    "INLINE",
    "SOURCE_MARKER",
    "Block",
    "is_safe_url",
    "parse_blocks",
    "plain_text",
    "render_blocks",
    "render_inline",
]

CHECK_MARKER = "{check}"
SOURCE_MARKER = re.compile(r"\[\^([a-z0-9][a-z0-9-]*)\]")
INLINE = re.compile(
    r"\[\^(?P<ref>[a-z0-9][a-z0-9-]*)\]"
    r"|\[(?P<text>[^\]\^][^\]]*)\]\((?P<url>[^)\s]*)\)"
    r"|\*\*(?P<strong>[^*]+)\*\*"
    r"|\*(?P<em>[^*\s][^*]*)\*"
    r"|(?P<check>\{check\})"
)
_HEADING = re.compile(r"^(#{1,4})\s+(.*)$")
_BULLET = re.compile(r"^[-*]\s+(.*)$")
_NUMBERED = re.compile(r"^\d{1,3}\.\s+(.*)$")
_SAFE_ABSOLUTE = re.compile(r"^https?://[A-Za-z0-9.-]+(?::\d+)?(?:[/?#][^\s\\<>\"']*)?$")
_SAFE_RELATIVE = re.compile(r"^(?:/(?!/)|#)[^\s\\<>\"':]*$")


@dataclass(frozen=True, slots=True)
class Block:
    """One block of the body; ``line`` is its first line, counted from 1 in the body."""

    kind: Literal["heading", "paragraph", "ul", "ol"]
    items: tuple[str, ...]  # the heading or paragraph text, or the list items
    line: int
    level: int = 0  # heading level: number of '#'


def is_safe_url(url: str) -> bool:
    """True for ``http(s)://host/...`` and site-relative links; nothing else is linked."""
    return bool(_SAFE_ABSOLUTE.match(url) or _SAFE_RELATIVE.match(url))


def parse_blocks(body: str) -> list[Block]:
    """Split a body into headings, paragraphs and lists (each list item one string)."""
    blocks: list[Block] = []
    current: list[str] = []
    kind: Literal["paragraph", "ul", "ol"] | None = None
    start = 0

    def close() -> None:
        nonlocal current, kind
        if kind is not None and current:
            blocks.append(Block(kind, tuple(" ".join(i.split()) for i in current), start))
        current, kind = [], None

    for number, raw in enumerate(body.splitlines(), start=1):
        line = raw.rstrip()
        stripped = line.strip()
        heading = _HEADING.match(stripped)
        bullet, numbered = _BULLET.match(line), _NUMBERED.match(line)
        if not stripped:
            close()
        elif heading:
            close()
            blocks.append(Block("heading", (heading.group(2).strip(),), number, len(heading[1])))
        elif bullet or numbered:
            item_kind: Literal["ul", "ol"] = "ul" if bullet else "ol"
            if kind != item_kind:
                close()
                kind, start = item_kind, number
            current.append(bullet[1] if bullet else numbered[1] if numbered else "")
        elif kind in ("ul", "ol") and line.startswith("  ") and current:
            current[-1] += " " + stripped
        else:
            if kind != "paragraph":
                close()
                kind, start, current = "paragraph", number, [""]
            current[-1] += " " + stripped
    close()
    return blocks


def render_inline(text: str, refs: Mapping[str, int]) -> str:
    """Inline Markdown as HTML; ``refs`` numbers each source id (unknown ids show '?')."""
    out: list[str] = []
    position = 0
    for match in INLINE.finditer(text):
        out.append(escape(text[position : match.start()]))
        position = match.end()
        if match["ref"] is not None:
            ref = match["ref"]
            number = refs.get(ref)
            label = f"[{number}]" if number is not None else "[?]"
            out.append(f'<sup class="ref"><a href="#source-{escape(ref)}">{label}</a></sup>')
        elif match["url"] is not None:
            inner = render_inline(match["text"], refs)
            url = match["url"]
            if is_safe_url(url):
                rel = ' rel="noopener noreferrer"' if url.startswith("http") else ""
                out.append(f'<a href="{escape(url)}"{rel}>{inner}</a>')
            else:
                out.append(inner)
        elif match["strong"] is not None:
            out.append(f"<strong>{render_inline(match['strong'], refs)}</strong>")
        elif match["em"] is not None:
            out.append(f"<em>{render_inline(match['em'], refs)}</em>")
        else:
            out.append('<span class="claim-check">(being checked)</span>')
    out.append(escape(text[position:]))
    return "".join(out)


def render_blocks(blocks: Sequence[Block], refs: Mapping[str, int]) -> str:
    """Blocks as HTML; body headings start at ``<h2>`` (the page title is the ``<h1>``)."""
    html: list[str] = []
    for block in blocks:
        if block.kind == "heading":
            level = min(max(block.level, 2), 4)
            html.append(f"<h{level}>{render_inline(block.items[0], refs)}</h{level}>")
        elif block.kind == "paragraph":
            html.append(f"<p>{render_inline(block.items[0].strip(), refs)}</p>")
        else:
            items = "".join(f"<li>{render_inline(i.strip(), refs)}</li>" for i in block.items)
            html.append(f"<{block.kind}>{items}</{block.kind}>")
    return "\n".join(html)


def plain_text(text: str) -> str:
    """Inline Markdown as the words a reader sees: markers dropped, link text kept."""

    def words(match: re.Match[str]) -> str:
        if match["ref"] is not None or match["check"] is not None:
            return ""
        return plain_text(match["text"] or match["strong"] or match["em"] or "")

    return " ".join(INLINE.sub(words, text).split())
