"""Calibration at a horizon: observed against predicted risk, by group and overall."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from vigil.errors import VigilError
from vigil.evaluate._checks import (
    BoolArray,
    FloatArray,
    check_horizon,
    check_probabilities,
    check_survival,
    check_weights,
)
from vigil.evaluate._km import TimeIndex

__all__ = [
    "CalibrationTable",
    "ObservedExpected",
    "calibration_by_group",
    "calibration_in_the_large",
    "calibration_table",
    "observed_risk_by_group",
    "risk_groups",
]

_Z95 = 1.959963984540054
# Above this many (group x time) cells, groups are counted one at a time.
_MAX_CELLS = 20_000_000


@dataclass(frozen=True, slots=True)
class CalibrationTable:
    """Observed (Kaplan-Meier) against mean predicted risk at a horizon, per risk group.

    Attributes
    ----------
    n, events:
        Patients and events by the horizon, per group.
    predicted:
        Mean predicted risk (probability of the event by the horizon).
    observed, observed_lower, observed_upper:
        :math:`1 - \\hat S_{KM}(t)` in the group with a 95 % log-log interval.
    """

    horizon: float
    n: FloatArray
    events: FloatArray
    predicted: FloatArray
    observed: FloatArray
    observed_lower: FloatArray
    observed_upper: FloatArray


def risk_groups(predicted_risk: FloatArray, groups: int) -> NDArray[np.intp]:
    """Group 0..groups-1 by quantiles of the predicted risk (ties stay together)."""
    if groups < 1:
        msg = f"groups must be at least 1 (got {groups})"
        raise VigilError(msg)
    if groups == 1:
        return np.zeros(predicted_risk.shape[0], dtype=np.intp)
    cuts = np.quantile(predicted_risk, np.arange(1, groups) / groups)
    return np.searchsorted(cuts, predicted_risk, side="left").astype(np.intp)


def observed_risk_by_group(
    index: TimeIndex,
    event: BoolArray,
    group: NDArray[np.intp],
    *,
    n_groups: int,
    w: FloatArray | None,
    horizon: float,
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """Kaplan-Meier event-free probability at ``horizon`` and its Greenwood variance of
    :math:`\\log \\hat S`, per group; also the group sizes and events by the horizon.

    One pass of counting: rows followed beyond the horizon go to one extra time column
    (at risk throughout, never an event there), so no row is filtered or copied.
    """
    last = int(index.position(horizon))
    n_times = last + 1
    width = n_times + 1
    column = np.minimum(index.index, n_times)
    cell = group * width + column
    size = n_groups * width
    weight = np.ones(event.shape[0]) if w is None else w
    total: FloatArray
    d: FloatArray
    if size <= _MAX_CELLS:
        if w is None:
            flat_total = np.bincount(cell, minlength=size).astype(np.float64)
            flat_d = np.bincount(cell, weights=event, minlength=size).astype(np.float64)
        else:
            flat_total = np.bincount(cell, weights=w, minlength=size).astype(np.float64)
            flat_d = np.bincount(cell, weights=w * event, minlength=size).astype(np.float64)
        total = flat_total.reshape(n_groups, width)
        d = flat_d.reshape(n_groups, width)[:, :n_times]
    else:
        # Many distinct times (continuous, huge n): count one group at a time.
        total = np.zeros((n_groups, width))
        d = np.zeros((n_groups, n_times))
        for g in range(n_groups):
            mine = group == g
            total[g] = np.bincount(column[mine], weights=weight[mine], minlength=width)
            hits = mine & event
            d[g] = np.bincount(column[hits], weights=weight[hits], minlength=width)[:n_times]
    beyond = total[:, n_times]
    c = total[:, :n_times] - d
    at_risk = np.cumsum((d + c)[:, ::-1], axis=1)[:, ::-1] + beyond[:, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        hazard = np.where(at_risk > 0, d / at_risk, 0.0)
        var_terms = np.where(at_risk > d, d / (at_risk * (at_risk - d)), 0.0)
    surv = np.prod(1.0 - hazard, axis=1).astype(np.float64)
    sizes = total.sum(axis=1).astype(np.float64)
    return surv, var_terms.sum(axis=1).astype(np.float64), sizes, d.sum(axis=1).astype(np.float64)


def _loglog_interval(surv: FloatArray, var_log: FloatArray) -> tuple[FloatArray, FloatArray]:
    # Kalbfleisch & Prentice log(-log S) interval, mapped to risk = 1 - S.
    with np.errstate(divide="ignore", invalid="ignore"):
        log_s = np.log(surv)
        half = _Z95 * np.sqrt(var_log) / np.abs(log_s)
        low_s = surv ** np.exp(-half)
        high_s = surv ** np.exp(half)
    inside = (surv > 0) & (surv < 1)
    risk = 1 - surv
    lower = np.where(inside, 1 - low_s, risk)
    upper = np.where(inside, 1 - high_s, risk)
    return lower, upper


def calibration_table(
    time: Any,
    event: Any,
    predicted_risk: Any,
    horizon: float,
    *,
    groups: int = 10,
    weights: Any = None,
) -> CalibrationTable:
    """Observed against predicted risk at ``horizon`` in groups of predicted risk.

    Parameters
    ----------
    time, event : arrays, shape (n,)
        Follow-up and event indicator.
    predicted_risk : array of float in [0, 1], shape (n,)
        Each patient's predicted probability of the event by ``horizon``.
    horizon : float
        Time, in the unit of ``time``, inside follow-up.
    groups : int
        Number of groups, cut at quantiles of the predicted risk (default 10).
    weights : array of float, optional
        Case weights.

    Notes
    -----
    In group :math:`g` the observed risk is :math:`1 - \\hat S_g(t)`, the Kaplan-Meier
    estimate (censoring handled, unlike a raw proportion), with a 95 % interval on the
    :math:`\\log(-\\log)` scale; the predicted risk is the group's mean. Points on the
    diagonal mean good calibration.

    References
    ----------
    1. Royston P, Altman DG. External validation of a Cox prognostic model: principles and
       methods. BMC Med Res Methodol 2013;13:33. doi:10.1186/1471-2288-13-33
    2. Steyerberg EW. Clinical Prediction Models, 2nd ed. Springer, 2019, ch. 15.
       doi:10.1007/978-3-030-16399-0
    """
    t, e = check_survival(time, event)
    p = check_probabilities(predicted_risk, t.shape[0], "predicted_risk")
    return calibration_by_group(t, e, p, horizon, risk_groups(p, groups), weights=weights)


def calibration_by_group(
    time: Any,
    event: Any,
    predicted_risk: Any,
    horizon: float,
    group: Any,
    *,
    weights: Any = None,
) -> CalibrationTable:
    """As :func:`calibration_table`, with groups given (0, 1, ...; e.g. cut-points taken
    from the development data). Empty groups are left out."""
    t, e = check_survival(time, event)
    p = check_probabilities(predicted_risk, t.shape[0], "predicted_risk")
    h = check_horizon(horizon, t)
    w = None if weights is None else check_weights(weights, t.shape[0])
    g = np.asarray(group)
    if g.shape != t.shape or g.dtype.kind not in "iu" or (g < 0).any():
        msg = f"group must hold a whole number >= 0 per row (got {g.dtype} of shape {g.shape})"
        raise VigilError(msg)
    groups = int(g.max()) + 1
    group = g.astype(np.intp)
    surv, var_log, sizes, events = observed_risk_by_group(
        TimeIndex.of(t), e, group, n_groups=groups, w=w, horizon=h
    )
    keep = sizes > 0
    mass = p if w is None else w * p
    predicted = np.bincount(group, weights=mass, minlength=groups)[keep] / sizes[keep]
    lower, upper = _loglog_interval(surv[keep], var_log[keep])
    return CalibrationTable(h, sizes[keep], events[keep], predicted, 1 - surv[keep], lower, upper)


@dataclass(frozen=True, slots=True)
class ObservedExpected:
    """Calibration-in-the-large at a horizon.

    Attributes
    ----------
    observed:
        Kaplan-Meier risk by the horizon in the whole cohort.
    expected:
        Mean predicted risk.
    ratio:
        ``observed / expected`` (1 = calibrated in the large; > 1 = under-prediction).
    """

    observed: float
    expected: float
    ratio: float


def calibration_in_the_large(
    time: Any, event: Any, predicted_risk: Any, horizon: float, weights: Any = None
) -> ObservedExpected:
    """Observed (Kaplan-Meier) against mean predicted risk at ``horizon``: O/E.

    Notes
    -----
    :math:`O/E = \\{1 - \\hat S_{KM}(t)\\} / \\{\\frac1n \\sum_i \\hat F_i(t)\\}`.

    References
    ----------
    1. Debray TPA, Vergouwe Y, Koffijberg H, et al. A new framework to enhance the
       interpretation of external validation studies of clinical prediction models. J Clin
       Epidemiol 2015;68:279-289. doi:10.1016/j.jclinepi.2014.06.018
    """
    t, e = check_survival(time, event)
    p = check_probabilities(predicted_risk, t.shape[0], "predicted_risk")
    h = check_horizon(horizon, t)
    w = np.ones(t.shape[0]) if weights is None else check_weights(weights, t.shape[0])
    one = np.zeros(t.shape[0], dtype=np.intp)
    surv, _, _, _ = observed_risk_by_group(TimeIndex.of(t), e, one, n_groups=1, w=w, horizon=h)
    observed = float(1 - surv[0])
    expected = float(w @ p / w.sum())
    if expected <= 0:
        msg = "predicted_risk is 0 for everyone: the observed/expected ratio is undefined"
        raise VigilError(msg)
    return ObservedExpected(observed, expected, observed / expected)
