"""Harrell's and Uno's C against R survival::concordance and scikit-survival."""

from __future__ import annotations

from typing import Any

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sksurv.metrics import concordance_index_censored, concordance_index_ipcw
from sksurv.util import Surv as SkSurv

from tests.evaluate.conftest import Survival
from vigil.errors import VigilError
from vigil.evaluate import harrell_c, uno_c


def _check_counts(result: Any, expected: dict[str, float]) -> None:
    assert result.concordant == expected["concordant"]
    assert result.discordant == expected["discordant"]
    assert result.tied_risk == expected["tied_x"]
    assert result.tied_time == expected["tied_y"] + expected["tied_xy"]
    assert result.c == pytest.approx(expected["c"], abs=1e-12)


def test_gbsg_rotterdam_pi(gbsg_rfs7: Survival, gbsg_pi: Any, r_reference: Any) -> None:
    # concordance(Surv(rfstime, rfs) ~ PI, data = gbsg2, reverse = TRUE)
    result = harrell_c(gbsg_rfs7.time, gbsg_rfs7.event, gbsg_pi)
    _check_counts(result, r_reference["concordance"]["gbsg_pi"])


def test_ties_everywhere_grade(rotterdam: pl.DataFrame, r_reference: Any) -> None:
    # concordance(Surv(rtime, recur) ~ grade, data = rotterdam, reverse = TRUE):
    # two score values, many tied times
    result = harrell_c(rotterdam["rtime"], rotterdam["recur"], rotterdam["grade"])
    _check_counts(result, r_reference["concordance"]["rotterdam_grade"])


def test_ties_nodes(gbsg: pl.DataFrame, r_reference: Any) -> None:
    # concordance(Surv(rfstime, status) ~ nodes, data = gbsg, reverse = TRUE)
    result = harrell_c(gbsg["rfstime"], gbsg["status"], gbsg["nodes"])
    _check_counts(result, r_reference["concordance"]["gbsg_nodes"])


def test_matches_scikit_survival(gbsg: pl.DataFrame) -> None:
    event = gbsg["status"].to_numpy().astype(bool)
    time = gbsg["rfstime"].to_numpy().astype(float)
    score = gbsg["nodes"].to_numpy().astype(float)
    expected = concordance_index_censored(event, time, score)
    result = harrell_c(time, event, score)
    assert result.c == pytest.approx(expected[0], abs=1e-12)
    assert (result.concordant, result.discordant, result.tied_risk) == expected[1:4]


@pytest.mark.parametrize("tau", [None, 730.0, 1826.0])
def test_uno_matches_scikit_survival(gbsg_rfs7: Survival, gbsg_pi: Any, tau: Any) -> None:
    y = SkSurv.from_arrays(gbsg_rfs7.event.astype(bool), gbsg_rfs7.time)
    expected = concordance_index_ipcw(y, y, gbsg_pi, tau=tau)[0]
    assert uno_c(gbsg_rfs7.time, gbsg_rfs7.event, gbsg_pi, tau=tau).c == pytest.approx(
        expected, abs=1e-12
    )


def test_weights_are_copies() -> None:
    rng = np.random.default_rng(7)
    n = 400
    t = rng.integers(1, 40, n).astype(float)
    e = rng.random(n) < 0.6
    s = rng.integers(0, 12, n).astype(float)
    w = rng.integers(0, 4, n).astype(float)
    rows = np.repeat(np.arange(n), w.astype(int))
    weighted = harrell_c(t, e, s, weights=w)
    copied = harrell_c(t[rows], e[rows], s[rows])
    # tied_time counts pairs of distinct rows, so it leaves out pairs of copies of one row.
    assert weighted.c == pytest.approx(copied.c, abs=1e-15)
    assert (weighted.concordant, weighted.discordant, weighted.tied_risk) == (
        copied.concordant,
        copied.discordant,
        copied.tied_risk,
    )


def _brute(t: Any, e: Any, s: Any) -> tuple[int, int, int]:
    con = dis = tie = 0
    for i in range(len(t)):
        if not e[i]:
            continue
        for j in range(len(t)):
            later = t[j] > t[i] or (t[j] == t[i] and not e[j])
            if i == j or not later:
                continue
            if s[i] > s[j]:
                con += 1
            elif s[i] < s[j]:
                dis += 1
            else:
                tie += 1
    return con, dis, tie


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 6), st.booleans(), st.integers(0, 4)), min_size=2, max_size=40
    )
)
def test_equals_brute_force(rows: list[tuple[int, bool, int]]) -> None:
    t = np.array([r[0] for r in rows], dtype=float)
    e = np.array([r[1] for r in rows])
    s = np.array([r[2] for r in rows], dtype=float)
    con, dis, tie = _brute(t, e, s)
    if not e.any() or con + dis + tie == 0:
        with pytest.raises(VigilError):
            harrell_c(t, e, s)
        return
    result = harrell_c(t, e, s)
    assert (result.concordant, result.discordant, result.tied_risk) == (con, dis, tie)


def test_perfect_and_reversed() -> None:
    assert harrell_c([1, 2, 3, 4], [1, 1, 0, 1], [4, 3, 2, 1]).c == 1.0
    assert harrell_c([1, 2, 3, 4], [1, 1, 0, 1], [1, 2, 3, 4]).c == 0.0
    assert harrell_c([1, 2, 3, 4], [1, 1, 1, 1], [5, 5, 5, 5]).c == 0.5
