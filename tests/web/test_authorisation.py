"""The authorisation matrix, driven by the route table: a new route without a rule fails."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from vigil.web._app import ROUTERS

# Who may open each route (GET unless stated): public, survivor (own record only) or
# clinician (own care team only). Every route of the app must be listed here.
RULES: dict[tuple[str, str], str] = {
    ("GET", "/"): "public",
    ("GET", "/healthz"): "public",
    ("GET", "/calculator"): "public",
    ("POST", "/calculator"): "public",
    ("GET", "/learn"): "public",
    ("GET", "/learn/{slug}"): "public-slug",
    ("GET", "/news"): "public",
    ("GET", "/options"): "public",
    ("GET", "/login"): "public",
    ("POST", "/login"): "public",
    ("POST", "/logout"): "signed-in",
    ("POST", "/api/estimate"): "public",
    ("GET", "/me"): "survivor",
    ("GET", "/me/plan"): "survivor",
    ("GET", "/me/plan.ics"): "survivor",
    ("GET", "/me/plan.pdf"): "survivor",
    ("GET", "/me/estimates"): "survivor",
    ("GET", "/api/me/plan"): "survivor",
    ("GET", "/me/report"): "survivor",
    ("POST", "/me/report"): "survivor-form",
    ("GET", "/me/reports"): "survivor",
    ("GET", "/alerts"): "clinician",
    ("GET", "/import"): "clinician",
    ("POST", "/import"): "care-team-form",
    ("GET", "/patients/{external_id}/facts"): "care-team",
    ("POST", "/patients/{external_id}/facts"): "care-team-form",
    ("POST", "/alerts/{alert_id}/acknowledge"): "care-team-form",
    ("POST", "/alerts/{alert_id}/resolve"): "care-team-form",
    ("GET", "/panel"): "clinician",
    ("GET", "/patients/{external_id}"): "care-team",
}


def _routes() -> set[tuple[str, str]]:
    found = set()
    for router in ROUTERS:
        for route in router.routes:
            assert isinstance(route, APIRoute)
            found |= {(method, route.path) for method in route.methods if method != "HEAD"}
    return found


def test_every_route_has_a_rule(app: FastAPI) -> None:
    assert _routes() == set(RULES)
    served = set(app.openapi()["paths"])
    assert served <= {path for _, path in RULES}


def _url(path: str) -> str:
    return path.replace("{external_id}", "demo-ada")


@pytest.mark.parametrize(("method", "path"), sorted(k for k, v in RULES.items() if v == "survivor"))
def test_survivor_routes(
    method: str, path: str, anonymous: TestClient, dora: TestClient, nurse: TestClient
) -> None:
    assert anonymous.request(method, _url(path), follow_redirects=False).status_code in (303, 401)
    assert dora.request(method, _url(path)).status_code == 200
    assert nurse.request(method, _url(path)).status_code == 403


CLINICIAN_ROUTES = sorted(k for k, v in RULES.items() if v in ("clinician", "care-team"))


@pytest.mark.parametrize(("method", "path"), CLINICIAN_ROUTES)
def test_clinician_routes(
    method: str,
    path: str,
    anonymous: TestClient,
    dora: TestClient,
    nurse: TestClient,
    outsider: TestClient,
) -> None:
    assert anonymous.request(method, _url(path), follow_redirects=False).status_code in (303, 401)
    assert dora.request(method, _url(path)).status_code == 403
    assert nurse.request(method, _url(path)).status_code == 200
    if RULES[(method, path)] == "care-team":
        # Outside the care team the record does not exist for her (404, and audited).
        assert outsider.request(method, _url(path)).status_code == 404
    else:
        assert "demo-ada" not in outsider.request(method, _url(path)).text


def test_survivor_sees_only_her_own_record(dora: TestClient, ada: TestClient) -> None:
    assert dora.get("/api/me/plan").json()["patient_id"] == "demo-dora"
    assert ada.get("/api/me/plan").json()["patient_id"] == "demo-ada"
    assert dora.get("/patients/demo-ada").status_code == 403


# Public forms (POST) are exercised with a valid CSRF token in test_pages.
PUBLIC_PAGES = sorted(k for k, v in RULES.items() if v == "public" and k[0] == "GET")


@pytest.mark.parametrize(("method", "path"), PUBLIC_PAGES)
def test_public_routes_open_to_anyone(method: str, path: str, anonymous: TestClient) -> None:
    assert anonymous.request(method, path).status_code == 200


FORM_ROUTES = sorted(k for k, v in RULES.items() if v.endswith("-form"))


@pytest.mark.parametrize(("method", "path"), FORM_ROUTES)
def test_form_routes_refuse_the_wrong_role(
    method: str, path: str, anonymous: TestClient, dora: TestClient, nurse: TestClient
) -> None:
    url = path.replace("{alert_id}", "x")
    assert anonymous.request(method, url, follow_redirects=False).status_code in (303, 401)
    wrong = nurse if RULES[(method, path)] == "survivor-form" else dora
    assert wrong.request(method, url, data={"csrf": "x"}).status_code == 403
