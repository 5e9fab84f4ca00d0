"""Inverse-probability-of-censoring weights, shared by Uno's C, time-dependent AUC and
the Brier score (scikit-survival 0.28 conventions)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from vigil.evaluate._checks import BoolArray, FloatArray
from vigil.evaluate._km import TimeIndex, censoring_survival

__all__ = ["Censoring"]


@dataclass(frozen=True, slots=True)
class Censoring:
    """:math:`\\hat G` (reverse Kaplan-Meier) at each row's time and at chosen horizons.

    :math:`\\hat G(t)` includes censorings at :math:`t` itself, as scikit-survival's
    ``CensoringDistributionEstimator.predict_proba`` does; a weight whose :math:`\\hat G` is
    0 is set to 0 (that row cannot be represented).
    """

    at_row: FloatArray
    times: FloatArray
    curve: FloatArray

    @classmethod
    def of(cls, index: TimeIndex, event: BoolArray, w: FloatArray) -> Censoring:
        return cls.from_counts(index, index.counts(w * event), index.counts(w * ~event))

    @classmethod
    def from_counts(cls, index: TimeIndex, d: FloatArray, c: FloatArray) -> Censoring:
        """From weighted events ``d`` and censorings ``c`` per distinct time."""
        curve = censoring_survival(d, c)
        return cls(curve[index.index], index.times, curve)

    def at(self, t: float) -> float:
        i = int(np.searchsorted(self.times, t, side="right")) - 1
        return 1.0 if i < 0 else float(self.curve[i])

    def inverse_at_row(self) -> FloatArray:
        out = np.zeros(self.at_row.shape[0])
        np.divide(1.0, self.at_row, out=out, where=self.at_row > 0)
        return out
