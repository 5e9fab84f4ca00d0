r"""Search across articles and FAQ: simple token scoring, no index to build.

A query and each document are cut into terms: lowercase words, common words dropped, a
plural ``-s`` or ``-ies`` folded (``scans`` → ``scan``, ``therapies`` → ``therapy``). For a
document, each query term found adds :math:`w\,(1 + \ln n)` for every field it appears in
``n`` times, with weight ``w`` = 3 for the title, 2 for the summary and tags, 1 for the
body; the sum is multiplied by the share of query terms found, so a document matching all
of them ranks above one matching one term often. Ties go by title.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from vigil.knowledge._claims import statements
from vigil.knowledge._document import Document, Kind
from vigil.knowledge._loader import load_articles, load_faq
from vigil.knowledge._render import plain_units

__all__ = ["SearchHit", "search", "terms"]

_WORD = re.compile(r"[a-z0-9]+(?:[-/][a-z0-9]+)*")
_STOP_WORDS = (
    "a about after all also an and any are as at be before but by can do does for from has "
    "have how i if in into is it its "
    "me my no not of on or our should so than that the their them then there these they this "
    "to was we what when where which who why will with you your"
)
_STOP = frozenset(_STOP_WORDS.split())
_WEIGHTS = {"title": 3.0, "summary": 2.0, "body": 1.0}
_SNIPPET_CHARS = 200


@dataclass(frozen=True, slots=True)
class SearchHit:
    kind: Kind
    slug: str
    title: str
    score: float
    snippet: str


def terms(text: str) -> list[str]:
    """The search terms of ``text``, in order (repeats kept)."""
    found: list[str] = []
    for word in _WORD.findall(text.lower().replace("’", "'").replace("'s", "")):
        if word in _STOP:
            continue
        if len(word) > 4 and word.endswith("ies"):
            found.append(word[:-3] + "y")
        elif len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
            found.append(word[:-1])
        else:
            found.append(word)
    return found


def search(query: str, documents: Iterable[Document] | None = None) -> list[SearchHit]:
    """Documents matching ``query``, best first (the packaged content by default)."""
    wanted = set(terms(query))
    if not wanted:
        return []
    pool = list(documents) if documents is not None else [*load_articles(), *load_faq()]
    hits: list[SearchHit] = []
    for document in pool:
        units = plain_units(document)
        fields = {
            "title": Counter(terms(document.title)),
            "summary": Counter(terms(f"{document.meta.summary} {' '.join(document.meta.tags)}")),
            "body": Counter(terms(" ".join(units))),
        }
        score = 0.0
        matched = set()
        for term in wanted:
            for name, counts in fields.items():
                if counts[term]:
                    score += _WEIGHTS[name] * (1 + math.log(counts[term]))
                    matched.add(term)
        if score > 0:
            score *= len(matched) / len(wanted)
            snippet = _snippet(units, wanted) or document.meta.summary
            hits.append(SearchHit(document.kind, document.slug, document.title, score, snippet))
    return sorted(hits, key=lambda hit: (-hit.score, hit.title))


def _snippet(units: list[str], wanted: set[str]) -> str:
    """The first sentence sharing the most query terms with the query, cut to length."""
    best, best_count = "", 0
    for unit in units:
        for sentence in statements(unit):
            count = len(wanted & set(terms(sentence)))
            if count > best_count:
                best, best_count = sentence, count
    if len(best) <= _SNIPPET_CHARS:
        return best
    return best[: _SNIPPET_CHARS - 1].rsplit(" ", 1)[0] + "…"
