"""Read cohort tables from CSV or Parquet files and write validation results (a shell)."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from vigil.errors import VigilError
from vigil.facts import CohortTable, validate_cohort

__all__ = ["check_table_file", "read_table", "write_table"]

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
