"""Seeded, reproducible bootstrap by resampling counts (frequency weights).

A resample of ``n`` rows with replacement is the same as giving row ``i`` the weight
:math:`W_i`, the number of times it was drawn: :math:`W \\sim \\mathrm{Multinomial}(n,
1/n)`. Every metric here accepts such weights, so the data are sorted once and only the
weights change between replicates. Each replicate draws from its own child of
``numpy.random.SeedSequence(seed)``, so the result does not depend on how many threads
run the replicates or in which order they finish.

References
----------
1. Efron B, Tibshirani RJ. An Introduction to the Bootstrap. Chapman & Hall, 1993,
   ch. 13 (percentile intervals). doi:10.1201/9780429246593
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from vigil.errors import VigilError
from vigil.evaluate._checks import FloatArray

__all__ = ["Replicates", "percentile_interval", "resample_counts", "run_bootstrap"]

Progress = Callable[[int, int], None]


def resample_counts(n: int, rng: np.random.Generator) -> FloatArray:
    """How often each of ``n`` rows is drawn in one resample of size ``n``."""
    return np.bincount(rng.integers(0, n, n), minlength=n).astype(np.float64)


@dataclass(frozen=True, slots=True)
class Replicates:
    """Each statistic's value in every replicate (NaN where a replicate was undefined)."""

    values: Mapping[str, FloatArray]
    failed: int


def run_bootstrap(
    statistic: Callable[[FloatArray], Mapping[str, float]],
    n: int,
    n_bootstrap: int,
    *,
    seed: int,
    workers: int = 1,
    progress: Progress | None = None,
) -> Replicates:
    """Evaluate ``statistic(weights)`` on ``n_bootstrap`` resamples of ``n`` rows.

    A replicate in which a statistic is undefined (say, no event was drawn) raises
    :class:`VigilError` inside ``statistic``; it is recorded as NaN and counted in
    ``failed`` rather than stopping the run.
    """
    if n_bootstrap < 1:
        msg = f"n_bootstrap must be at least 1 (got {n_bootstrap})"
        raise VigilError(msg)
    if workers < 1:
        msg = f"workers must be at least 1 (got {workers})"
        raise VigilError(msg)
    children = np.random.SeedSequence(seed).spawn(n_bootstrap)

    def one(k: int) -> Mapping[str, float] | None:
        weights = resample_counts(n, np.random.default_rng(children[k]))
        try:
            return statistic(weights)
        except VigilError:
            return None

    results: list[Mapping[str, float] | None] = []
    if workers == 1:
        for k in range(n_bootstrap):
            results.append(one(k))
            if progress is not None:
                progress(k + 1, n_bootstrap)
    else:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            for k, result in enumerate(pool.map(one, range(n_bootstrap))):
                results.append(result)
                if progress is not None:
                    progress(k + 1, n_bootstrap)
    names = sorted({name for r in results if r is not None for name in r})
    values = {
        name: np.array(
            [np.nan if r is None else r.get(name, np.nan) for r in results], dtype=np.float64
        )
        for name in names
    }
    return Replicates(values, sum(r is None for r in results))


def percentile_interval(values: FloatArray, level: float) -> tuple[float, float]:
    """Percentile interval of the defined replicate values."""
    if not 0 < level < 1:
        msg = f"level must be between 0 and 1 (got {level!r})"
        raise VigilError(msg)
    finite = values[np.isfinite(values)]
    if finite.shape[0] == 0:
        return float("nan"), float("nan")
    tail = (1 - level) / 2
    low, high = np.quantile(finite, [tail, 1 - tail])
    return float(low), float(high)
