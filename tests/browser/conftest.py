"""A real server (``vigil serve --demo``) on loopback and a headless Chromium driving it."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.serving import free_port, serve

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "screenshots"
AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = "/usr/bin/chromium"
TODAY = "2026-11-25"
PASSWORD = "vigil-demo-2026"


def start_server(database: Path, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "VIGIL_TODAY": TODAY, "VIGIL_DATABASE_URL": f"sqlite:///{database}"}
    return serve(port, ["--demo"], env)


@pytest.fixture(scope="session")
def server_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("browser") / "vigil.db"


@pytest.fixture(scope="session")
def server(server_db: Path) -> Iterator[str]:
    port = free_port()
    process = start_server(server_db, port)
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    # bypass_csp lets the test inject axe-core; the app itself never runs inline script.
    context = browser.new_context(accept_downloads=True, bypass_csp=True)
    yield context.new_page()
    context.close()


def sign_in(page: Page, server: str, email: str) -> None:
    page.goto(f"{server}/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
