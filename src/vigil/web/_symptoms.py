"""Symptom reporting (survivors) and the alert queue (care team)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from vigil.care.triage import AlertError, load_catalogue, parse_report, triage
from vigil.errors import FactsError
from vigil.store import AccessDeniedError, SymptomRepository
from vigil.web._deps import (
    ClinicianDep,
    Current,
    SessionDep,
    SurvivorDep,
    TodayDep,
    now,
    templates,
)
from vigil.web._security import check_csrf
from vigil.web._survivor import own_patient

__all__ = ["SLOTS", "router"]

router = APIRouter()

SLOTS = 3  # symptoms one form can carry


def _form_context(today: object) -> dict[str, Any]:
    catalogue = load_catalogue()
    return {
        "symptoms": catalogue.symptoms,
        "features": catalogue.features,
        "severity": catalogue.severity.labels,
        "slots": range(1, SLOTS + 1),
        "today": today,
    }


@router.get("/me/report", response_class=HTMLResponse)
def report_form(request: Request, current: SurvivorDep, today: TodayDep) -> Response:
    return templates(request).TemplateResponse(
        request,
        "report.html",
        {"current": current, "errors": [], "values": {}, **_form_context(today)},
    )


@router.post("/me/report", response_class=HTMLResponse)
async def report_submit(
    request: Request,
    session: SessionDep,
    current: SurvivorDep,
    today: TodayDep,
    csrf: Annotated[str, Form()] = "",
) -> Response:
    """Triage the report and store it; the advice is shown only after the commit."""
    check_csrf(current.csrf, csrf)
    form = await request.form()
    symptoms = []
    for slot in range(1, SLOTS + 1):
        code = str(form.get(f"symptom_{slot}", "")).strip()
        if not code:
            continue
        entry: dict[str, Any] = {
            "code": code,
            "severity": _int_or_text(str(form.get(f"severity_{slot}", ""))),
            "features": [str(f) for f in form.getlist(f"features_{slot}")],
        }
        started = str(form.get(f"started_on_{slot}", "")).strip()
        if started:
            entry["started_on"] = started
        symptoms.append(entry)
    note = str(form.get("note", "")).strip()
    document: dict[str, Any] = {"reported_on": today.isoformat(), "symptoms": symptoms}
    if note:
        document["note"] = note
    # Reading the form needs the event loop; the database work must not block it.
    values = dict(form)
    return await run_in_threadpool(_submit, request, session, current, today, document, values)


def _submit(
    request: Request,
    session: Session,
    current: Current,
    today: dt.date,
    document: dict[str, Any],
    values: dict[str, Any],
) -> Response:
    # One write transaction per report, written at the end: reads first (with autoflush
    # off, so the read's audit event does not take the database's write turn early), then
    # the report, its alerts and every audit event in one commit (docs/performance.md).
    with session.no_autoflush:
        record, patient = own_patient(session, current, commit=False)
        try:
            report = parse_report(document, today=today)
        except FactsError as exc:
            report, issues = None, exc.issues
        if report is not None:
            repo = SymptomRepository(session, current.actor)
            history = repo.history(record.id, today)
            outcome = triage(report, history, patient, today, patient_id=record.external_id)
            repo.submit(record.id, report, outcome, today)
    session.commit()
    if report is None:
        return templates(request).TemplateResponse(
            request,
            "report.html",
            {
                "current": current,
                "errors": [str(i) for i in issues],
                "values": values,
                **_form_context(today),
            },
            status_code=422,
        )
    return templates(request).TemplateResponse(
        request, "report_outcome.html", {"current": current, "outcome": outcome.to_dict()}
    )


def _int_or_text(value: str) -> int | str:
    value = value.strip()
    return int(value) if value.isdigit() else value


@router.get("/me/reports", response_class=HTMLResponse)
def report_history(request: Request, session: SessionDep, current: SurvivorDep) -> Response:
    record, _ = own_patient(session, current)
    reports = SymptomRepository(session, current.actor).reports(record.id)
    session.commit()
    return templates(request).TemplateResponse(
        request, "reports.html", {"current": current, "reports": reports}
    )


@router.get("/alerts", response_class=HTMLResponse)
def alert_queue(request: Request, session: SessionDep, current: ClinicianDep) -> Response:
    alerts = SymptomRepository(session, current.actor).open_alerts()
    session.commit()
    return templates(request).TemplateResponse(
        request, "alerts.html", {"current": current, "alerts": alerts}
    )


@router.post("/alerts/{alert_id}/acknowledge")
def alert_acknowledge(
    alert_id: str, session: SessionDep, current: ClinicianDep, csrf: Annotated[str, Form()] = ""
) -> Response:
    check_csrf(current.csrf, csrf)
    try:
        SymptomRepository(session, current.actor).acknowledge(alert_id, now())
    except AccessDeniedError as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from None
    except AlertError as exc:
        raise HTTPException(status_code=409, detail=str(exc)) from None
    session.commit()
    return RedirectResponse("/alerts", status_code=303)


@router.post("/alerts/{alert_id}/resolve")
def alert_resolve(
    alert_id: str,
    session: SessionDep,
    current: ClinicianDep,
    note: Annotated[str, Form(max_length=2000)] = "",
    csrf: Annotated[str, Form()] = "",
) -> Response:
    check_csrf(current.csrf, csrf)
    try:
        SymptomRepository(session, current.actor).resolve(alert_id, note, now())
    except AccessDeniedError as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from None
    except AlertError as exc:
        raise HTTPException(status_code=409, detail=str(exc)) from None
    session.commit()
    return RedirectResponse("/alerts", status_code=303)
