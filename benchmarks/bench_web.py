"""Load test of the web app on loopback: 50 clients, 3 endpoints, two ways.

Starts ``vigil serve --demo --workers 3`` on a fresh SQLite file (the demo data seeded),
signs a survivor in, then drives (1) POST /api/estimate (PREDICT v3.1 + CTS5 + NPI for
one patient), (2) GET /me (survivor home) and (3) POST /me/report:

- **saturation** with ``wrk`` (50 connections, each sends its next request as soon as
  the last is answered): the most requests per second the server gives. Latency here is
  queueing by construction: 50 waiting clients / throughput.
- **target rate** with ``wrk`` again, each of the 50 connections now a client that
  waits a random (exponential) think time between requests, the mean chosen so the 50
  together offer the issue's target rate: the latency a client sees at that load.
  (``hey -q`` was tried first: its 50 rate limiters tick in step, so the requests come
  in bursts of 50 and the p99 measured is the burst, not the load.)

The estimate requests cycle through 400 different patients (wrk picks one at random per
request), so nothing can be answered from a cache. Needs Debian's ``wrk``.
Run: ``.venv/bin/python benchmarks/bench_web.py [seconds] [connections] [workers]``
"""

from __future__ import annotations

import json
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import httpx2

FACTS = {
    "person": {"sex": "female", "age_at_diagnosis_years": 58},
    "tumour": {
        "diagnosis_date": "2024-03-01",
        "invasive_size_mm": 22,
        "grade": 2,
        "nodes_positive": 1,
        "er": {"status": "positive"},
        "pr": {"status": "positive"},
        "her2": {"status": "negative"},
        "ki67_percent": 15,
        "detection": "screening",
    },
    "treatment": {
        "setting": "adjuvant",
        "surgery": {"type": "breast_conserving"},
        "radiotherapy": {"given": True, "mean_heart_dose_gy": 2},
        "chemotherapy": {"generation": "third_gen"},
        "endocrine": {"agents": ["aromatase_inhibitor"]},
    },
    "history": {"smoking": "never"},
}

# Targets from the issue: requests/s and p99 latency.
TARGETS = {"estimate": (500, 0.050), "home": (200, 0.100), "report": (200, 0.100)}


def patients(count: int, seed: int = 7) -> list[str]:
    """``count`` different valid patients as JSON bodies."""
    rng = random.Random(seed)
    bodies = []
    for _ in range(count):
        facts = json.loads(json.dumps(FACTS))
        facts["person"]["age_at_diagnosis_years"] = rng.randint(30, 85)
        tumour = facts["tumour"]
        tumour["invasive_size_mm"] = rng.randint(3, 80)
        tumour["grade"] = rng.randint(1, 3)
        tumour["nodes_positive"] = rng.choice([0, 0, 0, 1, 2, 3, 5, 9, 12])
        tumour["er"]["status"] = rng.choice(["positive", "positive", "negative"])
        bodies.append(json.dumps(facts))
    return bodies


def _lua(
    path: Path,
    method: str,
    bodies: list[str],
    headers: dict[str, str],
    think_ms: float | None = None,
) -> Path:
    lines = [f'wrk.method = "{method}"']
    lines += [f'wrk.headers["{k}"] = {json.dumps(v)}' for k, v in headers.items()]
    lines.append("bodies = {" + ", ".join(json.dumps(b) for b in bodies) + "}")
    lines.append(
        "request = function() return wrk.format(nil, nil, nil, bodies[math.random(#bodies)]) end"
    )
    if think_ms is not None:  # exponential think time: independent clients
        lines.append(f"delay = function() return -math.log(1 - math.random()) * {think_ms} end")
    path.write_text("\n".join(lines) + "\n")
    return path


def _wrk(url: str, script: Path, seconds: int, connections: int) -> str:
    done = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", str(script), url],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def _wrk_summary(output: str) -> str:
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    p50 = re.search(r"50%\s+([\d.]+\w+)", output)
    p99 = re.search(r"99%\s+([\d.]+\w+)", output)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket = re.search(r"Socket errors: (.*)", output)
    return (
        f"{float(rate.group(1)) if rate else 0:,.0f} req/s, p50 {p50.group(1) if p50 else '?'}, "
        f"p99 {p99.group(1) if p99 else '?'}, non-2xx {errors.group(1) if errors else 0}"
        + (f", socket errors {socket.group(1)}" if socket else "")
    )


