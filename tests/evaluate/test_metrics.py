"""Time-dependent AUC, Brier, calibration slope, D, calibration tables, net benefit."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from sksurv.metrics import brier_score as sk_brier
from sksurv.metrics import cumulative_dynamic_auc as sk_auc
from sksurv.metrics import integrated_brier_score as sk_ibs
from sksurv.util import Surv as SkSurv

from tests.evaluate.conftest import Survival
from vigil.evaluate import (
    brier_score,
    calibration_in_the_large,
    calibration_slope,
    calibration_table,
    cumulative_dynamic_auc,
    integrated_brier_score,
    kaplan_meier,
    net_benefit,
    royston_d,
)

TIMES = [365.0, 730.0, 1095.0, 1461.0, 1826.0]


@pytest.fixture(scope="module")
def surv5(r_reference: Any) -> Any:
    # summary(survfit(cfit, newdata = gbsg2), times = 1826)$surv
    return np.asarray(r_reference["cox_rotterdam"]["gbsg_surv_5y"])


def test_auc_matches_scikit_survival(gbsg_rfs7: Survival, gbsg_pi: Any) -> None:
    y = SkSurv.from_arrays(gbsg_rfs7.event.astype(bool), gbsg_rfs7.time)
    expected, expected_mean = sk_auc(y, y, gbsg_pi, TIMES)
    result = cumulative_dynamic_auc(gbsg_rfs7.time, gbsg_rfs7.event, gbsg_pi, TIMES)
    np.testing.assert_allclose(result.auc, expected, atol=1e-12)
    assert result.mean_auc == pytest.approx(expected_mean, abs=1e-12)


def test_brier_matches_scikit_survival(gbsg_rfs7: Survival, surv5: Any) -> None:
    y = SkSurv.from_arrays(gbsg_rfs7.event.astype(bool), gbsg_rfs7.time)
    expected = sk_brier(y, y, surv5, 1826.0)[1][0]
    assert brier_score(gbsg_rfs7.time, gbsg_rfs7.event, surv5, 1826.0) == pytest.approx(
        expected, abs=1e-12
    )


def test_integrated_brier_matches_scikit_survival(gbsg_rfs7: Survival, surv5: Any) -> None:
    y = SkSurv.from_arrays(gbsg_rfs7.event.astype(bool), gbsg_rfs7.time)
    grid = np.column_stack([surv5 ** (k / 5) for k in range(1, 6)])
    expected = sk_ibs(y, y, grid, TIMES)
    result = integrated_brier_score(gbsg_rfs7.time, gbsg_rfs7.event, grid, TIMES)
    assert result == pytest.approx(expected, abs=1e-12)


def test_calibration_slope_matches_r(gbsg_rfs7: Survival, gbsg_pi: Any, r_reference: Any) -> None:
    # coxph(Surv(rfstime, rfs) ~ PI, data = gbsg2, ties = "breslow")
    expected = r_reference["calibration_slope"]["gbsg"]
    fit = calibration_slope(gbsg_rfs7.time, gbsg_rfs7.event, gbsg_pi)
    assert fit.coef == pytest.approx(expected["slope"], abs=1e-8)
    assert fit.se == pytest.approx(expected["se"], abs=1e-8)
    assert [fit.loglik_null, fit.loglik] == pytest.approx(expected["loglik"], abs=1e-8)


def test_weighted_calibration_slope_matches_r(
    gbsg_rfs7: Survival, gbsg_pi: Any, r_reference: Any
) -> None:
    # coxph(..., weights = rep(c(1, 2, 3), length.out = nrow(gbsg2)), ties = "breslow")
    expected = r_reference["calibration_slope"]["gbsg_weighted_123"]
    w = np.resize([1.0, 2.0, 3.0], gbsg_pi.shape[0])
    fit = calibration_slope(gbsg_rfs7.time, gbsg_rfs7.event, gbsg_pi, weights=w)
    assert fit.coef == pytest.approx(expected["slope"], abs=1e-8)
    assert [fit.loglik_null, fit.loglik] == pytest.approx(expected["loglik"], abs=1e-8)


def test_royston_d_matches_r(gbsg_rfs7: Survival, gbsg_pi: Any, r_reference: Any) -> None:
    # royston(cfit, newdata = gbsg2): D, se(D), R.D
    expected = r_reference["royston"]["gbsg"]
    result = royston_d(gbsg_rfs7.time, gbsg_rfs7.event, gbsg_pi)
    assert result.d == pytest.approx(expected["D"], abs=1e-8)
    assert result.se == pytest.approx(expected["se"], abs=1e-8)
    assert result.r2 == pytest.approx(expected["R2"], abs=1e-8)


def test_calibration_table_observed_is_group_km(gbsg_rfs7: Survival, surv5: Any) -> None:
    risk = 1 - surv5
    table = calibration_table(gbsg_rfs7.time, gbsg_rfs7.event, risk, 1826.0, groups=4)
    assert table.n.sum() == risk.shape[0]
    cuts = np.quantile(risk, [0.25, 0.5, 0.75])
    group = np.searchsorted(cuts, risk, side="left")
    for g in range(4):
        mine = group == g
        km = kaplan_meier(gbsg_rfs7.time[mine], gbsg_rfs7.event[mine])
        assert table.observed[g] == pytest.approx(1 - km.at(1826.0)[()], abs=1e-12)
        assert table.predicted[g] == pytest.approx(risk[mine].mean(), abs=1e-12)
        assert table.observed_lower[g] <= table.observed[g] <= table.observed_upper[g]


def test_observed_expected(gbsg_rfs7: Survival, surv5: Any) -> None:
    result = calibration_in_the_large(gbsg_rfs7.time, gbsg_rfs7.event, 1 - surv5, 1826.0)
    km = kaplan_meier(gbsg_rfs7.time, gbsg_rfs7.event)
    assert result.observed == pytest.approx(1 - km.at(1826.0)[()], abs=1e-12)
    assert result.ratio == pytest.approx(result.observed / (1 - surv5).mean(), abs=1e-12)


def test_net_benefit(gbsg_rfs7: Survival, surv5: Any) -> None:
    risk = 1 - surv5
    curve = net_benefit(gbsg_rfs7.time, gbsg_rfs7.event, risk, 1826.0, [0.2, 0.5, 0.99])
    km = kaplan_meier(gbsg_rfs7.time, gbsg_rfs7.event)
    s = km.at(1826.0)[()]
    assert curve.treat_all[1] == pytest.approx((1 - s) - s, abs=1e-12)
    high = risk >= 0.5
    sh = kaplan_meier(gbsg_rfs7.time[high], gbsg_rfs7.event[high]).at(1826.0)[()]
    assert curve.model[1] == pytest.approx(high.mean() * ((1 - sh) - sh), abs=1e-12)
    assert curve.model[2] == 0.0  # nobody is above 99 %
