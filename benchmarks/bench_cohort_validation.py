"""Time cohort-table validation on generated tables of growing size.

Run: ``.venv/bin/python benchmarks/bench_cohort_validation.py [max_rows]``.
"""

from __future__ import annotations

import sys
import time

import numpy as np
import polars as pl

from vigil.facts import COLUMNS, validate_cohort


def generated(n: int, rng: np.random.Generator) -> pl.DataFrame:
    columns: dict[str, object] = {"patient_id": [f"id{i}" for i in range(n)]}
    # Values that are valid together, so the timing is of a realistic, mostly clean table.
    fixed = {"micrometastases_only": "no", "radiotherapy": "yes", "atypical_hyperplasia": "no"}
    for spec in COLUMNS[1:]:
        if spec.name in fixed:
            columns[spec.name] = [fixed[spec.name]] * n
        elif spec.name == "age":
            columns[spec.name] = rng.integers(40, 80, size=n).astype(str)
        elif spec.kind == "code":
            columns[spec.name] = rng.choice(spec.codes, size=n)
        else:
            low = spec.minimum or 0
            high = min(spec.maximum or 100, low + 5)
            columns[spec.name] = rng.integers(int(low) + 1, int(high), size=n).astype(str)
    return pl.DataFrame(columns)


def main(max_rows: int) -> None:
    rng = np.random.default_rng(0)
    n = 1_000
    while n <= max_rows:
        frame = generated(n, rng)
        start = time.perf_counter()
        result = validate_cohort(frame)
        seconds = time.perf_counter() - start
        sys.stdout.write(
            f"{n:>10,} rows  {seconds:8.3f} s  {n / seconds:>12,.0f} rows/s  "
            f"{result.n_bad_rows:,} rows with problems\n"
        )
        n *= 10


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
