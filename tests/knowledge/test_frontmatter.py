"""Front matter and body validation: every problem names the file and the field."""

from __future__ import annotations

from pathlib import Path

import pytest

from vigil.knowledge import ContentError, parse_document, read_folder

GOOD = """---
title: A valid article
kind: article
audience: survivor
summary: A summary long enough.
reading_level: 9
last_reviewed: 2026-11-25
reviewer: Test fixture
sources:
  - id: asco2013
    citation: "Khatcheressian JL et al. J Clin Oncol 2013;31:961-965"
    doi: 10.1200/JCO.2012.45.9859
---
Visits are every 3 to 6 months.[^asco2013]
"""


def _broken(old: str, new: str) -> str:
    assert old in GOOD
    return GOOD.replace(old, new)


def test_a_valid_document_parses() -> None:
    document = parse_document(GOOD, "articles/valid.md", "article")
    assert document.slug == "valid"
    assert document.meta.sources[0].link == "https://doi.org/10.1200/JCO.2012.45.9859"
    assert document.body_line == 14


@pytest.mark.parametrize(
    ("text", "field", "message"),
    [
        pytest.param(
            _broken("    doi: 10.1200/JCO.2012.45.9859\n", ""),
            "sources[0]",
            "needs a url or a doi",
            id="source-without-url-or-doi",
        ),
        pytest.param(
            _broken("last_reviewed: 2026-11-25", "last_reviewed: 2026-13-01"),
            "last_reviewed",
            "month value is outside expected range",
            id="bad-date",
        ),
        pytest.param(
            _broken("last_reviewed: 2026-11-25", "last_reviewed: last spring"),
            "last_reviewed",
            "valid date",
            id="not-a-date",
        ),
        pytest.param(
            _broken("reviewer: Test fixture\n", ""), "reviewer", "Field required", id="missing"
        ),
        pytest.param(
            _broken("audience: survivor", "audience: everyone"),
            "audience",
            "'survivor' or 'clinician'",
            id="bad-audience",
        ),
        pytest.param(
            _broken("reading_level: 9", "reading_level: 9\ncolour: blue"),
            "colour",
            "Extra inputs",
            id="unknown-key",
        ),
        pytest.param(
            _broken("doi: 10.1200/JCO.2012.45.9859", "url: javascript:alert(1)"),
            "sources[0].url",
            "http",
            id="unsafe-source-url",
        ),
        pytest.param(
            _broken("doi: 10.1200/JCO.2012.45.9859", "doi: https://doi.org/10.1200/x"),
            "sources[0].doi",
            "10.1234/abc",
            id="doi-as-url",
        ),
        pytest.param(
            _broken("[^asco2013]", "[^nosuch]"), "body", "names no source", id="unknown-marker"
        ),
        pytest.param(
            _broken("months.[^asco2013]", "months.[^asco2013] [x](javascript:alert(1))"),
            "body",
            "links must be http(s) or site-relative",
            id="unsafe-link",
        ),
        pytest.param(
            _broken("kind: article", "kind: faq"), "kind", "must be 'article'", id="wrong-folder"
        ),
        pytest.param(
            GOOD.replace("---\n", "", 1), "front matter", "open and close", id="no-front-matter"
        ),
        pytest.param(
            _broken("title: A valid article", "title: [unclosed"),
            "front matter",
            "is not YAML",
            id="bad-yaml",
        ),
    ],
)
def test_invalid_documents_name_file_and_field(text: str, field: str, message: str) -> None:
    with pytest.raises(ContentError, match=r"articles/broken\.md") as caught:
        parse_document(text, "articles/broken.md", "article")
    assert caught.value.file == "articles/broken.md"
    assert any(issue.path == field and message in str(issue) for issue in caught.value.issues), [
        str(i) for i in caught.value.issues
    ]


def test_all_problems_are_reported_at_once() -> None:
    text = _broken("last_reviewed: 2026-11-25", "last_reviewed: 2026-02-30")
    text = text.replace("[^asco2013]", "[^other]")
    with pytest.raises(ContentError) as caught:
        parse_document(text, "articles/two.md", "article")
    assert {i.path for i in caught.value.issues} == {"last_reviewed", "body"}


def test_bad_file_names_are_refused() -> None:
    with pytest.raises(ContentError, match="file name"):
        parse_document(GOOD, "articles/Bad Name.md", "article")


def test_read_folder_collects_every_broken_file(tmp_path: Path) -> None:
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "good.md").write_text(GOOD)
    (tmp_path / "articles" / "bad.md").write_text(_broken("kind: article", "kind: nope"))
    (tmp_path / "articles" / "worse.md").write_text("no front matter")
    documents, errors = read_folder(tmp_path)
    assert [d.slug for d in documents] == ["good"]
    assert sorted(e.file for e in errors) == ["articles/bad.md", "articles/worse.md"]
