"""Brier score and integrated Brier score with inverse-probability-of-censoring weights."""

from __future__ import annotations

from typing import Any

import numpy as np

from vigil.errors import VigilError
from vigil.evaluate._checks import (
    BoolArray,
    FloatArray,
    check_horizon,
    check_probabilities,
    check_survival,
    check_weights,
)
from vigil.evaluate._ipcw import Censoring
from vigil.evaluate._km import TimeIndex

__all__ = ["brier_from_parts", "brier_score", "integrated_brier_score"]


def brier_from_parts(
    time: FloatArray,
    event: BoolArray,
    survival: FloatArray,
    w: FloatArray,
    *,
    censoring: Censoring,
    horizon: float,
) -> float:
    """Brier score at one horizon from the predicted event-free probabilities there."""
    g_h = censoring.at(horizon)
    case = (event & (time <= horizon)) * censoring.inverse_at_row()
    control = (time > horizon) * (1.0 / g_h if g_h > 0 else 0.0)
    loss = survival**2 * case + (1.0 - survival) ** 2 * control
    return float(w @ loss / w.sum())


def brier_score(
    time: Any, event: Any, survival_at: Any, horizon: float, weights: Any = None
) -> float:
    """Brier score at a horizon: mean squared error of the predicted event-free probability.

    Parameters
    ----------
    time, event : arrays, shape (n,)
        Follow-up and event indicator.
    survival_at : array of float in [0, 1], shape (n,)
        Each patient's predicted probability of being event-free at ``horizon``.
    horizon : float
        Time at which to score, inside follow-up.
    weights : array of float, optional
        Case weights.

    Notes
    -----
    .. math::

        \\mathrm{BS}(t) = \\frac1n \\sum_i \\Big[\\hat S_i(t)^2 \\,
            \\frac{I(T_i \\le t, \\delta_i = 1)}{\\hat G(T_i)} +
            \\{1 - \\hat S_i(t)\\}^2 \\, \\frac{I(T_i > t)}{\\hat G(t)}\\Big]

    Agrees with scikit-survival 0.28 ``brier_score(y, y, survival_at, horizon)`` to 1e-12.

    References
    ----------
    1. Graf E, Schmoor C, Sauerbrei W, Schumacher M. Assessment and comparison of
       prognostic classification schemes for survival data. Stat Med 1999;18:2529-2545.
       doi:10.1002/(SICI)1097-0258(19990915/30)18:17/18<2529::AID-SIM274>3.0.CO;2-5
    """
    t, e = check_survival(time, event)
    s = check_probabilities(survival_at, t.shape[0], "survival_at")
    h = check_horizon(horizon, t)
    w = np.ones(t.shape[0]) if weights is None else check_weights(weights, t.shape[0])
    return brier_from_parts(t, e, s, w, censoring=Censoring.of(TimeIndex.of(t), e, w), horizon=h)


def integrated_brier_score(
    time: Any, event: Any, survival_at: Any, times: Any, weights: Any = None
) -> float:
    """Brier score integrated over ``times`` (trapezoid rule), divided by their range.

    Parameters
    ----------
    survival_at : array of float, shape (n, k)
        Predicted event-free probability of each patient at each of the ``k`` times.
    times : array of float, shape (k,)
        Increasing times inside follow-up, at least two.

    Notes
    -----
    :math:`\\mathrm{IBS} = \\frac{1}{t_k - t_1} \\int_{t_1}^{t_k} \\mathrm{BS}(u)\\,du`, as
    scikit-survival's ``integrated_brier_score`` (Graf et al. 1999).
    """
    t, e = check_survival(time, event)
    grid = np.asarray(times, dtype=np.float64)
    if grid.ndim != 1 or grid.shape[0] < 2 or not (np.diff(grid) > 0).all():
        msg = f"times must be at least two increasing times (got {np.asarray(times)!r})"
        raise VigilError(msg)
    for h in grid:
        check_horizon(float(h), t, "times")
    pred = np.asarray(survival_at, dtype=np.float64)
    if pred.shape != (t.shape[0], grid.shape[0]):
        msg = f"survival_at must have shape {(t.shape[0], grid.shape[0])} (got {pred.shape})"
        raise VigilError(msg)
    w = np.ones(t.shape[0]) if weights is None else check_weights(weights, t.shape[0])
    censoring = Censoring.of(TimeIndex.of(t), e, w)
    scores = np.array(
        [
            brier_from_parts(
                t,
                e,
                check_probabilities(pred[:, k], t.shape[0], "survival_at"),
                w,
                censoring=censoring,
                horizon=h,
            )
            for k, h in enumerate(grid)
        ]
    )
    return float(np.trapezoid(scores, grid) / (grid[-1] - grid[0]))
