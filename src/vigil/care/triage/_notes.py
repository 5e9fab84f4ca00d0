"""Emergency phrases in the free-text note: shown to the patient, never deciding the level.

Free text is optional and may describe the past or someone else, so it only prompts the
patient to confirm with a structured symptom (policy ``note_keywords``).
"""

from __future__ import annotations

import re

from vigil.care.triage._outcome import NoteFlag
from vigil.care.triage._policy import TriagePolicy

__all__ = ["note_flags"]

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})


def _normalise(text: str) -> str:
    return " ".join(text.translate(_APOSTROPHES).casefold().split())


def note_flags(note: str | None, policy: TriagePolicy) -> tuple[NoteFlag, ...]:
    """The policy's note keywords found in ``note``, at most one flag per keyword entry.

    Matching ignores case, curly apostrophes and runs of spaces, and needs whole words
    (``a fitness class`` does not match ``had a fit``).
    """
    if not note:
        return ()
    text = _normalise(note)
    flags: list[NoteFlag] = []
    for keyword in policy.note_keywords:
        for phrase in keyword.phrases:
            pattern = r"(?<!\w)" + re.escape(_normalise(phrase)) + r"(?!\w)"
            if re.search(pattern, text):
                flags.append(
                    NoteFlag(keyword.id, phrase, keyword.rule, keyword.advice, keyword.source)
                )
                break
    return tuple(flags)
