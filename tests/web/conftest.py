"""A test app on its own SQLite file with the demo data, and signed-in clients."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.conftest import fresh_database_url
from vigil.demo import DEMO_CLINICIAN, DEMO_PASSWORD, load_demo
from vigil.settings import Settings
from vigil.store import Role, UserRepository, make_engine, make_session_factory, upgrade
from vigil.web import create_app

TODAY = dt.date(2026, 11, 25)
OUTSIDER = "outsider@clinic.example"


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FastAPI]:
    url = fresh_database_url(tmp_path_factory.mktemp("web"))
    upgrade(url)
    engine = make_engine(url)
    with make_session_factory(engine)() as session:
        load_demo(session)
        UserRepository(session).create(OUTSIDER, "Outsider", Role.CLINICIAN, "outsider-pass-1")
        session.commit()
    engine.dispose()
    application = create_app(Settings(database_url=url, demo=True, today=TODAY))
    yield application
    application.state.engine.dispose()


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found is not None, "no CSRF token in the page"
    return found.group(1)


def sign_in(app: FastAPI, email: str, password: str = DEMO_PASSWORD) -> TestClient:
    client = TestClient(app, base_url="http://testserver")
    token = csrf_of(client.get("/login").text)
    response = client.post(
        "/login",
        data={"email": email, "password": password, "csrf": token},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return client


@pytest.fixture
def anonymous(app: FastAPI) -> TestClient:
    return TestClient(app, base_url="http://testserver")


@pytest.fixture(scope="module")
def dora(app: FastAPI) -> TestClient:
    return sign_in(app, "dora@demo.vigil.example")


@pytest.fixture(scope="module")
def ada(app: FastAPI) -> TestClient:
    return sign_in(app, "ada@demo.vigil.example")


@pytest.fixture(scope="module")
def nurse(app: FastAPI) -> TestClient:
    return sign_in(app, DEMO_CLINICIAN)


@pytest.fixture(scope="module")
def outsider(app: FastAPI) -> TestClient:
    return sign_in(app, OUTSIDER, "outsider-pass-1")


__all__ = ["TODAY", "Path", "csrf_of", "sign_in"]
