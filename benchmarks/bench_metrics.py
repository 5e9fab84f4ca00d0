"""Speed and peak memory of vigil.evaluate beside lifelines and scikit-survival, in one run.

Each case runs in its own process so its peak memory (ru_maxrss, data included) is its
own. Peers run at sizes where they finish in reasonable time; their 1-million-row times
are extrapolated (marked "extrapolated") from the largest size run, with the growth the
measurements show between the two largest sizes.

Run: ``.venv/bin/python benchmarks/bench_metrics.py [--quick]``
"""

from __future__ import annotations

import json
import math
import resource
import subprocess
import sys
import time
from typing import Any

import numpy as np

SEED = 0


def data(n: int, seed: int = SEED) -> tuple[Any, Any, Any, Any]:
    """Days to event or censoring (whole days, ties as in real cohorts), event, score, risk."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=n)
    t_event = rng.exponential(3650 * np.exp(-0.8 * x))
    t_censor = rng.uniform(365, 5475, n)
    time_days = np.ceil(np.minimum(t_event, t_censor))
    event = t_event <= t_censor
    risk = 1 - np.exp(-np.exp(0.8 * x) * 1826 / 3650)
    return time_days, event, x, risk


def _imports(name: str) -> dict[str, Any]:
    """Every library a case needs, imported before the clock starts (in the child)."""
    import lifelines  # noqa: PLC0415
    import lifelines.utils  # noqa: PLC0415
    import sksurv.metrics  # noqa: PLC0415
    import sksurv.nonparametric  # noqa: PLC0415

    import vigil.evaluate  # noqa: PLC0415

    return {
        "vigil": vigil.evaluate,
        "ll_c": lifelines.utils.concordance_index,
        "ll_km": lifelines.KaplanMeierFitter,
        "sk_c": sksurv.metrics.concordance_index_censored,
        "sk_km": sksurv.nonparametric.kaplan_meier_estimator,
    }


def case(name: str, n: int) -> dict[str, float]:
    """Time one call, after one untimed warm-up call (first-touch page faults of large
    temporaries would otherwise dominate); the bootstrap case is timed cold."""
    if name != "vigil_validate_boot200":
        _call(name, n)
    return _call(name, n)


def _call(name: str, n: int) -> dict[str, float]:
    t, e, x, risk = data(n)
    lib = _imports(name)
    start = time.perf_counter()
    if name == "vigil_harrell":
        lib["vigil"].harrell_c(t, e, x)
    elif name == "lifelines_harrell":
        lib["ll_c"](t, -x, e)
    elif name == "sksurv_harrell":
        lib["sk_c"](e, t, x)
    elif name == "vigil_km":
        lib["vigil"].kaplan_meier(t, e)
    elif name == "floor_km":
        # The floor: events and exits per whole day, then the at-risk sums and product.
        ti = t.astype(np.intp)
        d = np.bincount(ti, weights=e)
        total = np.bincount(ti)
        at_risk = np.cumsum(total[::-1])[::-1]
        np.cumprod(1 - np.divide(d, at_risk, out=np.zeros_like(d), where=at_risk > 0))
    elif name == "lifelines_km":
        lib["ll_km"]().fit(t, e)
    elif name == "sksurv_km":
        lib["sk_km"](e, t)
    elif name == "vigil_calibration":
        lib["vigil"].calibration_table(t, e, risk, 1826.0, groups=10)
    elif name == "vigil_calibration_by_group":
        group = np.minimum((risk * 10).astype(np.intp), 9)
        start = time.perf_counter()
        lib["vigil"].calibration_by_group(t, e, risk, 1826.0, group)
    elif name == "floor_calibration":
        # The floor: given the groups, events and exits per (group, day) cell.
        group = np.minimum((risk * 10).astype(np.intp), 9)
        cell = group * (int(t.max()) + 1) + t.astype(np.intp)
        np.bincount(cell, weights=e)
        np.bincount(cell)
    elif name == "vigil_validate_boot200":
        lib["vigil"].validate(
            t,
            e,
            x,
            1826.0,
            predicted_risk=risk,
            linear_predictor=x,
            n_bootstrap=200,
            seed=1,
            workers=2,
        )
    else:
        msg = f"unknown case {name}"
        raise ValueError(msg)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": seconds, "peak_mib": peak}


def run(name: str, n: int, repeat: int = 1) -> dict[str, float]:
    """Best of ``repeat`` runs, each in a fresh process."""
    best: dict[str, float] | None = None
    for _ in range(repeat):
        code = (
            "import json,sys; sys.path.insert(0,'benchmarks'); import bench_metrics as b; "
            f"print(json.dumps(b.case({name!r}, {n})))"
        )
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        result = json.loads(done.stdout.strip().splitlines()[-1])
        if best is None or result["seconds"] < best["seconds"]:
            best = result
    assert best is not None
    return best


def extrapolate(small: tuple[int, float], large: tuple[int, float], target: int) -> float:
    """Power-law extrapolation through the two largest measured sizes."""
    (n1, t1), (n2, t2) = small, large
    exponent = math.log(t2 / t1) / math.log(n2 / n1)
    return t2 * (target / n2) ** exponent


def line(label: str, n: int, result: dict[str, float], note: str = "") -> None:
    sys.stdout.write(
        f"{label:<42} {n:>12,} rows {result['seconds']:9.3f} s   "
        f"peak {result['peak_mib']:8,.0f} MiB"
        f"{'   ' + note if note else ''}\n"
    )


def main() -> None:
    quick = "--quick" in sys.argv
    big = 1_000_000
    huge = 2_000_000 if quick else 10_000_000
    sys.stdout.write("Harrell's C\n")
    ours = run("vigil_harrell", big, repeat=3)
    line("vigil harrell_c", big, ours)
    peers: dict[str, float] = {}
    for name, sizes in (
        ("lifelines_harrell", (100_000, 1_000_000)),
        ("sksurv_harrell", (5_000, 20_000)),
    ):
        measured = []
        for n in sizes:
            result = run(name, n)
            line(name.replace("_", " "), n, result)
            measured.append((n, result["seconds"]))
        if measured[-1][0] == big:
            peers[name] = measured[-1][1]
            continue
        peers[name] = extrapolate(measured[0], measured[1], big)
        sys.stdout.write(
            f"{name.replace('_', ' '):<42} {big:>12,} rows {peers[name]:9.1f} s   (extrapolated)\n"
        )
    fastest = min(peers.values())
    sys.stdout.write(f"speed-up over the faster peer at 1M: {fastest / ours['seconds']:.0f}x\n\n")

    sys.stdout.write("Kaplan-Meier\n")
    floor = run("floor_km", huge, repeat=3)
    km = run("vigil_km", huge, repeat=3)
    line("numpy bincount floor", huge, floor)
    line("vigil kaplan_meier", huge, km, f"{km['seconds'] / floor['seconds']:.1f}x the floor")
    line("lifelines KaplanMeierFitter", huge, run("lifelines_km", huge))
    line("sksurv kaplan_meier_estimator", huge, run("sksurv_km", huge))
    sys.stdout.write("\nCalibration table (10 groups)\n")
    floor = run("floor_calibration", huge, repeat=3)
    cal = run("vigil_calibration", huge, repeat=3)
    line("numpy bincount floor (groups given)", huge, floor)
    line(
        "vigil calibration_table", huge, cal, f"{cal['seconds'] / floor['seconds']:.1f}x the floor"
    )
    given = run("vigil_calibration_by_group", huge, repeat=3)
    note = f"{given['seconds'] / floor['seconds']:.1f}x the floor"
    line("vigil calibration_by_group (groups given)", huge, given, note)
    sys.stdout.write("\nWhole validation, 200 bootstrap resamples, 2 threads\n")
    line("vigil validate", big, run("vigil_validate_boot200", big))


if __name__ == "__main__":
    main()
