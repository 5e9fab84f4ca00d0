"""Kaplan-Meier and Aalen-Johansen against R survfit."""

from __future__ import annotations

from typing import Any

import numpy as np
import polars as pl
import pytest

from tests.evaluate.conftest import Survival
from vigil.evaluate import aalen_johansen, kaplan_meier


def test_km_gbsg(gbsg_rfs7: Survival, r_reference: Any) -> None:
    # survfit(Surv(rfstime, rfs) ~ 1, data = gbsg2)
    expected = r_reference["kaplan_meier"]["gbsg"]
    km = kaplan_meier(gbsg_rfs7.time, gbsg_rfs7.event)
    np.testing.assert_array_equal(km.time, expected["time"])
    np.testing.assert_array_equal(km.n_risk, expected["n_risk"])
    np.testing.assert_array_equal(km.n_event, expected["n_event"])
    np.testing.assert_allclose(km.survival, expected["surv"], atol=1e-12)
    np.testing.assert_allclose(km.std_err, expected["std_err"], atol=1e-12)


def test_km_rotterdam_at_5_years(rotterdam: pl.DataFrame, r_reference: Any) -> None:
    # summary(survfit(Surv(rtime, recur) ~ 1, data = rotterdam), times = 1826)
    expected = r_reference["kaplan_meier"]["rotterdam_relapse_5y"]
    km = kaplan_meier(rotterdam["rtime"], rotterdam["recur"])
    assert km.at(1826.0)[()] == pytest.approx(expected["surv"], abs=1e-12)


def test_km_non_integer_times_take_the_sorting_path(gbsg_rfs7: Survival) -> None:
    days = kaplan_meier(gbsg_rfs7.time, gbsg_rfs7.event)
    years = kaplan_meier(gbsg_rfs7.time / 365.25, gbsg_rfs7.event)
    np.testing.assert_allclose(days.survival, years.survival, atol=1e-15)


def test_aalen_johansen_relapse_vs_death(rotterdam: pl.DataFrame, r_reference: Any) -> None:
    # survfit(Surv(etime, estate) ~ 1, data = rotterdam); states (s0), relapse, death
    expected = r_reference["aalen_johansen"]["rotterdam"]
    recur = rotterdam["recur"].to_numpy()
    death = rotterdam["death"].to_numpy()
    time = np.where(recur == 1, rotterdam["rtime"].to_numpy(), rotterdam["dtime"].to_numpy())
    cause = np.where(recur == 1, 1, np.where(death == 1, 2, 0))
    aj = aalen_johansen(time, cause)
    free, cif = aj.at(np.asarray(expected["times"], dtype=float))
    pstate = np.asarray(expected["pstate"])
    np.testing.assert_allclose(free, pstate[:, 0], atol=1e-12)
    np.testing.assert_allclose(cif.T, pstate[:, 1:], atol=1e-12)
    np.testing.assert_allclose(free + cif.sum(axis=0), 1.0, atol=1e-12)
