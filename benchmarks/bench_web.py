"""Load test of the web app on loopback with wrk: 50 connections, 3 endpoints.

Starts ``vigil serve --demo`` on a fresh SQLite file, signs a survivor in, then drives
(1) POST /api/estimate (PREDICT v3.1 + CTS5 + NPI for one patient), (2) GET /me, and
(3) POST /me/report. Needs Debian's ``wrk``. Run:
``.venv/bin/python benchmarks/bench_web.py [seconds] [connections] [workers]``
"""

from __future__ import annotations

import json
import os
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


def _lua(path: Path, method: str, body: str, headers: dict[str, str]) -> Path:
    lines = [f'wrk.method = "{method}"', f"wrk.body = {json.dumps(body)}"]
    lines += [f'wrk.headers["{k}"] = {json.dumps(v)}' for k, v in headers.items()]
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


def _summary(output: str) -> str:
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
    subprocess.run(
        [sys.executable, "-m", "vigil.cli", "db", "upgrade"],
        env=env,
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [sys.executable, "-m", "vigil.cli", "db", "load-demo"],
        env=env,
        check=True,
        capture_output=True,
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
        csrf = re.search(r'name="csrf" value="([^"]+)"', client.get("/me/report").text)
        assert csrf is not None
        estimate = _lua(
            folder / "estimate.lua", "POST", json.dumps(FACTS), {"Content-Type": "application/json"}
        )
        home = _lua(folder / "home.lua", "GET", "", {"Cookie": cookie})
        report = _lua(
            folder / "report.lua",
            "POST",
            f"csrf={csrf.group(1)}&symptom_1=fatigue&severity_1=1",
            {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"},
        )
        runs = [
            (
                "POST /api/estimate?models=predict-v3.1,cts5,npi",
                estimate,
                f"{base}/api/estimate?models=predict-v3.1,cts5,npi",
            ),
            ("GET /me (survivor home)", home, f"{base}/me"),
            ("POST /me/report (symptom report)", report, f"{base}/me/report"),
        ]
        sys.stdout.write(f"wrk, {connections} connections, {seconds} s each, {workers} workers\n")
        for label, script, target in runs:
            sys.stdout.write(f"{label}: {_summary(_wrk(target, script, seconds, connections))}\n")
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
