"""The knowledge layer: education articles and FAQ as data, the options catalogue, and the
directory of support.

Content is Markdown with YAML front matter (``content/articles``, ``content/faq``); every
clinical claim names its source, and ``vigil content check`` fails when one does not
(``docs/knowledge.md``). Pure: reads only packaged files; no network, no clock (dates are
arguments), no printing.
"""

from vigil.knowledge._claims import (
    CLINICAL_TERMS,
    REVIEW_MAX_AGE_DAYS,
    Claim,
    ContentReport,
    SourceUse,
    StaleDocument,
    check_content,
)
from vigil.knowledge._document import Document, FrontMatter, SourceRef, parse_document
from vigil.knowledge._errors import ContentError
from vigil.knowledge._loader import get_document, load_articles, load_faq, read_folder
from vigil.knowledge._readability import (
    Readability,
    flesch_kincaid_grade,
    readability,
    syllables,
)
from vigil.knowledge._render import document_readability, plain_units, render_html
from vigil.knowledge._search import SearchHit, search
from vigil.knowledge._support import SupportFile, SupportKind, load_support, stale_support

__all__ = [
    "CLINICAL_TERMS",
    "REVIEW_MAX_AGE_DAYS",
    "Claim",
    "ContentError",
    "ContentReport",
    "Document",
    "FrontMatter",
    "Readability",
    "SearchHit",
    "SourceRef",
    "SourceUse",
    "StaleDocument",
    "SupportFile",
    "SupportKind",
    "check_content",
    "document_readability",
    "flesch_kincaid_grade",
    "get_document",
    "load_articles",
    "load_faq",
    "load_support",
    "parse_document",
    "plain_units",
    "read_folder",
    "readability",
    "render_html",
    "search",
    "stale_support",
    "syllables",
]
