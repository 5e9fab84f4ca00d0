"""Read cohort tables from CSV or Parquet files and write validation results (a shell)."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from vigil.errors import VigilError
from vigil.facts import CohortTable, validate_cohort
from vigil.facts._schema import COLUMNS_BY_NAME

__all__ = ["check_table_file", "read_table", "scored_for_output", "write_table"]

_SUFFIXES = (".csv", ".parquet")


def read_table(path: Path) -> pl.DataFrame:
    """Read a cohort table; CSV cells are read as text so that nothing is coerced silently."""
    suffix = path.suffix.lower()
    if suffix not in _SUFFIXES:
        msg = (
            f"table {path.name!r}: expected a .csv or .parquet file (got {suffix or 'no suffix'!r})"
        )
        raise VigilError(msg)
    if not path.is_file():
        msg = f"table {str(path)!r} does not exist"
        raise VigilError(msg)
    try:
        if suffix == ".csv":
            return pl.read_csv(path, infer_schema=False)
        return pl.read_parquet(path)
    except (pl.exceptions.PolarsError, OSError) as exc:
        msg = f"table {path.name!r} could not be read: {exc}"
        raise VigilError(msg) from exc


def write_table(frame: pl.DataFrame, path: Path) -> None:
    """Write CSV or Parquet, chosen by the suffix."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() == ".parquet":
        frame.write_parquet(path)
    else:
        frame.write_csv(path)


def check_table_file(path: Path) -> CohortTable:
    return validate_cohort(read_table(path))


def scored_for_output(frame: pl.DataFrame) -> pl.DataFrame:
    """Input columns back in their table codes: NaN (``unknown``) numbers as ``unknown``.

    Model outputs are untouched. ``nulliparous`` returns into ``age_first_birth``.
    """
    inputs = [
        c for c in frame.columns if c in COLUMNS_BY_NAME and COLUMNS_BY_NAME[c].kind == "number"
    ]
    restored = [
        pl.when(pl.col(c).is_nan())
        .then(pl.lit("unknown"))
        .otherwise(pl.col(c).cast(pl.String))
        .alias(c)
        for c in inputs
    ]
    out = frame.with_columns(restored)
    if "nulliparous" in out.columns:
        out = out.with_columns(
            pl.when(pl.col("nulliparous"))
            .then(pl.lit("nulliparous"))
            .otherwise(pl.col("age_first_birth"))
            .alias("age_first_birth")
        ).drop("nulliparous")
    return out
