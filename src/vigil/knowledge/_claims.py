"""Clinical claims in the content, and the review check run by ``vigil content check``.

A *statement* is a sentence of a paragraph or list item (headings and questions are not
statements). A statement is a **clinical claim** when it contains any of:

- a digit (intervals, doses, ages, percentages, dates, trial results);
- a word from :data:`CLINICAL_TERMS`: drugs and drug classes, tests and procedures,
  evidence words (*trial*, *guideline*, *recommend*, *approved*, *survival*) and words of
  frequency or likelihood (*most*, *common*, *usually*, *often*, *many*, *rare*);
- a change in risk: *lower*, *raise*, *reduce*, *increase*, *cut* or *higher* followed, in
  the same sentence, by *risk* or *chance*.

Every clinical claim must carry a source marker ``[^id]`` in the same sentence (usually at
its end); the check fails when one does not. A claim that a reviewer must still confirm
also carries ``{check}``; such claims are listed, as are documents whose
``last_reviewed`` is more than a year old, and every source with how often it is used.
The lexicon errs towards flagging: a false alarm costs a citation, a miss costs trust.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from vigil.knowledge._document import Document, SourceRef
from vigil.knowledge._markdown import CHECK_MARKER, SOURCE_MARKER, parse_blocks, plain_text

__all__ = [
    "CLINICAL_TERMS",
    "REVIEW_MAX_AGE_DAYS",
    "Claim",
    "ContentReport",
    "SourceUse",
    "StaleDocument",
    "check_content",
    "statements",
]

REVIEW_MAX_AGE_DAYS = 365

_DRUG_WORDS = (
    "tamoxifen raloxifene anastrozole exemestane letrozole aromatase fulvestrant palbociclib "
    "ribociclib abemaciclib cdk4/6 inavolisib capivasertib alpelisib elacestrant imlunestrant "
    "vepdegestrant camizestrant giredestrant everolimus trastuzumab pertuzumab deruxtecan "
    "emtansine tucatinib capecitabine datopotamab sacituzumab pembrolizumab olaparib "
    "talazoparib chemotherapy immunotherapy endocrine hormonal bisphosphonate bisphosphonates "
    "drug drugs medicine medicines pill pills"
)
_TEST_WORDS = (
    "mammogram mammograms mammography mri ct pet scan scans x-ray x-rays ultrasound biopsy "
    "marker markers dxa echocardiogram ctdna screening surgery mastectomy lumpectomy "
    "radiotherapy radiation re-irradiation"
)
_EVIDENCE_WORDS = (
    "trial trials study studies guideline guidelines recommend recommends recommended "
    "recommendation recommendations approved approval fda evidence survival percent "
    "mutation mutations"
)
_FREQUENCY_WORDS = "most common commonly rare rarely usually often likely unlikely many"
CLINICAL_TERMS = frozenset(
    f"{_DRUG_WORDS} {_TEST_WORDS} {_EVIDENCE_WORDS} {_FREQUENCY_WORDS}".split()
)
_RISK_CHANGE = re.compile(
    r"\b(?:higher|lower|lowers|raise|raises|reduce|reduces|increase|increases|cut|cuts)\b"
    r".*\b(?:risk|risks|chance|chances)\b",
    re.IGNORECASE,
)
_WORDS = re.compile(r"[a-z0-9]+(?:[/-][a-z0-9]+)*")
_SENTENCE_END = re.compile(r"[.!?](?:\s*(?:\[\^[a-z0-9-]+\]|\{check\}))*(?=\s|$)")
_ABBREVIATION = re.compile(r"(?:\be\.g|\bi\.e|\bvs|\bDr|\betc)\.$")


@dataclass(frozen=True, slots=True)
class Claim:
    """A clinical claim: where it is, its words, the sources it names, whether flagged."""

    file: str
    line: int
    text: str
    sources: tuple[str, ...]
    needs_check: bool


@dataclass(frozen=True, slots=True)
class StaleDocument:
    file: str
    last_reviewed: dt.date
    days_since_review: int


@dataclass(frozen=True, slots=True)
class SourceUse:
    file: str
    source: SourceRef
    uses: int


@dataclass(frozen=True, slots=True)
class ContentReport:
    """What ``vigil content check`` prints; ``ok`` is False when a claim has no source."""

    checked: int
    claims: int
    unsourced: tuple[Claim, ...]
    to_check: tuple[Claim, ...]
    stale: tuple[StaleDocument, ...]
    sources: tuple[SourceUse, ...]

    @property
    def ok(self) -> bool:
        return not self.unsourced


def statements(text: str) -> Iterator[str]:
    """The sentences of one paragraph or list item, each keeping its trailing markers."""
    start = 0
    for end in _SENTENCE_END.finditer(text):
        if _ABBREVIATION.search(text[start : end.start() + 1]):
            continue
        yield text[start : end.end()].strip()
        start = end.end()
    if text[start:].strip():
        yield text[start:].strip()


def is_clinical(sentence: str) -> bool:
    """True when a sentence (plain text) is a clinical claim by the rules above."""
    if sentence.rstrip().endswith("?"):
        return False
    lowered = sentence.lower()
    if any(ch.isdigit() for ch in lowered) or _RISK_CHANGE.search(lowered):
        return True
    return any(word in CLINICAL_TERMS for word in _WORDS.findall(lowered))


def claims(document: Document) -> Iterator[Claim]:
    """Every clinical claim in a document's body, in order."""
    for block in parse_blocks(document.body):
        if block.kind == "heading":
            continue
        for item in block.items:
            for sentence in statements(item):
                words = plain_text(sentence)
                if words and is_clinical(words):
                    yield Claim(
                        document.file,
                        document.body_line + block.line - 1,
                        words,
                        tuple(SOURCE_MARKER.findall(sentence)),
                        CHECK_MARKER in sentence,
                    )


def check_content(
    documents: Iterable[Document],
    today: dt.date,
    max_age_days: int = REVIEW_MAX_AGE_DAYS,
) -> ContentReport:
    """Check claims, sources and review dates across ``documents`` on ``today``."""
    checked = claim_count = 0
    unsourced: list[Claim] = []
    to_check: list[Claim] = []
    stale: list[StaleDocument] = []
    uses: list[SourceUse] = []
    for document in documents:
        checked += 1
        found = list(claims(document))
        claim_count += len(found)
        unsourced += [claim for claim in found if not claim.sources]
        to_check += [claim for claim in found if claim.needs_check]
        age = (today - document.meta.last_reviewed).days
        if age > max_age_days:
            stale.append(StaleDocument(document.file, document.meta.last_reviewed, age))
        cited = SOURCE_MARKER.findall(document.body)
        uses += [SourceUse(document.file, s, cited.count(s.id)) for s in document.meta.sources]
    return ContentReport(
        checked, claim_count, tuple(unsourced), tuple(to_check), tuple(stale), tuple(uses)
    )
