r"""Readability: the Flesch-Kincaid grade level, with a documented syllable heuristic.

.. math::

    \text{grade} = 0.39\,\frac{\text{words}}{\text{sentences}}
                 + 11.8\,\frac{\text{syllables}}{\text{words}} - 15.59

(Kincaid, Fishburne, Rogers, Chissom 1975, Naval Technical Training Command Research
Branch Report 8-75, formula 1.) The grade is a US school grade: 9 means a reader with nine
years of schooling should follow the text.

Syllables are estimated, not looked up (no dictionary ships with Vigil):

1. lowercase; a word of three letters or fewer has one syllable;
2. drop a silent ending: ``-es`` or ``-e`` after a consonant other than ``l`` (``cases``,
   ``make``; ``table`` keeps its ``-le``), and ``-ed`` (``treated`` is undercounted by one);
3. drop a leading ``y`` (a consonant there: ``years``);
4. count runs of one or two vowels (``a e i o u y``); at least one.

Hyphenated words are the sum of their parts; a number counts as one word of two syllables
(most spoken numbers have one to three). The heuristic is within one syllable of a
dictionary count for most English words, which moves the grade by well under one grade on
prose; tests pin it on known words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["Readability", "flesch_kincaid_grade", "readability", "syllables"]

_WORD = re.compile(r"[A-Za-z]+(?:['’-][A-Za-z]+)*|\d+(?:[.,]\d+)*")
_SILENT_ENDING = re.compile(r"(?:[^laeiouy]es|ed|[^laeiouy]e)$")
_VOWEL_RUN = re.compile(r"[aeiouy]{1,2}")
# A sentence ends at . ! ? or : followed by space or the end (decimals such as 15.0 do not).
_SENTENCE_END = re.compile(r"[.!?:](?=\s|$)")
_NUMBER_SYLLABLES = 2


@dataclass(frozen=True, slots=True)
class Readability:
    sentences: int
    words: int
    syllables: int
    grade: float


def syllables(word: str) -> int:
    """Estimated syllables in one word (see the module notes for the rules)."""
    if word[:1].isdigit():
        return _NUMBER_SYLLABLES
    parts = [p for p in re.split(r"[-’']", word.lower()) if p]
    if len(parts) > 1:
        return sum(syllables(part) for part in parts)
    text = parts[0] if parts else ""
    if len(text) <= 3:
        return 1
    text = _SILENT_ENDING.sub("", text)
    text = text.removeprefix("y")
    return max(1, len(_VOWEL_RUN.findall(text)))


def readability(units: Iterable[str]) -> Readability:
    """Readability of plain-text units (paragraphs and list items).

    Each unit ends at least one sentence, so list items without a full stop still count
    as sentences, as a reader takes them.
    """
    sentence_count = word_count = syllable_count = 0
    for unit in units:
        words = _WORD.findall(unit)
        if not words:
            continue
        ends = len(_SENTENCE_END.findall(unit.rstrip()))
        sentence_count += max(1, ends + (0 if _SENTENCE_END.search(unit.rstrip()[-1:]) else 1))
        word_count += len(words)
        syllable_count += sum(syllables(w) for w in words)
    if word_count == 0:
        return Readability(0, 0, 0, 0.0)
    grade = 0.39 * word_count / sentence_count + 11.8 * syllable_count / word_count - 15.59
    return Readability(sentence_count, word_count, syllable_count, round(grade, 1))


def flesch_kincaid_grade(text: str) -> float:
    """The Flesch-Kincaid grade of plain text (paragraphs separated by blank lines).

    >>> flesch_kincaid_grade("The cat sat on the mat.")
    -1.4
    """
    return readability(p for p in re.split(r"\n\s*\n", text)).grade
