"""`vigil serve --workers 2`: two worker processes answer, on the database given on the
command line."""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.conftest import VALID_PATIENT


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _spawned_workers(parent: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            command = (entry / "cmdline").read_bytes()
        except (OSError, IndexError, ValueError):
            continue
        if ppid == parent and b"spawn_main" in command:
            found.append(int(entry.name))
    return found


def test_two_workers_serve_the_database_named_on_the_command_line(tmp_path: Path) -> None:
    port = _free_port()
    database = tmp_path / "served.db"
    env = {k: v for k, v in os.environ.items() if not k.startswith("VIGIL_")}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "vigil.cli",
            "serve",
            "--demo",
            "--workers",
            "2",
            "--port",
            str(port),
            "--database-url",
            f"sqlite:///{database}",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=1) as response:
                    assert response.status == 200
                    break
            except (urllib.error.URLError, ConnectionError):
                assert time.monotonic() < deadline, "no answer from /healthz within 60 s"
                time.sleep(0.2)
        request = urllib.request.Request(
            f"{base}/api/estimate?models=npi",
            data=json.dumps(VALID_PATIENT).encode(),
            headers={"Content-Type": "application/json"},
        )
        for _ in range(8):
            with urllib.request.urlopen(request, timeout=10) as response:
                [result] = json.load(response)
            assert result["model"] == "npi"
            assert result["values"]["npi"] == 4.44
        # The database named on the command line was migrated and seeded with the demo.
        with sqlite3.connect(database) as db:
            assert db.execute("select count(*) from patient").fetchone()[0] == 7
        assert len(_spawned_workers(process.pid)) == 2
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
