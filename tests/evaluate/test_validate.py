"""The whole validation, and its bootstrap: reproducible and centred on the estimate."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from tests.evaluate.conftest import Survival
from vigil.evaluate import (
    calibration_slope,
    cumulative_dynamic_auc,
    harrell_c,
    royston_d,
    run_bootstrap,
    uno_c,
    validate,
)


@pytest.fixture(scope="module")
def surv5(r_reference: Any) -> Any:
    return np.asarray(r_reference["cox_rotterdam"]["gbsg_surv_5y"])


def test_point_estimates_equal_the_single_metrics(
    gbsg_rfs7: Survival, gbsg_pi: Any, surv5: Any
) -> None:
    t, e = gbsg_rfs7.time, gbsg_rfs7.event
    v = validate(t, e, gbsg_pi, 1826.0, predicted_risk=1 - surv5, linear_predictor=gbsg_pi)
    assert v.harrell_c.value == harrell_c(t, e, gbsg_pi).c
    assert v.uno_c.value == pytest.approx(uno_c(t, e, gbsg_pi, tau=1826.0).c, abs=1e-14)
    assert v.auc_at_horizon.value == pytest.approx(
        cumulative_dynamic_auc(t, e, gbsg_pi, 1826.0).mean_auc, abs=1e-14
    )
    assert v.calibration_slope is not None
    assert v.calibration_slope.value == pytest.approx(
        calibration_slope(t, e, gbsg_pi).coef, abs=1e-9
    )
    assert v.d_statistic.value == pytest.approx(royston_d(t, e, gbsg_pi).d, abs=1e-9)
    assert v.n == 686
    assert v.events == int(e.sum())
    assert v.harrell_c.lower is None


def test_score_only_has_no_calibration(gbsg_rfs7: Survival, gbsg_pi: Any) -> None:
    v = validate(gbsg_rfs7.time, gbsg_rfs7.event, gbsg_pi, 1826.0)
    assert v.brier_at_horizon is None
    assert v.calibration_slope is None
    summary = v.as_dict()
    assert summary["brier_at_horizon"] is None
    assert set(summary) >= {"n", "events", "harrell_c", "uno_c", "auc_at_horizon", "d_statistic"}


def test_bootstrap_is_reproducible_and_brackets_the_estimate(
    gbsg_rfs7: Survival, gbsg_pi: Any, surv5: Any
) -> None:
    args = (gbsg_rfs7.time, gbsg_rfs7.event, gbsg_pi, 1826.0)
    kwargs: dict[str, Any] = {
        "predicted_risk": 1 - surv5,
        "linear_predictor": gbsg_pi,
        "n_bootstrap": 60,
        "seed": 11,
    }
    one = validate(*args, **kwargs)
    two = validate(*args, **kwargs, workers=2)
    assert one.as_dict() == two.as_dict()
    for name in ("harrell_c", "uno_c", "auc_at_horizon", "d_statistic", "calibration_slope"):
        est = getattr(one, name)
        assert est.lower < est.value < est.upper, name
    other = validate(*args, **{**kwargs, "seed": 12})
    assert other.harrell_c.lower != one.harrell_c.lower


def test_bootstrap_replicate_equals_resampled_rows(gbsg_rfs7: Survival, gbsg_pi: Any) -> None:
    t, e = gbsg_rfs7.time, gbsg_rfs7.event
    seen: list[Any] = []

    def statistic(w: Any) -> dict[str, float]:
        seen.append(w)
        return {"c": harrell_c(t, e, gbsg_pi, weights=w).c}

    reps = run_bootstrap(statistic, t.shape[0], 3, seed=5)
    rows = np.repeat(np.arange(t.shape[0]), seen[0].astype(int))
    assert reps.values["c"][0] == pytest.approx(harrell_c(t[rows], e[rows], gbsg_pi[rows]).c)
