"""Royston & Altman (2013) reproduced: the shipped rotterdam-rfs model equals R's fit."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from vigil.evaluate.reports._rotterdam import PAPER, fit_rotterdam, rotterdam_gbsg
from vigil.risk.fitted import FITTED_MODELS


@pytest.fixture(scope="module")
def shipped() -> Any:
    return next(m for m in FITTED_MODELS if m.card.id == "rotterdam-rfs")


def test_refit_equals_r(r_reference: Any) -> None:
    # coxph(Surv(rfstime, rfs) ~ agefun(age) + meno + size + I(1/sqrt(nodes)) +
    #       I(er/1000) + hormon, data = r7, ties = "breslow")
    expected = r_reference["cox_rotterdam"]
    fit = fit_rotterdam()
    assert (fit.n, fit.events) == (expected["n"], expected["events"]) == (1546, 965)
    np.testing.assert_allclose(fit.coef, expected["coef"], atol=1e-9)
    np.testing.assert_allclose(fit.se, expected["se"], atol=1e-9)
    assert fit.loglik == pytest.approx(expected["loglik"][1], abs=1e-8)
    # The paper's Table 2, to its two decimals.
    for name, coef in zip(fit.names, fit.coef, strict=True):
        assert round(coef, 2) == pytest.approx(PAPER[name], abs=0.011), name


def test_shipped_model_file_is_the_fit(shipped: Any, r_reference: Any) -> None:
    np.testing.assert_allclose(
        shipped.coefficients, r_reference["cox_rotterdam"]["coef"], atol=1e-9
    )
    # basehaz(cfit, centered = FALSE) at every event time
    times = np.asarray(r_reference["cox_rotterdam"]["basehaz_time"])
    expected = np.asarray(r_reference["cox_rotterdam"]["basehaz_cumhaz"])
    mine = np.asarray(shipped.baseline_cumhaz)[
        np.searchsorted(shipped.baseline_time, times, side="right") - 1
    ]
    np.testing.assert_allclose(mine, expected, atol=1e-10)


def test_gbsg_validation_equals_r(r_reference: Any) -> None:
    result = rotterdam_gbsg(n_bootstrap=0)
    v = result.validation
    assert v.harrell_c.value == pytest.approx(r_reference["concordance"]["gbsg_pi"]["c"], abs=1e-12)
    assert v.d_statistic.value == pytest.approx(r_reference["royston"]["gbsg"]["D"], abs=1e-8)
    assert v.r2_d.value == pytest.approx(r_reference["royston"]["gbsg"]["R2"], abs=1e-8)
    assert v.calibration_slope is not None
    assert v.calibration_slope.value == pytest.approx(
        r_reference["calibration_slope"]["gbsg"]["slope"], abs=1e-8
    )
    d = result.development
    assert d.harrell_c.value == pytest.approx(
        r_reference["concordance"]["rotterdam_pi"]["c"], abs=1e-12
    )
    assert d.d_statistic.value == pytest.approx(r_reference["royston"]["rotterdam"]["D"], abs=1e-8)


def test_scored_risk_equals_r_survfit(shipped: Any, r_reference: Any) -> None:
    # summary(survfit(cfit, newdata = gbsg2[1:5, ]), times = round((1:7) * 365.25))$surv
    import polars as pl

    from vigil.evaluate.reports._data import gbsg_validation

    frame = (
        gbsg_validation()
        .head(5)
        .with_columns(
            pl.col("menopausal_status").cast(pl.Enum(["pre", "post", "unknown"])),
            pl.col("endocrine").cast(pl.Enum(["yes", "no"])),
        )
    )
    scored = shipped.score(frame)
    assert scored.get_column("rotterdam_rfs_refused").null_count() == 5
    np.testing.assert_allclose(
        scored.get_column("rotterdam_rfs_lp").to_numpy(),
        r_reference["cox_rotterdam"]["gbsg_lp"][:5],
        atol=1e-12,
    )
    surv = np.asarray(r_reference["cox_rotterdam"]["gbsg_surv_first5"])  # rows = times
    # R's times are round(k * 365.25) days; the model's horizons are k * 365.25 days, the
    # same step of the baseline hazard (no event falls between them in Rotterdam).
    for k in range(1, 8):
        risk = scored.get_column(f"rotterdam_rfs_event_{k}y").to_numpy()
        np.testing.assert_allclose(1 - risk, surv[k - 1], atol=1e-12)
