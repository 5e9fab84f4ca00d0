"""Errors of symptom triage: bad reports, bad knowledge files, refused alert changes."""

from __future__ import annotations

from collections.abc import Sequence

from vigil.errors import FactsError, Issue, VigilError

__all__ = ["AlertError", "ReportError", "RulesError"]


class ReportError(FactsError):
    """A symptom report (or its history) that cannot be triaged; carries every issue.

    A :class:`~vigil.errors.FactsError`, so shells that already show facts problems show
    these the same way. Paths look like ``symptoms[2].severity``.
    """

    def __init__(self, issues: Sequence[Issue], what: str = "symptom report") -> None:
        self.issues = tuple(issues)
        lines = "\n".join(f"  - {issue}" for issue in self.issues)
        VigilError.__init__(self, f"{len(self.issues)} problem(s) in the {what}:\n{lines}")


class RulesError(ReportError):
    """A symptom catalogue or triage policy file that is invalid."""

    def __init__(self, issues: Sequence[Issue], what: str = "triage rules") -> None:
        super().__init__(issues, what)


class AlertError(VigilError):
    """A change of alert state that the lifecycle does not allow."""
