"""Evaluate survival models: discrimination, calibration, separation, net benefit.

Pure and vectorised (numpy): no file, no print. Every metric takes follow-up ``time``,
``event`` (1 = event, 0 = censored) and a score or prediction per patient, checks its
inputs (raising :class:`vigil.errors.VigilError` that names the argument), accepts case
weights, and returns a frozen result. Each is cross-checked against R ``survival`` 3.5-3
or scikit-survival 0.28 on the shipped data sets (``tests/evaluate``).
"""

from vigil.evaluate._auc import TimeDependentAuc, cumulative_dynamic_auc
from vigil.evaluate._bootstrap import Replicates, percentile_interval, run_bootstrap
from vigil.evaluate._brier import brier_score, integrated_brier_score
from vigil.evaluate._calibration import (
    CalibrationTable,
    ObservedExpected,
    calibration_by_group,
    calibration_in_the_large,
    calibration_table,
)
from vigil.evaluate._concordance import Concordance, harrell_c, uno_c
from vigil.evaluate._cox1d import CoxFit, calibration_slope
from vigil.evaluate._decision import DecisionCurve, net_benefit
from vigil.evaluate._km import (
    CompetingRisks,
    SurvivalCurve,
    aalen_johansen,
    kaplan_meier,
)
from vigil.evaluate._royston import RoystonD, royston_d
from vigil.evaluate._validate import Estimate, Validation, validate

__all__ = [
    "CalibrationTable",
    "CompetingRisks",
    "Concordance",
    "CoxFit",
    "DecisionCurve",
    "Estimate",
    "ObservedExpected",
    "Replicates",
    "RoystonD",
    "SurvivalCurve",
    "TimeDependentAuc",
    "Validation",
    "aalen_johansen",
    "brier_score",
    "calibration_by_group",
    "calibration_in_the_large",
    "calibration_slope",
    "calibration_table",
    "cumulative_dynamic_auc",
    "harrell_c",
    "integrated_brier_score",
    "kaplan_meier",
    "net_benefit",
    "percentile_interval",
    "royston_d",
    "run_bootstrap",
    "uno_c",
    "validate",
]
