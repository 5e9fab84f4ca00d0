"""Durability: reports acknowledged before a SIGKILL are all stored, exactly once."""

from __future__ import annotations

import re
import signal
import threading
from pathlib import Path

import httpx2
from sqlalchemy import create_engine, text

from tests.browser.conftest import PASSWORD, start_server
from tests.serving import free_port


def _signed_in(base: str) -> httpx2.Client:
    client = httpx2.Client(base_url=base, timeout=5)
    token = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text)
    assert token is not None
    client.post(
        "/login",
        data={"email": "ada@demo.vigil.example", "password": PASSWORD, "csrf": token.group(1)},
    )
    return client


def test_acknowledged_reports_survive_sigkill(tmp_path: Path) -> None:
    database = tmp_path / "vigil.db"
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(database, port)
    client = _signed_in(base)
    acknowledged: list[str] = []
    stop = threading.Event()

    def send() -> None:
        n = 0
        while not stop.is_set() and n < 400:
            marker = f"durability-{n}"
            try:
                page = client.get("/me/report").text
                token = re.search(r'name="csrf" value="([^"]+)"', page)
                if token is None:
                    return
                response = client.post(
                    "/me/report",
                    data={
                        "csrf": token.group(1),
                        "symptom_1": "fatigue",
                        "severity_1": "1",
                        "note": marker,
                    },
                )
            except httpx2.HTTPError:
                return  # the server died mid-request: that report was never acknowledged
            if response.status_code == 200 and "received and saved" in response.text:
                acknowledged.append(marker)
            n += 1

    sender = threading.Thread(target=send)
    sender.start()
    while len(acknowledged) < 15 and sender.is_alive():
        threading.Event().wait(0.05)
    server.send_signal(signal.SIGKILL)
    server.wait(timeout=10)
    stop.set()
    sender.join(timeout=30)
    assert len(acknowledged) >= 15

    restarted = start_server(database, port)
    try:
        engine = create_engine(f"sqlite:///{database}")
        with engine.connect() as connection:
            notes = [
                row[0]
                for row in connection.execute(
                    text("SELECT json_extract(report, '$.note') FROM symptom_report")
                )
            ]
        engine.dispose()
    finally:
        restarted.terminate()
        restarted.wait(timeout=10)
    for marker in acknowledged:
        assert notes.count(marker) == 1, marker
