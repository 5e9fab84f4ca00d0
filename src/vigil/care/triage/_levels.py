"""Triage levels, ordered from nothing to report to same-day help."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

__all__ = ["Level", "highest"]


class Level(StrEnum):
    """How soon a report needs a clinician's attention.

    The string values are the public codes (JSON output, policy files). Compare levels by
    :attr:`rank`, never by their strings.
    """

    NONE = "none"
    ROUTINE = "routine"  # next planned visit
    URGENT = "urgent"  # within days
    EMERGENCY = "emergency"  # same day

    @property
    def rank(self) -> int:
        """0 for ``none`` up to 3 for ``emergency``."""
        return _RANK[self]


_RANK: dict[Level, int] = {
    Level.NONE: 0,
    Level.ROUTINE: 1,
    Level.URGENT: 2,
    Level.EMERGENCY: 3,
}


def highest(levels: Iterable[Level]) -> Level:
    """The most pressing of ``levels``; ``Level.NONE`` when there are none."""
    return max(levels, key=lambda level: level.rank, default=Level.NONE)
