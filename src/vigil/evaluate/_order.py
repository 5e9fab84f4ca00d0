"""Rows sorted by score, with runs of equal scores: shared by AUC and Royston's D."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from vigil.evaluate._checks import FloatArray

__all__ = ["ScoreRuns"]


@dataclass(frozen=True, slots=True)
class ScoreRuns:
    """``order`` lists rows by increasing score; ``run`` numbers equal scores (0, 1, ...)."""

    order: NDArray[np.intp]
    run: NDArray[np.intp]  # per row (not per sorted position)
    n_runs: int

    @classmethod
    def of(cls, score: FloatArray) -> ScoreRuns:
        order = np.argsort(score, kind="stable")
        s = score[order]
        new = np.empty(s.shape[0], dtype=np.intp)
        new[0] = 0
        np.not_equal(s[1:], s[:-1], out=new[1:])
        run_sorted = np.cumsum(new)
        run = np.empty(s.shape[0], dtype=np.intp)
        run[order] = run_sorted
        return cls(order, run, int(run_sorted[-1]) + 1)

    def sums(self, values: FloatArray) -> FloatArray:
        """Total of ``values`` (per row) within each run of equal scores."""
        return np.bincount(self.run, weights=values, minlength=self.n_runs).astype(np.float64)
