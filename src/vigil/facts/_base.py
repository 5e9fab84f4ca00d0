"""Shared pydantic configuration and the consistency-check helper for facts models."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from vigil.errors import FactsError, Issue

__all__ = ["FactsModel", "raise_if_issues"]


class FactsModel(BaseModel):
    """Base of every facts model: immutable, unknown keys refused (they are usually typos)."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        str_strip_whitespace=True,
        use_enum_values=False,
        validate_default=True,
    )


def raise_if_issues(issues: list[Issue]) -> None:
    """Raise every consistency problem of one model at once.

    ``FactsError`` is a ``ValueError``, so pydantic wraps it in its ``ValidationError``
    with the error object in ``ctx``; :func:`vigil.facts.parse_patient` unpacks it so each
    issue keeps its own path.
    """
    if issues:
        raise FactsError(issues)
