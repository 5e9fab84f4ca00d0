"""The documented contract matches the code."""

from __future__ import annotations

from pathlib import Path

import pytest

from vigil.facts import COLUMNS, ColumnSpec

DOCS = Path(__file__).resolve().parents[1] / "docs"


@pytest.mark.parametrize("spec", COLUMNS, ids=lambda s: s.name)
def test_cohort_table_doc_lists_each_column(spec: ColumnSpec) -> None:
    text = (DOCS / "cohort-table.md").read_text()
    row = next((line for line in text.splitlines() if line.startswith(f"| `{spec.name}` |")), None)
    assert row is not None, f"{spec.name} is not documented"
    for code in spec.codes + spec.extra_codes:
        assert f"`{code}`" in row
    assert ("| yes |" in row) is spec.required


def test_configuration_doc_lists_each_setting() -> None:
    from vigil.settings import Settings

    text = (DOCS / "configuration.md").read_text()
    for name in Settings.model_fields:
        assert f"VIGIL_{name.upper()}" in text


def test_model_cards_in_docs_are_current() -> None:
    from vigil.present import model_card_markdown
    from vigil.risk import MODELS

    for model_id, model in MODELS.items():
        path = DOCS / "models" / f"{model_id}.md"
        assert path.read_text() == model_card_markdown(model.card), (
            f"{path} is stale: run `vigil models cards`"
        )
