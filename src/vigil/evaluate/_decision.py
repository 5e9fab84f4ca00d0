"""Decision-curve net benefit at a horizon, for survival outcomes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from vigil.errors import VigilError
from vigil.evaluate._calibration import observed_risk_by_group
from vigil.evaluate._checks import (
    FloatArray,
    check_horizon,
    check_probabilities,
    check_survival,
    check_weights,
)
from vigil.evaluate._km import TimeIndex

__all__ = ["DecisionCurve", "net_benefit"]


@dataclass(frozen=True, slots=True)
class DecisionCurve:
    """Net benefit of acting on the model, of acting on everyone, at each threshold."""

    thresholds: FloatArray
    model: FloatArray
    treat_all: FloatArray


def net_benefit(
    time: Any,
    event: Any,
    predicted_risk: Any,
    horizon: float,
    thresholds: Any = None,
    *,
    weights: Any = None,
) -> DecisionCurve:
    """Net benefit of treating patients whose predicted risk reaches each threshold.

    Parameters
    ----------
    time, event : arrays, shape (n,)
        Follow-up and event indicator.
    predicted_risk : array of float in [0, 1], shape (n,)
        Predicted probability of the event by ``horizon``.
    horizon : float
        Time inside follow-up.
    thresholds : array of float in (0, 1), optional
        Threshold probabilities (default 0.01, 0.02, ..., 0.99).
    weights : array of float, optional
        Case weights.

    Notes
    -----
    For threshold :math:`p_t`, with :math:`\\hat S_+(t)` the Kaplan-Meier estimate among
    the patients with predicted risk :math:`\\ge p_t` and :math:`\\pi_+` their share,

    .. math::

        \\mathrm{NB}(p_t) = \\pi_+ \\{1 - \\hat S_+(t)\\} -
            \\pi_+ \\hat S_+(t) \\frac{p_t}{1 - p_t}

    (true positives and false positives per patient, censoring handled by Kaplan-Meier);
    treating everyone uses the whole cohort's :math:`\\hat S(t)`.

    References
    ----------
    1. Vickers AJ, Elkin EB. Decision curve analysis: a novel method for evaluating
       prediction models. Med Decis Making 2006;26:565-574. doi:10.1177/0272989X06295361
    2. Vickers AJ, Cronin AM, Elkin EB, Gonen M. Extensions to decision curve analysis.
       BMC Med Inform Decis Mak 2008;8:53. doi:10.1186/1472-6947-8-53
    """
    t, e = check_survival(time, event)
    p = check_probabilities(predicted_risk, t.shape[0], "predicted_risk")
    h = check_horizon(horizon, t)
    w = np.ones(t.shape[0]) if weights is None else check_weights(weights, t.shape[0])
    grid = np.arange(1, 100) / 100 if thresholds is None else np.asarray(thresholds, float)
    if grid.ndim != 1 or ((grid <= 0) | (grid >= 1)).any():
        msg = f"thresholds must be probabilities strictly between 0 and 1 (got {grid!r})"
        raise VigilError(msg)
    index = TimeIndex.of(t)
    total = float(w.sum())
    odds = grid / (1 - grid)
    # Patients at or above each threshold, as one group per threshold (a loop over the
    # thresholds; each pass is vectorised over the patients).
    model = np.empty(grid.shape[0])
    for k, threshold in enumerate(grid):
        high = p >= threshold
        share = float(w[high].sum()) / total
        if share == 0:
            model[k] = 0.0
            continue
        group = np.zeros(int(high.sum()), dtype=np.intp)
        sub = TimeIndex(index.times, index.index[high])
        surv, _, _, _ = observed_risk_by_group(
            sub, e[high], group, n_groups=1, w=w[high], horizon=h
        )
        model[k] = share * ((1 - surv[0]) - surv[0] * odds[k])
    all_surv, _, _, _ = observed_risk_by_group(
        index, e, np.zeros(t.shape[0], dtype=np.intp), n_groups=1, w=w, horizon=h
    )
    treat_all = (1 - all_surv[0]) - all_surv[0] * odds
    return DecisionCurve(grid, model, treat_all)
