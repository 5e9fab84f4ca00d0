"""Load test of the web app on loopback: 50 clients, 3 endpoints, two ways.

Starts the app (uvicorn, 2 workers, as ``vigil serve`` runs it) on a fresh SQLite file
with the demo data, signs a survivor in, then drives (1) POST /api/estimate (PREDICT v3.1
+ CTS5 + NPI for one patient), (2) GET /me (survivor home) and (3) POST /me/report:

- **saturation** with ``wrk`` (50 connections, each sends its next request as soon as
  the last is answered): the most requests per second the server gives. Latency here is
  queueing by construction: 50 waiting clients / throughput.
- **target rate** with ``hey`` (50 workers, each rate-limited so that together they
  offer the issue's target rate): the latency a client sees at that load.

The estimate requests cycle through 400 different patients (wrk picks one at random per
request), so nothing can be answered from a cache. Needs Debian's ``wrk`` and ``hey``.
Run: ``.venv/bin/python benchmarks/bench_web.py [seconds] [connections] [workers]``
"""

from __future__ import annotations

import json
import os
import random
import re
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


def _lua(path: Path, method: str, bodies: list[str], headers: dict[str, str]) -> Path:
    lines = [f'wrk.method = "{method}"']
    lines += [f'wrk.headers["{k}"] = {json.dumps(v)}' for k, v in headers.items()]
    lines.append("bodies = {" + ", ".join(json.dumps(b) for b in bodies) + "}")
    lines.append(
        "request = function() return wrk.format(nil, nil, nil, "
        "bodies[math.random(#bodies)]) end"
    )
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


def _hey(url: str, rate: int, seconds: int, clients: int, args: list[str]) -> str:
    per_client = max(rate / clients, 0.1)
    done = subprocess.run(
        ["hey", "-z", f"{seconds}s", "-c", str(clients), "-q", f"{per_client:g}", *args, url],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def _hey_summary(output: str, target: tuple[int, float]) -> str:
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    p50 = re.search(r"50%+ in ([\d.]+) secs", output)
    p99 = re.search(r"99%+ in ([\d.]+) secs", output)
    codes = re.findall(r"\[(\d{3})\]\s+(\d+) responses", output)
    bad = sum(int(n) for code, n in codes if not code.startswith(("2", "3")))
    p99_s = float(p99.group(1)) if p99 else float("inf")
    met = rate is not None and float(rate.group(1)) >= 0.97 * target[0] and p99_s < target[1]
    return (
        f"{float(rate.group(1)) if rate else 0:,.0f} req/s, "
        f"p50 {1000 * float(p50.group(1)) if p50 else 0:.1f} ms, p99 {1000 * p99_s:.1f} ms, "
        f"errors {bad} -> target {target[0]} req/s with p99 < {1000 * target[1]:.0f} ms: "
        + ("met" if met and bad == 0 else "NOT met")
    )


def main() -> None:
    seconds = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    connections = int(sys.argv[2]) if len(sys.argv) > 2 else 50
    workers = sys.argv[3] if len(sys.argv) > 3 else "2"
    folder = Path(tempfile.mkdtemp())
    url = f"sqlite:///{folder / 'bench.db'}"
    env = {
        **os.environ,
        "VIGIL_DATABASE_URL": url,
        "VIGIL_TODAY": "2026-11-25",
        "VIGIL_LOGIN_ATTEMPTS_PER_5_MINUTES": "1000",
    }
    for step in (["db", "upgrade"], ["db", "load-demo"]):
        subprocess.run(
            [sys.executable, "-m", "vigil.cli", *step], env=env, check=True, capture_output=True
        )
    port = 8799
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            "vigil.web:create_app",
            "--port",
            str(port),
            "--workers",
            workers,
            "--log-level",
            "warning",
        ],
        env={**env, "VIGIL_DEMO": "true"},
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
        body_file = folder / "estimate.json"
        body_file.write_text(json.dumps(FACTS))
        runs = [
            (
                "estimate",
                "POST /api/estimate?models=predict-v3.1,cts5,npi",
                _lua(
                    folder / "estimate.lua",
                    "POST",
                    patients(400),
                    {"Content-Type": "application/json"},
                ),
                estimate_url,
                ["-m", "POST", "-T", "application/json", "-D", str(body_file)],
            ),
            (
                "home",
                "GET /me (survivor home)",
                _lua(folder / "home.lua", "GET", [""], {"Cookie": cookie}),
                f"{base}/me",
                ["-H", f"Cookie: {cookie}"],
            ),
            (
                "report",
                "POST /me/report (symptom report)",
                _lua(
                    folder / "report.lua",
                    "POST",
                    [report_body],
                    {"Cookie": cookie, "Content-Type": form},
                ),
                f"{base}/me/report",
                ["-m", "POST", "-T", form, "-H", f"Cookie: {cookie}", "-d", report_body],
            ),
        ]
        sys.stdout.write(f"{workers} workers, {connections} clients, {seconds} s per run\n")
        for key, label, script, target, hey_args in runs:
            saturated = _wrk_summary(_wrk(target, script, seconds, connections))
            sys.stdout.write(f"{label}\n  saturation (wrk): {saturated}\n")
            rated = _hey(target, TARGETS[key][0], seconds, connections, hey_args)
            sys.stdout.write(f"  at target rate (hey): {_hey_summary(rated, TARGETS[key])}\n")
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