def _met(output: str, target: tuple[int, float]) -> str:
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)\b", output)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    scale = {"us": 1e-6, "ms": 1e-3, "s": 1.0}
    p99_s = float(p99.group(1)) * scale[p99.group(2)] if p99 else float("inf")
    achieved = float(rate.group(1)) if rate else 0.0
    ok = achieved >= 0.97 * target[0] and p99_s < target[1] and errors is None
    return f"target {target[0]} req/s with p99 < {1000 * target[1]:.0f} ms: " + (
        "met" if ok else "NOT met"
    )


def _think_ms(rate: int, clients: int) -> float:
    # Each client's cycle is think + latency. Thinking 90 % of the target cycle offers a
    # little more than the target (latency is a few ms when the server keeps up), so a
    # shortfall in requests/s is the server's, not the pacing's.
    return 0.9 * 1000 * clients / rate


def main() -> None:
    seconds = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    connections = int(sys.argv[2]) if len(sys.argv) > 2 else 50
    # 3 workers on 2 cores: a worker waiting on the disk (each report is synced before it
    # is acknowledged) leaves its core to another (docs/performance.md).
    workers = sys.argv[3] if len(sys.argv) > 3 else "3"
    folder = Path(tempfile.mkdtemp())
    # BENCH_DATABASE_URL: an empty PostgreSQL database instead of the embedded SQLite.
    url = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{folder / 'bench.db'}")
    env = {
        **os.environ,
        "VIGIL_DATABASE_URL": url,
        "VIGIL_TODAY": "2026-11-25",
        "VIGIL_LOGIN_ATTEMPTS_PER_5_MINUTES": "1000",
    }
    port = 8799
    # As users run it: `vigil serve` migrates, seeds the demo data and starts the workers.
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "vigil.cli",
            "serve",
            "--demo",
            "--workers",
            workers,
            "--port",
            str(port),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        client = httpx2.Client(base_url=base)
        token = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text)
        assert token is not None
        client.post(
            "/login",
            data={
                "email": "ada@demo.vigil.example",
                "password": "vigil-demo-2026",
                "csrf": token.group(1),
            },
        )
        cookie = "; ".join(f"{k}={v}" for k, v in client.cookies.items())
        found = re.search(r'name="csrf" value="([^"]+)"', client.get("/me/report").text)
        assert found is not None
        csrf = found.group(1)
        report_body = f"csrf={csrf}&symptom_1=fatigue&severity_1=1"
        form = "application/x-www-form-urlencoded"
        estimate_url = f"{base}/api/estimate?models=predict-v3.1,cts5,npi"
        runs = [
            (
                "estimate",
                "POST /api/estimate?models=predict-v3.1,cts5,npi",
                ("POST", patients(400), {"Content-Type": "application/json"}),
                estimate_url,
            ),
            ("home", "GET /me (survivor home)", ("GET", [""], {"Cookie": cookie}), f"{base}/me"),
            (
                "report",
                "POST /me/report (symptom report)",
                ("POST", [report_body], {"Cookie": cookie, "Content-Type": form}),
                f"{base}/me/report",
            ),
        ]
        sys.stdout.write(f"{workers} workers, {connections} clients, {seconds} s per run\n")
        only = os.environ.get("BENCH_ONLY")  # e.g. BENCH_ONLY=home for one endpoint
        for key, label, (method, bodies, headers), target in runs:
            if only and key != only:
                continue
            script = _lua(folder / f"{key}.lua", method, bodies, headers)
            saturated = _wrk_summary(_wrk(target, script, seconds, connections))
            sys.stdout.write(f"{label}\n  saturation: {saturated}\n")
            think = _think_ms(TARGETS[key][0], connections)
            paced = _lua(folder / f"{key}-paced.lua", method, bodies, headers, think)
            output = _wrk(target, paced, seconds, connections)
            sys.stdout.write(
                f"  50 clients, mean think {think:.0f} ms: {_wrk_summary(output)} -> "
                f"{_met(output, TARGETS[key])}\n"
            )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
