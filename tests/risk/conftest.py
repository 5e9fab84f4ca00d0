"""Helpers to build typed cohort frames for model tests through the real validator."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import polars as pl

from vigil.facts import validate_cohort


def typed_frame(rows: Sequence[Mapping[str, object]]) -> pl.DataFrame:
    """Rows of contract codes → the typed frame models score; fails on any invalid cell."""
    columns = list(dict.fromkeys(key for row in rows for key in row))
    text_rows = [
        {c: None if row.get(c) is None else str(row.get(c)) for c in columns} for row in rows
    ]
    text_rows = [{"patient_id": f"r{i}"} | r for i, r in enumerate(text_rows)]
    frame = pl.DataFrame(text_rows, schema=dict.fromkeys(text_rows[0], pl.String), orient="row")
    table = validate_cohort(frame)
    assert table.errors.height == 0, table.errors
    return table.valid
