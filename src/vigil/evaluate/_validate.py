"""Everything a validation reports, from one sort of the data, with bootstrap intervals."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from vigil.errors import VigilError
from vigil.evaluate._auc import auc_from_parts
from vigil.evaluate._bootstrap import Progress, percentile_interval, run_bootstrap
from vigil.evaluate._brier import brier_from_parts
from vigil.evaluate._calibration import CalibrationTable, calibration_table
from vigil.evaluate._checks import (
    FloatArray,
    check_horizon,
    check_probabilities,
    check_score,
    check_survival,
)
from vigil.evaluate._concordance import ConcordanceData
from vigil.evaluate._cox1d import RiskSets, cox_one
from vigil.evaluate._ipcw import Censoring
from vigil.evaluate._km import survival_from_counts
from vigil.evaluate._order import ScoreRuns
from vigil.evaluate._pairs import PairIndex
from vigil.evaluate._royston import d_from_parts

__all__ = ["Estimate", "Validation", "validate"]


@dataclass(frozen=True, slots=True)
class Estimate:
    """A point estimate and, when a bootstrap was run, its percentile interval."""

    value: float
    lower: float | None = None
    upper: float | None = None

    def as_dict(self) -> dict[str, float | None]:
        return {"value": self.value, "lower": self.lower, "upper": self.upper}


@dataclass(frozen=True, slots=True)
class Validation:
    """Discrimination and calibration of one score on one data set.

    ``brier_at_horizon``, ``observed_expected`` and ``calibration`` need predicted risks;
    ``calibration_slope`` needs a linear predictor; they are None without them.
    """

    n: int
    events: int
    events_by_horizon: int
    horizon: float
    harrell_c: Estimate
    uno_c: Estimate
    auc_at_horizon: Estimate
    d_statistic: Estimate
    r2_d: Estimate
    brier_at_horizon: Estimate | None
    observed_expected: Estimate | None
    calibration_slope: Estimate | None
    calibration: CalibrationTable | None
    n_bootstrap: int
    seed: int | None
    level: float
    failed_replicates: int

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready summary (the calibration table as lists)."""

        def est(e: Estimate | None) -> dict[str, float | None] | None:
            return None if e is None else e.as_dict()

        table = None
        if self.calibration is not None:
            c = self.calibration
            table = {
                "n": c.n.tolist(),
                "events": c.events.tolist(),
                "predicted": c.predicted.tolist(),
                "observed": c.observed.tolist(),
                "observed_lower": c.observed_lower.tolist(),
                "observed_upper": c.observed_upper.tolist(),
            }
        return {
            "n": self.n,
            "events": self.events,
            "events_by_horizon": self.events_by_horizon,
            "horizon": self.horizon,
            "harrell_c": est(self.harrell_c),
            "uno_c": est(self.uno_c),
            "auc_at_horizon": est(self.auc_at_horizon),
            "brier_at_horizon": est(self.brier_at_horizon),
            "observed_expected": est(self.observed_expected),
            "calibration_slope": est(self.calibration_slope),
            "d_statistic": est(self.d_statistic),
            "r2_d": est(self.r2_d),
            "calibration": table,
            "bootstrap": {
                "replicates": self.n_bootstrap,
                "seed": self.seed,
                "level": self.level,
                "failed": self.failed_replicates,
            },
        }


@dataclass(frozen=True, slots=True)
class _Prepared:
    data: ConcordanceData
    sets: RiskSets
    runs: ScoreRuns
    risk: FloatArray | None
    lp: FloatArray | None
    horizon: float

    def statistics(
        self, w: FloatArray, pairs: PairIndex | None, start: Mapping[str, float]
    ) -> dict[str, float]:
        data, h = self.data, self.horizon
        d = data.times.counts(w * data.event)
        c = data.times.counts(w * ~data.event)
        censoring = Censoring.from_counts(data.times, d, c)
        uno_u = data.uno_weights(w, h, censoring)
        harrell, uno = data.counts(w, [w * data.event, uno_u], pairs)
        out = {
            "harrell_c": harrell.c,
            "uno_c": uno.c,
            "auc_at_horizon": auc_from_parts(
                data.time,
                data.event,
                self.runs,
                w,
                inverse_g=censoring.inverse_at_row(),
                horizon=h,
            ),
        }
        # Bootstrap replicates start from the point estimate and stop at a looser tolerance.
        tol = 1e-10 if pairs is None else 1e-5
        royston = d_from_parts(self.sets, self.runs, w, start=start.get("d_coef", 0.0), tol=tol)
        out["d_statistic"] = royston.d
        out["r2_d"] = royston.r2
        out["d_coef"] = royston.d / np.sqrt(8 / np.pi)
        if self.risk is not None:
            out["brier_at_horizon"] = brier_from_parts(
                data.time, data.event, 1.0 - self.risk, w, censoring=censoring, horizon=h
            )
            _, surv = survival_from_counts(d, c)
            at = int(data.times.position(h))
            observed = 1.0 - (float(surv[at]) if at >= 0 else 1.0)
            out["observed_expected"] = observed / float(w @ self.risk / w.sum())
        if self.lp is not None:
            out["calibration_slope"] = cox_one(
                self.sets,
                self.lp,
                w,
                start=start.get("calibration_slope", 1.0),
                tol=tol,
                with_null=False,
            ).coef
        return out


