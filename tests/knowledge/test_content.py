"""The packaged articles and FAQ: they load, read at their target grade, cite every claim,
cover the topics users expect, and do not copy the page Vigil was conceived from."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from vigil.knowledge import (
    Document,
    check_content,
    document_readability,
    load_articles,
    load_faq,
    plain_units,
    render_html,
)

TODAY = dt.date(2026, 11, 25)
SURVIVOR_GRADE_TARGET = 9
SEED = Path("/work/shared/seed/breast-cancer-recurrence-page.txt")
ALL = [*load_articles(), *load_faq()]


def test_articles_and_faq_load() -> None:
    slugs = {d.slug for d in load_articles()}
    assert slugs == {
        "what-is-recurrence",
        "risk-factors",
        "detection-and-surveillance",
        "preventive-and-adjuvant-therapy",
        "treatment-of-recurrence",
        "emotional-and-practical-support",
        "key-actions",
    }
    assert len(load_faq()) >= 10
    assert all(d.kind == "faq" and d.title.endswith("?") for d in load_faq())
    assert load_articles() is load_articles()  # cached


@pytest.mark.parametrize("document", ALL, ids=lambda d: d.file)
def test_survivor_pages_read_at_or_below_their_target(document: Document) -> None:
    if document.meta.audience != "survivor":
        pytest.skip("clinician page")
    assert document.meta.reading_level <= SURVIVOR_GRADE_TARGET
    measured = document_readability(document)
    assert measured.grade <= document.meta.reading_level, (
        f"{document.file} reads at grade {measured.grade}, "
        f"target {document.meta.reading_level}: shorten sentences or words"
    )


def test_every_clinical_claim_names_a_source() -> None:
    # The same check as `vigil content check`: the suite fails when a claim has no source.
    report = check_content(ALL, TODAY)
    assert report.unsourced == (), "\n".join(
        f"{c.file}:{c.line}: {c.text}" for c in report.unsourced
    )
    assert report.claims > 50
    assert report.stale == ()


def test_every_source_is_cited_somewhere() -> None:
    report = check_content(ALL, TODAY)
    assert [f"{u.file}: {u.source.id}" for u in report.sources if u.uses == 0] == []


def _claims_citing(slug: str, source_id: str, words: str) -> list[str]:
    document = next(d for d in ALL if d.slug == slug)
    pattern = re.compile(re.escape(words), re.IGNORECASE)
    return [
        unit
        for unit in document.body.splitlines()
        if pattern.search(unit) and f"[^{source_id}]" in unit
    ]


def test_the_three_seed_checks_are_cited() -> None:
    # 1. Follow-up schedule: ASCO 2013, restated by ACS/ASCO 2016.
    assert _claims_citing("detection-and-surveillance", "asco2013", "every 3 to 6 months")
    assert _claims_citing("follow-up-schedule", "acsasco2016", "every 6 to 12 months")
    # 2. Tamoxifen vs aromatase inhibitors for prevention: USPSTF 2019 and ASCO 2019.
    assert _claims_citing("tamoxifen-or-aromatase-inhibitor", "asco2019", "tamoxifen is the only")
    assert _claims_citing("preventive-drugs", "uspstf2019", "aged 35 or older")
    # 3. Current systemic options for recurrence: regulator approvals, by subtype.
    for source_id in ("elacestrant2023", "tdxd2025", "pembro2020", "fulvestrant-label"):
        assert _claims_citing("treatment-of-recurrence", source_id, "")


def test_articles_link_to_the_estimates_and_the_plan() -> None:
    by_slug = {d.slug: d for d in ALL}
    assert "(/me/estimates)" in by_slug["risk-factors"].body
    assert "(/me/plan)" in by_slug["detection-and-surveillance"].body
    html = render_html(by_slug["risk-factors"])
    assert '<a href="/me/estimates">' in html


def _shingles(text: str, size: int = 7) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z0-9]+", text.lower())
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


@pytest.mark.skipif(not SEED.exists(), reason="the seed page is not on this machine")
def test_no_sentence_is_copied_from_the_seed_page() -> None:
    seed = _shingles(SEED.read_text())
    for document in ALL:
        copied = _shingles(" ".join(plain_units(document))) & seed
        assert not copied, f"{document.file} repeats the seed page: {sorted(copied)[:3]}"


def test_rendered_pages_hold_no_raw_markup_or_unsafe_links() -> None:
    for document in ALL:
        html = render_html(document)
        assert "<script" not in html
        assert "javascript:" not in html
        assert "{check}" not in html
        assert "[^" not in html
        assert 'class="sources"' in html
