"""The BCRAT rate tables and coefficients, read once from the packaged CSV files.

The numbers are those of the R package BCRA 2.1.2 (provenance in the header of each file in
``vigil/risk/data``). They are read lazily, on first use, and kept (``functools.cache``); no
file is touched at import.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

import numpy as np
import polars as pl
from numpy.typing import NDArray

__all__ = [
    "FIRST_AGE",
    "LAST_AGE",
    "N_AGES",
    "N_RACES",
    "BcratTables",
    "bcrat_tables",
]

N_RACES = 11
"""BCRA race codes 1..11 (1 White ... 11 Other Asian)."""

FIRST_AGE = 20
"""First age of the rate tables, years (BCRA: 20 <= T1)."""

LAST_AGE = 90
"""End of the rate tables, years (BCRA: T2 <= 90)."""

N_AGES = LAST_AGE - FIRST_AGE
"""One-year ages 20..89 covered by the tables."""

_AGE_GROUP_YEARS = 5
_RATE_TABLES = ("lambda1", "lambda2", "lambda1_average", "lambda2_average")
_COEFFICIENTS = (
    "beta_biopsies",
    "beta_menarche",
    "beta_first_birth",
    "beta_relatives",
    "beta_biopsies_x_age_50_plus",
    "beta_first_birth_x_relatives",
    "one_minus_ar_under_50",
    "one_minus_ar_50_plus",
)


@dataclass(frozen=True, slots=True)
class BcratTables:
    """Rates by race and one-year age, coefficients by race.

    Every array has one row per BCRA race code plus an unused row 0 (filled with NaN), so a
    valid code indexes its own row. Rate arrays have one column per one-year age 20..89
    (column ``age - 20``), each holding the hazard of that age's five-year group.

    Attributes
    ----------
    lambda1, lambda2:
        Composite breast cancer incidence and competing mortality, per woman-year.
    lambda1_average, lambda2_average:
        The tables of the average-woman comparator (``absolute.risk(Avg_White = 1)``).
    beta:
        Mapping from coefficient name (``beta_biopsies`` ...) to an array by race code.
    one_minus_ar_by_age:
        1 - attributable risk by race and one-year age (the < 50 value below 50).
    """

    lambda1: NDArray[np.float64]
    lambda2: NDArray[np.float64]
    lambda1_average: NDArray[np.float64]
    lambda2_average: NDArray[np.float64]
    beta: dict[str, NDArray[np.float64]]
    one_minus_ar_by_age: NDArray[np.float64]


def _read(name: str) -> pl.DataFrame:
    data = (files("vigil") / "risk" / "data" / name).read_bytes()
    return pl.read_csv(io.BytesIO(data), comment_prefix="#")


def _rates_by_age(rates: pl.DataFrame, table: str) -> NDArray[np.float64]:
    out = np.full((N_RACES + 1, N_AGES), np.nan)
    codes = rates["race_code"].to_numpy()
    starts = rates["age_group_start"].to_numpy()
    values = rates[table].to_numpy().astype(np.float64)
    for code, start, value in zip(codes, starts, values, strict=True):
        first = int(start) - FIRST_AGE
        out[int(code), first : first + _AGE_GROUP_YEARS] = value
    return out


def _check_complete(array: NDArray[np.float64], what: str) -> None:
    if np.isnan(array[1:]).any():
        msg = f"the packaged BCRAT table {what} has gaps (expected every race and age group)"
        raise ValueError(msg)


@cache
def bcrat_tables() -> BcratTables:
    """The BCRAT tables, read from ``vigil/risk/data`` on first call and then kept."""
    rates = _read("bcrat_rates.csv")
    by_age = {table: _rates_by_age(rates, table) for table in _RATE_TABLES}
    for table, array in by_age.items():
        _check_complete(array, table)
    coefficients = _read("bcrat_coefficients.csv")
    beta: dict[str, NDArray[np.float64]] = {}
    for name in _COEFFICIENTS:
        rows = coefficients.filter(pl.col("parameter") == name)
        array = np.full(N_RACES + 1, np.nan)
        array[rows["race_code"].to_numpy()] = rows["value"].to_numpy().astype(np.float64)
        _check_complete(array, name)
        beta[name] = array
    ages = np.arange(FIRST_AGE, LAST_AGE)
    # BCRA applies the < 50 value of 1 - AR to one-year pieces starting below 50.
    one_minus_ar = np.where(
        ages[None, :] < 50,
        beta.pop("one_minus_ar_under_50")[:, None],
        beta.pop("one_minus_ar_50_plus")[:, None],
    )
    for array in (*by_age.values(), one_minus_ar, *beta.values()):
        array.setflags(write=False)
    return BcratTables(
        lambda1=by_age["lambda1"],
        lambda2=by_age["lambda2"],
        lambda1_average=by_age["lambda1_average"],
        lambda2_average=by_age["lambda2_average"],
        beta=beta,
        one_minus_ar_by_age=one_minus_ar,
    )