def validate(
    time: Any,
    event: Any,
    score: Any,
    horizon: float,
    *,
    predicted_risk: Any = None,
    linear_predictor: Any = None,
    groups: int = 10,
    n_bootstrap: int = 0,
    seed: int = 0,
    level: float = 0.95,
    workers: int = 1,
    progress: Progress | None = None,
) -> Validation:
    """Validate a risk score: discrimination, calibration and separation at a horizon.

    Parameters
    ----------
    time, event : arrays, shape (n,)
        Follow-up and event indicator (1 = event).
    score : array of float, shape (n,)
        Risk score, higher = higher risk (Harrell's and Uno's C, AUC, D).
    horizon : float
        Time (unit of ``time``) for the AUC, Brier score, Uno's truncation and calibration.
    predicted_risk : array of float in [0, 1], optional
        Predicted probability of the event by ``horizon`` (Brier score, O/E, calibration
        table).
    linear_predictor : array of float, optional
        The model's linear predictor (calibration slope).
    groups : int
        Risk groups in the calibration table.
    n_bootstrap : int
        Bootstrap replicates for percentile intervals (0 = none).
    seed : int
        Seed of the bootstrap; the same seed gives the same intervals.
    level : float
        Interval coverage (default 0.95).
    workers : int
        Threads running replicates (numpy releases the GIL in the heavy passes).
    progress : callable, optional
        Called with (replicates done, replicates in all).

    Returns
    -------
    Validation

    Notes
    -----
    Each metric is the one documented in its own function (:func:`harrell_c`,
    :func:`uno_c` with :math:`\\tau` = horizon, :func:`cumulative_dynamic_auc`,
    :func:`brier_score`, :func:`calibration_in_the_large`, :func:`calibration_slope`,
    :func:`royston_d`). The bootstrap resamples rows with replacement (as frequency
    weights) and recomputes every metric, including the censoring weights.

    References
    ----------
    1. Royston P, Altman DG. External validation of a Cox prognostic model: principles and
       methods. BMC Med Res Methodol 2013;13:33. doi:10.1186/1471-2288-13-33
    2. Collins GS, Reitsma JB, Altman DG, Moons KGM. Transparent reporting of a
       multivariable prediction model for individual prognosis or diagnosis (TRIPOD).
       BMJ 2015;350:g7594. doi:10.1136/bmj.g7594
    """
    t, e = check_survival(time, event)
    s = check_score(score, t.shape[0])
    h = check_horizon(horizon, t)
    if n_bootstrap < 0:
        msg = f"n_bootstrap must be 0 or more (got {n_bootstrap})"
        raise VigilError(msg)
    risk = (
        None
        if predicted_risk is None
        else check_probabilities(predicted_risk, t.shape[0], "predicted_risk")
    )
    lp = (
        None
        if linear_predictor is None
        else check_score(linear_predictor, t.shape[0], "linear_predictor")
    )
    data = ConcordanceData.build(t, e, s)
    order = data.order
    prepared = _Prepared(
        data=data,
        sets=RiskSets.of(data.time, data.event),
        runs=ScoreRuns.of(s[order]),
        risk=None if risk is None else risk[order],
        lp=None if lp is None else lp[order],
        horizon=h,
    )
    point = prepared.statistics(np.ones(t.shape[0]), None, {})
    intervals: dict[str, tuple[float, float]] = {}
    failed = 0
    if n_bootstrap:
        pairs = data.pair_index()

        def statistic(w_rows: FloatArray) -> Mapping[str, float]:
            return prepared.statistics(w_rows[order], pairs, point)

        replicates = run_bootstrap(
            statistic, t.shape[0], n_bootstrap, seed=seed, workers=workers, progress=progress
        )
        intervals = {k: percentile_interval(v, level) for k, v in replicates.values.items()}
        failed = replicates.failed

    def estimate(name: str) -> Estimate:
        low, high = intervals.get(name, (None, None))
        return Estimate(point[name], low, high)

    def optional(name: str) -> Estimate | None:
        return estimate(name) if name in point else None

    table = None if risk is None else calibration_table(t, e, risk, h, groups=groups)
    return Validation(
        n=int(t.shape[0]),
        events=int(e.sum()),
        events_by_horizon=int((e & (t <= h)).sum()),
        horizon=h,
        harrell_c=estimate("harrell_c"),
        uno_c=estimate("uno_c"),
        auc_at_horizon=estimate("auc_at_horizon"),
        d_statistic=estimate("d_statistic"),
        r2_d=estimate("r2_d"),
        brier_at_horizon=optional("brier_at_horizon"),
        observed_expected=optional("observed_expected"),
        calibration_slope=optional("calibration_slope"),
        calibration=table,
        n_bootstrap=n_bootstrap,
        seed=seed if n_bootstrap else None,
        level=level,
        failed_replicates=failed,
    )
