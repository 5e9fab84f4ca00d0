"""docs/knowledge.md matches the code: fields, allow-list, weights and limits."""

from __future__ import annotations

from pathlib import Path

from vigil.knowledge import FrontMatter
from vigil.news import ALLOWED_TAGS, DEFAULT_MAX_BYTES, SHOW_FROM, TITLE_SIMILARITY
from vigil.news._rank import GROUPS, OFF_TOPIC_FACTOR

DOC = (Path(__file__).resolve().parents[2] / "docs" / "knowledge.md").read_text()


def test_every_front_matter_field_is_documented() -> None:
    for name, spec in FrontMatter.model_fields.items():
        row = next((line for line in DOC.splitlines() if line.startswith(f"| `{name}` |")), "")
        assert row, f"{name} is not in the front matter table"
        assert ("| yes |" in row) is spec.is_required(), name


def test_news_allow_list_weights_and_limits_are_documented() -> None:
    allow_list = next(line for line in DOC.splitlines() if line.startswith("- tags `"))
    assert set(allow_list.split("`")[1].split()) == ALLOWED_TAGS
    for name, (weight, terms) in GROUPS.items():
        row = next(line for line in DOC.splitlines() if line.startswith(f"| {name} |"))
        assert f"| {weight} |" in row
        for term in terms:
            assert term.lower() in row.lower(), (name, term)
    assert f"multiplied by {OFF_TOPIC_FACTOR}" in DOC
    assert f"at least {TITLE_SIMILARITY}" in DOC
    assert f"scoring {SHOW_FROM:g} or more" in DOC
    assert DEFAULT_MAX_BYTES == 2 * 1024 * 1024
    assert "| size | 2 MiB |" in DOC
