"""Vigil's exception hierarchy: every error a user can cause is a ``ValueError``.

Errors name the field, the value that came and what would be valid, in the manner of
attrs validators (``'grade' must be in (1, 2, 3) (got 4)``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["FactsError", "Issue", "VigilError"]


class VigilError(ValueError):
    """Base class of all errors Vigil raises about its input."""


@dataclass(frozen=True, slots=True)
class Issue:
    """One thing wrong with the input.

    Attributes
    ----------
    path:
        Dotted location of the field, e.g. ``tumour.nodes_positive``.
    value:
        The value that was given (``None`` when the field was missing).
    message:
        What is wrong and what would be valid.
    """

    path: str
    value: Any
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message} (got {self.value!r})"


class FactsError(VigilError):
    """Patient facts that are invalid; carries every issue found, not just the first."""

    def __init__(self, issues: Sequence[Issue]) -> None:
        self.issues: tuple[Issue, ...] = tuple(issues)
        lines = "\n".join(f"  - {issue}" for issue in self.issues)
        super().__init__(f"{len(self.issues)} problem(s) in the patient facts:\n{lines}")
