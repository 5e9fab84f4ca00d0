"""Knowledge items due for review: ``last_reviewed`` more than a year ago."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from vigil.care.triage._catalogue import Catalogue, load_catalogue
from vigil.care.triage._policy import TriagePolicy, load_policy
from vigil.errors import VigilError

__all__ = ["REVIEW_INTERVAL_DAYS", "StaleItem", "stale_items"]

REVIEW_INTERVAL_DAYS = 365


@dataclass(frozen=True, slots=True)
class StaleItem:
    """One catalogue or policy item whose review is overdue."""

    file: str  # "symptoms" or "triage-policy-<name>"
    kind: str  # symptom, feature, scale, rule, threshold, persistence, ...
    item_id: str
    last_reviewed: dt.date
    age_days: int
    source: str


def stale_items(
    today: dt.date,
    max_age_days: int = REVIEW_INTERVAL_DAYS,
    *,
    catalogue: Catalogue | None = None,
    policies: tuple[TriagePolicy, ...] | None = None,
) -> tuple[StaleItem, ...]:
    """Catalogue and policy items last reviewed more than ``max_age_days`` before ``today``.

    Parameters
    ----------
    today:
        The date to count from.
    max_age_days:
        Allowed age in days (default 365); must not be negative.
    catalogue, policies:
        What to check; the packaged catalogue and default policy when not given.

    Returns
    -------
    tuple of StaleItem
        Oldest review first.
    """
    if max_age_days < 0:
        raise VigilError(f"max_age_days: must be 0 or more (got {max_age_days})")
    cat = catalogue or load_catalogue()
    checked = policies if policies is not None else (load_policy(),)
    sources = [("symptoms", cat.reviewed_items())] + [
        (f"triage-policy-{policy.policy}", policy.reviewed_items()) for policy in checked
    ]
    stale = [
        StaleItem(name, kind, item_id, item.last_reviewed, age, item.source)
        for name, items in sources
        for kind, item_id, item in items
        if (age := (today - item.last_reviewed).days) > max_age_days
    ]
    return tuple(sorted(stale, key=lambda item: item.last_reviewed))
