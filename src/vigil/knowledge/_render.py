"""A document as safe HTML (body, then its numbered sources), and as plain text units."""

from __future__ import annotations

from html import escape

from vigil.knowledge._document import Document
from vigil.knowledge._markdown import SOURCE_MARKER, parse_blocks, plain_text, render_blocks
from vigil.knowledge._readability import Readability, readability

__all__ = ["document_readability", "plain_units", "render_html"]


def render_html(document: Document) -> str:
    """The body as HTML, then a "Sources" list numbered as the markers are, then the review
    line. Every value is escaped; the caller may mark the result safe for its template."""
    cited = list(dict.fromkeys(SOURCE_MARKER.findall(document.body)))
    sources = sorted(
        document.meta.sources,
        key=lambda s: cited.index(s.id) if s.id in cited else len(cited),
    )
    refs = {source.id: number for number, source in enumerate(sources, start=1)}
    items = "".join(
        f'<li id="source-{escape(s.id)}">{escape(s.citation)}. '
        f'<a href="{escape(s.link)}" rel="noopener noreferrer">{escape(s.link)}</a></li>'
        for s in sources
    )
    meta = document.meta
    parts = [render_blocks(parse_blocks(document.body), refs)]
    if items:
        parts.append(f'<section class="sources"><h2>Sources</h2><ol>{items}</ol></section>')
    parts.append(
        f'<p class="reviewed">Last reviewed {meta.last_reviewed.isoformat()} by '
        f"{escape(meta.reviewer)}.</p>"
    )
    return "\n".join(parts)


def plain_units(document: Document) -> list[str]:
    """The paragraphs and list items as a reader sees them (headings left out)."""
    return [
        plain_text(item)
        for block in parse_blocks(document.body)
        if block.kind != "heading"
        for item in block.items
    ]


def document_readability(document: Document) -> Readability:
    """Flesch-Kincaid figures for the document's body text."""
    return readability(plain_units(document))
