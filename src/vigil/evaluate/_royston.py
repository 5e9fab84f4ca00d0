"""Royston and Sauerbrei's D statistic and :math:`R^2_D`."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
from scipy.special import ndtri  # type: ignore[import-untyped]

from vigil.errors import VigilError
from vigil.evaluate._checks import FloatArray, check_score, check_survival, check_weights
from vigil.evaluate._cox1d import RiskSets, cox_one
from vigil.evaluate._order import ScoreRuns

__all__ = ["KAPPA", "RoystonD", "normal_scores", "royston_d"]

KAPPA = float(np.sqrt(8 / np.pi))
"""Royston & Sauerbrei's scaling constant :math:`\\kappa = \\sqrt{8/\\pi}`."""

_LOGISTIC_VARIANCE = np.pi**2 / 6


@dataclass(frozen=True, slots=True)
class RoystonD:
    """D (separation on the log relative-hazard scale), its standard error and R²_D."""

    d: float
    se: float
    r2: float


@lru_cache(maxsize=2)
def _cumulative_rankits(total: int) -> FloatArray:
    """0 followed by the running sums of the Blom rankits of 1..total (cached: a bootstrap
    reuses the same total in every replicate)."""
    ranks = np.arange(1, total + 1, dtype=np.float64)
    return np.concatenate(([0.0], np.cumsum(ndtri((ranks - 0.375) / (total + 0.25)))))


def normal_scores(runs: ScoreRuns, w: FloatArray) -> FloatArray:
    """Blom normal scores of the ranks, averaged over tied scores, for integer weights.

    A row of weight :math:`w_i` stands for :math:`w_i` copies (a bootstrap resample), so
    its copies occupy :math:`w_i` consecutive ranks among :math:`N = \\sum w` and, like
    every tie, share the mean of their rankits
    :math:`\\Phi^{-1}\\{(k - 3/8)/(N + 1/4)\\}` (R ``survival::royston``, ``ties = TRUE``).
    """
    total = round(float(w.sum()))
    cumulative = _cumulative_rankits(total)
    run_weight = runs.sums(w)
    upper = np.rint(np.cumsum(run_weight)).astype(np.intp)
    lower = upper - np.rint(run_weight).astype(np.intp)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(
            upper > lower, (cumulative[upper] - cumulative[lower]) / (upper - lower), 0.0
        )
    return np.asarray(mean[runs.run], dtype=np.float64)


def d_from_parts(
    sets: RiskSets, runs: ScoreRuns, w: FloatArray, start: float = 0.0, tol: float = 1e-10
) -> RoystonD:
    """D for rows already in time order (``sets``) with their score runs."""
    fit = cox_one(
        sets, normal_scores(runs, w), w, start=start, ties="efron", tol=tol, with_null=False
    )
    return RoystonD(
        d=fit.coef * KAPPA,
        se=fit.se * KAPPA,
        r2=fit.coef**2 / (_LOGISTIC_VARIANCE + fit.coef**2),
    )


def royston_d(time: Any, event: Any, score: Any, weights: Any = None) -> RoystonD:
    """Royston and Sauerbrei's D: prognostic separation of a risk score.

    Parameters
    ----------
    time, event : arrays, shape (n,)
        Follow-up time and event indicator.
    score : array of float, shape (n,)
        Risk score or linear predictor (higher = higher risk); only its ranks matter.
    weights : array of whole numbers, optional
        Frequency weights (a bootstrap resample's counts).

    Returns
    -------
    RoystonD

    Notes
    -----
    The score's ranks are turned into Blom normal scores
    :math:`z_i = \\Phi^{-1}\\{(r_i - 3/8)/(n + 1/4)\\}` (ties share the mean), scaled by
    :math:`\\kappa = \\sqrt{8/\\pi}`, and a Cox model on :math:`z/\\kappa` gives
    :math:`D = \\kappa \\hat\\beta`: the log hazard ratio between the upper and lower halves
    of a normally distributed prognostic index. The Cox fit uses Efron's ties, as R's
    ``royston`` (which calls ``coxph`` with its default).

    .. math:: R^2_D = \\frac{D^2/\\kappa^2}{\\pi^2/6 + D^2/\\kappa^2}

    Matches R ``survival::royston(fit, newdata)`` (``D``, ``se(D)``, ``R.D``) to 1e-8
    when the score increases with the hazard. R's ``royston(fit, newdata)`` first refits
    the predictor in the new data, so it reverses the ranks when that slope is negative;
    here a score that runs the wrong way gives a negative D.

    References
    ----------
    1. Royston P, Sauerbrei W. A new measure of prognostic separation in survival data.
       Stat Med 2004;23:723-748. doi:10.1002/sim.1621
    2. Blom G. Statistical estimates and transformed beta-variables. Wiley, 1958.
    """
    t, e = check_survival(time, event)
    s = check_score(score, t.shape[0])
    w = np.ones(t.shape[0]) if weights is None else check_weights(weights, t.shape[0])
    if not np.array_equal(w, np.rint(w)):
        msg = "weights for D must be whole numbers (frequency weights)"
        raise VigilError(msg)
    order = np.argsort(t, kind="stable")
    sets = RiskSets.of(t[order], e[order])
    return d_from_parts(sets, ScoreRuns.of(s[order]), w[order])
