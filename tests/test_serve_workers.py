"""`vigil serve --workers 2`: two worker processes answer, on the database given on the
command line."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import urllib.error
import urllib.request
from pathlib import Path

from tests.conftest import VALID_PATIENT
from tests.serving import free_port, serve


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
    port = free_port()
    database = tmp_path / "served.db"
    env = {k: v for k, v in os.environ.items() if not k.startswith("VIGIL_")}
    args = ["--demo", "--workers", "2", "--database-url", f"sqlite:///{database}"]
    process = serve(port, args, env, new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
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
