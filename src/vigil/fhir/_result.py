"""The import's result object and the error for a bundle that cannot be read."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from vigil.errors import Issue, VigilError
from vigil.facts import Patient

__all__ = ["BundleError", "ImportResult"]


class BundleError(VigilError):
    """A FHIR document that is not a valid R4 Bundle (or an export that failed validation)."""

    def __init__(self, issues: Sequence[Issue], summary: str = "not a valid FHIR Bundle") -> None:
        self.issues: tuple[Issue, ...] = tuple(issues)
        lines = "\n".join(f"  - {issue}" for issue in self.issues)
        super().__init__(f"{summary}:\n{lines}" if lines else summary)


@dataclass(frozen=True, slots=True)
class ImportResult:
    """Facts read from a FHIR Bundle, with everything the reader could not use.

    Attributes
    ----------
    facts:
        The validated patient facts.
    unknown_codes:
        Codes not understood, one issue each: the resource (or value) was not read.
        Paths are FHIR locations such as ``Bundle.entry[4].resource.code``.
    warnings:
        Things read with a caveat: values derived from other elements, resources of
        types Vigil does not read, alternative encodings matched by text.
    assumptions:
        Treatment parts the bundle did not mention that were assumed not given, because
        the caller asked for it (``assume_not_given``).
    """

    facts: Patient
    unknown_codes: tuple[Issue, ...] = ()
    warnings: tuple[Issue, ...] = ()
    assumptions: tuple[Issue, ...] = ()
