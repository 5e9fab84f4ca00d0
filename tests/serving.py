"""Start ``vigil serve`` as a subprocess on a free loopback port and wait until it answers."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(
    port: int, args: Sequence[str], env: Mapping[str, str], *, new_session: bool = False
) -> subprocess.Popen[bytes]:
    """``vigil serve --port PORT ARGS``, returned once ``/healthz`` answers 200."""
    process = subprocess.Popen(
        [sys.executable, "-m", "vigil.cli", "serve", "--port", str(port), *args],
        env=dict(env),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=new_session,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as r:
                if r.status == 200:
                    return process
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    process.kill()
    msg = "the server did not answer /healthz within 60 s"
    raise RuntimeError(msg)
