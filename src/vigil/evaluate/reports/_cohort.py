"""A table as the typed cohort frame, with the columns outside the contract kept (a shell).

``vigil.facts.validate_cohort`` types the contract's columns and sets aside the others;
outcome columns and model inputs that are not (yet) in the contract, such as ``er_fmol``,
are joined back by row number so a model or a validation can read them.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from vigil.facts import ROW, validate_cohort
from vigil.facts._schema import COLUMNS_BY_NAME

__all__ = ["TypedTable", "typed_table"]


@dataclass(frozen=True, slots=True)
class TypedTable:
    """The valid rows, typed, with extra columns; the problems of the other rows."""

    valid: pl.DataFrame
    errors: pl.DataFrame
    n_rows: int


def _as_number_if_possible(column: pl.Series) -> pl.Series:
    if column.dtype.is_numeric():
        return column.cast(pl.Float64)
    if column.dtype != pl.String:
        return column
    numbers = column.str.strip_chars().cast(pl.Float64, strict=False)
    # A text column stays text unless every filled cell reads as a number.
    if numbers.null_count() == column.str.strip_chars().replace("", None).null_count():
        return numbers
    return column


def typed_table(frame: pl.DataFrame) -> TypedTable:
    """Validate the contract's columns; keep every other column, numbers as Float64."""
    checked = validate_cohort(frame)
    extra_names = [c for c in frame.columns if c not in COLUMNS_BY_NAME and c != ROW]
    extra = (
        pl.DataFrame([_as_number_if_possible(frame.get_column(c)) for c in extra_names])
        .with_row_index(ROW, offset=1)
        .with_columns(pl.col(ROW).cast(pl.Int64))
    )
    valid = checked.valid.join(extra, on=ROW, how="left") if extra_names else checked.valid
    return TypedTable(valid, checked.errors, checked.n_rows)
