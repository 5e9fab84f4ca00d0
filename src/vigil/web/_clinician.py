"""The clinician's panel and a patient's record, limited to her care team by the data layer."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Query, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from vigil.care import ItemStatus
from vigil.errors import FactsError, VigilError
from vigil.facts import parse_patient
from vigil.fhir import import_bundle
from vigil.present import facts_summary, plan_document
from vigil.store import AccessDeniedError, PatientRepository, SymptomRepository
from vigil.web._deps import ClinicianDep, Current, SessionDep, TodayDep, templates
from vigil.web._security import check_csrf
from vigil.web._views import plan_for, view_for

__all__ = ["router"]

router = APIRouter()


@dataclass(frozen=True, slots=True)
class PanelRow:
    id: str
    overdue: int
    alert: str  # highest open alert level: emergency, urgent or "" for none


_ALERT_RANK = {"emergency": 0, "urgent": 1, "": 2}


@router.get("/panel", response_class=HTMLResponse)
def panel(
    request: Request,
    session: SessionDep,
    current: ClinicianDep,
    today: TodayDep,
    sort: Annotated[str, Query(pattern="^(id|overdue|alert)$")] = "alert",
    overdue_only: bool = False,
    alert_level: Annotated[str, Query(pattern="^(|emergency|urgent)$")] = "",
) -> Response:
    highest: dict[str, str] = {}
    for alert, external_id in SymptomRepository(session, current.actor).open_alerts():
        if _ALERT_RANK[alert.level] < _ALERT_RANK[highest.get(external_id, "")]:
            highest[external_id] = alert.level
    rows: list[PanelRow] = []
    for record in PatientRepository(session, current.actor).visible_records():
        _, care = plan_for(record, today)
        overdue = sum(1 for i in care.items if i.status is ItemStatus.OVERDUE)
        rows.append(PanelRow(record.external_id, overdue, highest.get(record.external_id, "")))
    session.commit()
    if overdue_only:
        rows = [r for r in rows if r.overdue]
    if alert_level:
        rows = [r for r in rows if r.alert and _ALERT_RANK[r.alert] <= _ALERT_RANK[alert_level]]
    if sort == "overdue":
        rows.sort(key=lambda r: (-r.overdue, r.id))
    elif sort == "alert":
        rows.sort(key=lambda r: (_ALERT_RANK[r.alert], -r.overdue, r.id))
    return templates(request).TemplateResponse(
        request,
        "panel.html",
        {
            "current": current,
            "rows": rows,
            "sort": sort,
            "overdue_only": overdue_only,
            "alert_level": alert_level,
        },
    )


@router.get("/patients/{external_id}", response_class=HTMLResponse)
def patient_record(
    request: Request,
    external_id: str,
    session: SessionDep,
    current: ClinicianDep,
    today: TodayDep,
) -> Response:
    record = PatientRepository(session, current.actor).record(external_id)
    session.commit()
    if record is None:
        raise HTTPException(status_code=404, detail="no such patient in your care team")
    patient, care = plan_for(record, today)
    return templates(request).TemplateResponse(
        request,
        "patient.html",
        {
            "current": current,
            "external_id": external_id,
            "facts": facts_summary(patient, today),
            "view": view_for(record),
            "document": plan_document(patient, care),
        },
    )


def _facts_page(
    request: Request,
    current: Current,
    external_id: str | None,
    text: str,
    issues: list[str],
    status: int = 200,
) -> Response:
    return templates(request).TemplateResponse(
        request,
        "facts_form.html",
        {"current": current, "external_id": external_id, "text": text, "issues": issues},
        status_code=status,
    )


@router.get("/patients/{external_id}/facts", response_class=HTMLResponse)
def facts_form(
    request: Request, external_id: str, session: SessionDep, current: ClinicianDep
) -> Response:
    record = PatientRepository(session, current.actor).record(external_id)
    session.commit()
    if record is None:
        raise HTTPException(status_code=404, detail="no such patient in your care team")
    return _facts_page(request, current, external_id, json.dumps(record.facts, indent=2), [])


@router.post("/patients/{external_id}/facts", response_class=HTMLResponse)
def facts_save(
    request: Request,
    external_id: str,
    session: SessionDep,
    current: ClinicianDep,
    facts: Annotated[str, Form(max_length=200_000)],
    csrf: Annotated[str, Form()] = "",
) -> Response:
    """Save edited facts; every problem is shown with its path, as the facts layer says it."""
    check_csrf(current.csrf, csrf)
    try:
        patient = parse_patient(facts)
    except FactsError as exc:
        return _facts_page(request, current, external_id, facts, [str(i) for i in exc.issues], 422)
    try:
        PatientRepository(session, current.actor).upsert(patient, external_id=external_id)
    except AccessDeniedError:
        raise HTTPException(status_code=404, detail="no such patient in your care team") from None
    session.commit()
    return RedirectResponse(f"/patients/{external_id}", status_code=303)


@router.get("/import", response_class=HTMLResponse)
def import_form(request: Request, current: ClinicianDep) -> Response:
    return templates(request).TemplateResponse(
        request, "import.html", {"current": current, "issues": [], "notes": []}
    )


@router.post("/import", response_class=HTMLResponse)
async def import_bundle_page(
    request: Request,
    session: SessionDep,
    current: ClinicianDep,
    bundle: UploadFile,
    csrf: Annotated[str, Form()] = "",
) -> Response:
    """Import an mCODE-style FHIR R4 Bundle as a new (or updated) patient."""
    check_csrf(current.csrf, csrf)
    raw = await bundle.read(5_000_000)
    try:
        result = import_bundle(raw)
    except VigilError as exc:
        issues = [str(i) for i in exc.issues] if isinstance(exc, FactsError) else [str(exc)]
        return templates(request).TemplateResponse(
            request,
            "import.html",
            {"current": current, "issues": issues, "notes": []},
            status_code=422,
        )
    patient = result.facts
    external_id = patient.patient_id or f"fhir-{uuid.uuid4().hex[:10]}"

    def store() -> None:  # database work in a thread: it must not block the event loop
        try:
            PatientRepository(session, current.actor).upsert(patient, external_id=external_id)
        except AccessDeniedError:
            raise HTTPException(
                status_code=404, detail="that patient is not in your care team"
            ) from None
        session.commit()

    await run_in_threadpool(store)
    notes = [str(i) for i in (*result.unknown_codes, *result.warnings)]
    return templates(request).TemplateResponse(
        request,
        "import.html",
        {"current": current, "issues": [], "notes": notes, "imported": external_id},
    )
