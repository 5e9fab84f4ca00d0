"""Pages anyone may open: home, health check, the public calculator, learn and news."""

from __future__ import annotations

from typing import Annotated

import polars as pl
from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from sqlalchemy import text

from vigil.facts import COLUMNS, validate_cohort
from vigil.risk.predict import Version, needed_columns
from vigil.web._deps import OptionalUserDep, SessionDep, templates
from vigil.web._security import ANON_CSRF_COOKIE, check_csrf, new_token
from vigil.web._views import estimate_view

__all__ = ["CALCULATOR_FIELDS", "router"]

router = APIRouter()

# The calculator asks for the PREDICT v3.1 inputs (a test holds the two equal), in the
# cohort table's codes, in the order a clinician reads them (heart dose after radiotherapy).
CALCULATOR_FIELDS = (
    "age",
    "size_mm",
    "grade",
    "nodes_positive",
    "micrometastases_only",
    "er",
    "pr",
    "her2",
    "ki67",
    "detection",
    "chemo",
    "endocrine",
    "trastuzumab",
    "bisphosphonate",
    "radiotherapy",
    "heart_dose_gy",
    "smoker",
)
# What PREDICT can score without (micrometastases default to no; heart dose only with RT).
_OPTIONAL_IN_FORM = tuple(
    name for name in CALCULATOR_FIELDS if name not in needed_columns(Version.V3_1)
)
_SPECS = {spec.name: spec for spec in COLUMNS}


@router.get("/healthz", include_in_schema=False)
def healthz(session: SessionDep) -> JSONResponse:
    session.execute(text("SELECT 1"))
    return JSONResponse({"status": "ok"})


@router.get("/", response_class=HTMLResponse)
def home(request: Request, current: OptionalUserDep) -> Response:
    return templates(request).TemplateResponse(request, "home.html", {"current": current})


def _anon_page(request: Request, name: str, context: dict[str, object]) -> Response:
    token = request.cookies.get(ANON_CSRF_COOKIE) or new_token()
    page = templates(request).TemplateResponse(request, name, {**context, "csrf": token})
    page.set_cookie(ANON_CSRF_COOKIE, token, httponly=True, samesite="strict")
    return page


@router.get("/calculator", response_class=HTMLResponse)
def calculator(request: Request, current: OptionalUserDep) -> Response:
    return _anon_page(
        request,
        "calculator.html",
        {"current": current, "fields": _field_specs(), "values": {}, "errors": {}, "view": None},
    )


@router.post("/calculator", response_class=HTMLResponse)
async def calculate(
    request: Request, current: OptionalUserDep, csrf: Annotated[str, Form()] = ""
) -> Response:
    """Compute the estimates for the form's facts; nothing is stored."""
    check_csrf(request.cookies.get(ANON_CSRF_COOKIE), csrf)
    form = await request.form()
    values = {name: str(form.get(name, "")).strip() for name in CALCULATOR_FIELDS}
    frame = pl.DataFrame(
        {"patient_id": ["calculator"], "sex": ["female"], **{k: [v] for k, v in values.items()}}
    )
    table = validate_cohort(frame)
    errors = {str(column): str(reason) for _, column, _, reason in table.errors.iter_rows()}
    for name in CALCULATOR_FIELDS:
        if not values[name] and name not in _OPTIONAL_IN_FORM:
            errors.setdefault(name, "is required")
    view = None if errors else estimate_view(table.valid)
    return _anon_page(
        request,
        "calculator.html",
        {
            "current": current,
            "fields": _field_specs(),
            "values": values,
            "errors": errors,
            "view": view,
        },
    )


def _field_specs() -> list[dict[str, object]]:
    return [
        {
            "name": name,
            "description": _SPECS[name].description,
            "codes": _SPECS[name].codes,
            "kind": _SPECS[name].kind,
        }
        for name in CALCULATOR_FIELDS
    ]
