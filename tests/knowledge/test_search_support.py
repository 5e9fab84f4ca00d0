"""Search across articles and FAQ; the support directory; the package's public names."""

from __future__ import annotations

import datetime as dt
import importlib
import itertools
import re

import pytest

from vigil.knowledge import load_support, search, stale_support
from vigil.knowledge._search import terms


def test_terms_fold_plurals_and_drop_common_words() -> None:
    assert terms("What are the therapies for scans?") == ["therapy", "scan"]


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("bone scan blood test", "scans-without-symptoms"),
        ("tamoxifen aromatase inhibitor menopause", "tamoxifen-or-aromatase-inhibitor"),
        ("BRCA genetic test", "genetic-testing"),
        ("how often mammogram", "follow-up-schedule"),
        ("dormant cells years later", "late-recurrence"),
    ],
)
def test_search_ranks_the_obvious_page_first(query: str, first: str) -> None:
    hits = search(query)
    assert hits[0].slug == first, [h.slug for h in hits[:3]]
    assert hits[0].snippet
    assert all(a.score >= b.score for a, b in itertools.pairwise(hits))


def test_search_with_no_terms_finds_nothing() -> None:
    assert search("the and of") == []
    assert search("zzzz") == []


def test_support_kinds_have_sources_and_no_contact_details() -> None:
    support = load_support()
    assert {k.id for k in support.kinds} >= {
        "care-team-contact",
        "support-groups",
        "mental-health",
        "money-and-insurance",
        "work-rights",
    }
    shown = " ".join(f"{k.title} {k.what} {k.ask} {' '.join(k.examples)}" for k in support.kinds)
    shown += " " + support.notice
    assert not re.search(r"https?://|www\.|@|\d[\d ()-]{2,}", shown)  # no addresses or numbers
    assert stale_support(dt.date(2026, 11, 25)) == []
    assert len(stale_support(dt.date(2028, 1, 1))) == len(support.kinds)


def test_exported_names_are_the_public_ones() -> None:
    module = importlib.import_module("vigil.knowledge")
    public = {
        name
        for name, value in vars(module).items()
        if not name.startswith("_") and getattr(value, "__module__", "").startswith(module.__name__)
    }
    assert set(module.__all__) >= public
    for name in module.__all__:
        assert hasattr(module, name), name
