"""Input checks shared by the metrics: each names the argument and the value that came.

Modelled on scikit-survival's ``metrics._check_inputs``; every failure is a
:class:`vigil.errors.VigilError` (a ``ValueError``), never an ``assert``.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from vigil.errors import VigilError

__all__ = [
    "FloatArray",
    "check_horizon",
    "check_probabilities",
    "check_score",
    "check_survival",
    "check_weights",
]

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]


def _as_1d(values: Any, name: str) -> NDArray[Any]:
    array = np.asarray(values)
    if array.ndim != 1:
        msg = f"{name} must be one-dimensional (got shape {array.shape})"
        raise VigilError(msg)
    return array


def _first_bad(mask: BoolArray, values: NDArray[Any]) -> str:
    index = int(np.flatnonzero(mask)[0])
    return f"{int(mask.sum())} value(s), the first at position {index}: {values[index]!r}"


def _as_float(values: Any, name: str) -> FloatArray:
    array = _as_1d(values, name)
    if array.dtype.kind not in "biuf":
        msg = f"{name} must be numeric (got dtype {array.dtype})"
        raise VigilError(msg)
    return array.astype(np.float64, copy=False)


def check_survival(time: Any, event: Any) -> tuple[FloatArray, BoolArray]:
    """Follow-up times (finite, >= 0) and event indicators (0/1 or bool) of equal length.

    Raises
    ------
    VigilError
        If the arrays differ in length, hold NaN or infinities, negative times, event codes
        other than 0 and 1, fewer than two rows, or no event at all.
    """
    t = _as_float(time, "time")
    e_raw = _as_1d(event, "event")
    if e_raw.shape[0] != t.shape[0]:
        msg = f"time and event must have the same length (got {t.shape[0]} and {e_raw.shape[0]})"
        raise VigilError(msg)
    if t.shape[0] < 2:
        msg = f"time must hold at least 2 rows (got {t.shape[0]})"
        raise VigilError(msg)
    bad = ~np.isfinite(t)
    if bad.any():
        msg = f"time must be finite; NaN or infinite in {_first_bad(bad, t)}"
        raise VigilError(msg)
    if (t < 0).any():
        msg = f"time must be >= 0; negative in {_first_bad(t < 0, t)}"
        raise VigilError(msg)
    if e_raw.dtype == np.bool_:
        e = e_raw
    else:
        e_num = _as_float(e_raw, "event")
        bad = ~np.isin(e_num, (0.0, 1.0))
        if bad.any():
            msg = f"event must be 0 or 1 (1 = event); other codes in {_first_bad(bad, e_num)}"
            raise VigilError(msg)
        e = e_num == 1.0
    if not e.any():
        msg = (
            f"event has no events in {t.shape[0]} rows (all censored): discrimination and "
            "calibration are undefined"
        )
        raise VigilError(msg)
    return t, e


def check_score(score: Any, n: int, name: str = "score") -> FloatArray:
    """A finite risk score per row (higher = higher risk)."""
    s = _as_float(score, name)
    if s.shape[0] != n:
        msg = f"{name} must have one value per row: {n} (got {s.shape[0]})"
        raise VigilError(msg)
    bad = ~np.isfinite(s)
    if bad.any():
        msg = f"{name} must be finite; NaN or infinite in {_first_bad(bad, s)}"
        raise VigilError(msg)
    return s


def check_probabilities(values: Any, n: int, name: str) -> FloatArray:
    """Probabilities in [0, 1], one per row."""
    p = check_score(values, n, name)
    bad = (p < 0) | (p > 1)
    if bad.any():
        msg = f"{name} must lie in [0, 1]; outside in {_first_bad(bad, p)}"
        raise VigilError(msg)
    return p


def check_weights(weights: Any, n: int) -> FloatArray:
    """Non-negative finite case weights (frequency weights), one per row."""
    w = check_score(weights, n, "weights")
    if (w < 0).any():
        msg = f"weights must be >= 0; negative in {_first_bad(w < 0, w)}"
        raise VigilError(msg)
    if not (w > 0).any():
        msg = "weights are all zero"
        raise VigilError(msg)
    return w


def check_horizon(horizon: float, time: FloatArray, name: str = "horizon") -> float:
    """A horizon inside follow-up: > 0 and below the largest observed time."""
    h = float(horizon)
    if not np.isfinite(h) or h <= 0:
        msg = f"{name} must be a positive number (got {horizon!r})"
        raise VigilError(msg)
    last = float(time.max())
    if h >= last:
        msg = (
            f"{name} must be before the last follow-up time {last:g} (got {h:g}): nobody is "
            "followed beyond it"
        )
        raise VigilError(msg)
    return h
