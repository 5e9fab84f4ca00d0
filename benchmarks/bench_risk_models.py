"""Throughput and peak memory of the risk models on a generated 10-million-row table.

Each model runs in its own process so that its peak memory is its own. The table is
generated typed (as ``validate_cohort`` would return it) and scored in chunks.

Run: ``.venv/bin/python benchmarks/bench_risk_models.py [rows] [chunk_rows]``
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time

import numpy as np
import polars as pl

from vigil.facts import Race
from vigil.risk import score_table

ROWS = 10_000_000
CHUNK = 1_000_000


def generated(n: int, seed: int = 0) -> pl.DataFrame:
    """A typed cohort frame of ``n`` plausible patients (codes as pl.Enum, numbers Float64)."""
    rng = np.random.default_rng(seed)

    def enum(name: str, codes: list[str], p: list[float] | None = None) -> pl.Series:
        picks = rng.choice(len(codes), size=n, p=p)
        return pl.Series(name, np.asarray(codes)[picks]).cast(pl.Enum(codes))

    yes_no = ["yes", "no"]
    return pl.DataFrame(
        [
            pl.Series("age", rng.uniform(30, 85, n)),
            pl.Series("size_mm", rng.uniform(2, 80, n).round(0)),
            pl.Series("grade", rng.integers(1, 4, n).astype(np.float64)),
            pl.Series("nodes_positive", rng.poisson(1.2, n).astype(np.float64)),
            enum("micrometastases_only", yes_no, [0.05, 0.95]),
            enum("er", ["positive", "negative", "unknown"], [0.8, 0.2, 0.0]),
            enum("pr", ["positive", "negative", "unknown"], [0.6, 0.3, 0.1]),
            enum("her2", ["positive", "negative", "unknown"], [0.15, 0.8, 0.05]),
            enum("ki67", ["positive", "negative", "unknown"], [0.4, 0.4, 0.2]),
            enum("detection", ["screening", "symptoms", "unknown"], [0.4, 0.5, 0.1]),
            enum("chemo", ["none", "second_gen", "third_gen"]),
            enum("endocrine", yes_no, [0.8, 0.2]),
            enum("trastuzumab", yes_no, [0.15, 0.85]),
            enum("bisphosphonate", yes_no, [0.3, 0.7]),
            enum("radiotherapy", yes_no, [0.7, 0.3]),
            enum("smoker", yes_no, [0.1, 0.9]),
            pl.Series("heart_dose_gy", rng.uniform(0, 5, n).round(1)),
        ]
    ).with_columns(
        # Keep the generated facts consistent with the table's cross-column rules.
        pl.when(pl.col("radiotherapy") == "no")
        .then(0.0)
        .otherwise(pl.col("heart_dose_gy"))
        .alias("heart_dose_gy"),
        pl.when(pl.col("nodes_positive") == 0)
        .then(pl.lit("no"))
        .otherwise(pl.col("micrometastases_only"))
        .cast(pl.Enum(yes_no))
        .alias("micrometastases_only"),
    )


def generated_unaffected(n: int, seed: int = 0) -> pl.DataFrame:
    """A typed frame of ``n`` women without breast cancer, for the Gail model."""
    rng = np.random.default_rng(seed)
    races = [r.value for r in Race]
    age = rng.integers(35, 85, n).astype(np.float64)
    menarche = rng.integers(10, 16, n).astype(np.float64)
    first_birth = np.minimum(menarche + rng.integers(5, 25, n), age)
    biopsies = rng.integers(0, 3, n).astype(np.float64)
    hyperplasia = np.where(biopsies > 0, rng.choice(["no", "yes", "unknown"], n), "no")
    return pl.DataFrame(
        [
            pl.Series("age", age),
            pl.Series("age_menarche", menarche),
            pl.Series("age_first_birth", first_birth),
            pl.Series("nulliparous", rng.random(n) < 0.15),
            pl.Series("relatives", rng.integers(0, 3, n).astype(np.float64)),
            pl.Series("biopsies", biopsies),
            pl.Series("atypical_hyperplasia", hyperplasia).cast(pl.Enum(["yes", "no", "unknown"])),
            pl.Series("race", rng.choice(races, n)).cast(pl.Enum(races)),
        ]
    )


def floor_seconds(n: int) -> float:
    """numpy reading 8 columns and computing one dot product: the floor for any scorer."""
    rng = np.random.default_rng(1)
    x = rng.random((n, 8))
    beta = rng.random(8)
    start = time.perf_counter()
    (x @ beta).sum()
    return time.perf_counter() - start


def run_one(model_ids: list[str], n: int, chunk: int) -> dict[str, float]:
    frame = generated_unaffected(n) if model_ids == ["gail"] else generated(n)
    start = time.perf_counter()
    scored_rows = 0
    for offset in range(0, n, chunk):
        part = score_table(frame.slice(offset, chunk), model_ids, chunk_rows=chunk)
        scored_rows += part.height
    seconds = time.perf_counter() - start
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"rows": scored_rows, "seconds": seconds, "peak_mib": peak_mib}


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else ROWS
    chunk = int(sys.argv[2]) if len(sys.argv) > 2 else CHUNK
    sys.stdout.write(f"floor (numpy, {n:,} x 8 dot product): {floor_seconds(n):.3f} s\n")
    for group in (["npi", "cts5"], ["predict-v2.1"], ["predict-v3.0"], ["predict-v3.1"], ["gail"]):
        code = (
            "import json,sys; sys.path.insert(0,'benchmarks'); import bench_risk_models as b; "
            f"print(json.dumps(b.run_one({group!r}, {n}, {chunk})))"
        )
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        result = json.loads(done.stdout.strip().splitlines()[-1])
        rate = result["rows"] / result["seconds"]
        sys.stdout.write(
            f"{'+'.join(group):>14}: {result['seconds']:7.2f} s  {rate:>14,.0f} rows/s  "
            f"peak {result['peak_mib']:,.0f} MiB (generated table included)\n"
        )


if __name__ == "__main__":
    main()
