"""Shared data for the evaluation tests: the shipped cohorts and R's reference values."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import pytest
from numpy.typing import NDArray

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
FIXTURES = ROOT / "tests" / "fixtures" / "evaluate"
Y7 = 2557  # round(7 * 365.25): Royston & Altman's 84-month censoring, in days


@dataclass(frozen=True)
class Survival:
    time: NDArray[np.float64]
    event: NDArray[np.float64]


@pytest.fixture(scope="session")
def r_reference() -> dict[str, Any]:
    """Made by ``Rscript tests/fixtures/evaluate/generate.R`` (R 4.2.2, survival 3.5-3)."""
    return json.loads((FIXTURES / "r_reference.json").read_text())  # type: ignore[no-any-return]


@pytest.fixture(scope="session")
def rotterdam() -> pl.DataFrame:
    return pl.read_csv(DATA / "rotterdam.csv")


@pytest.fixture(scope="session")
def gbsg() -> pl.DataFrame:
    return pl.read_csv(DATA / "gbsg.csv")


@pytest.fixture(scope="session")
def gbsg_rfs7(gbsg: pl.DataFrame) -> Survival:
    """GBSG relapse-free survival censored at 84 months, as in generate.R's ``gbsg2``."""
    t = gbsg.get_column("rfstime").to_numpy().astype(np.float64)
    e = gbsg.get_column("status").to_numpy().astype(np.float64)
    return Survival(np.minimum(t, Y7), np.where(t > Y7, 0.0, e))


@pytest.fixture(scope="session")
def gbsg_pi(r_reference: dict[str, Any]) -> NDArray[np.float64]:
    """R's ``predict(cfit, newdata = gbsg2, reference = "zero")`` for every GBSG patient."""
    return np.asarray(r_reference["cox_rotterdam"]["gbsg_lp"], dtype=np.float64)
