"""The clinician's panel and a patient's record, limited to her care team by the data layer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response

from vigil.care import ItemStatus, plan
from vigil.facts import parse_patient
from vigil.present import facts_summary, plan_document
from vigil.store import PatientRepository
from vigil.web._deps import ClinicianDep, SessionDep, TodayDep, templates
from vigil.web._views import estimate_view, frame_for

__all__ = ["router"]

router = APIRouter()


@dataclass(frozen=True, slots=True)
class PanelRow:
    id: str
    overdue: int


@router.get("/panel", response_class=HTMLResponse)
def panel(
    request: Request,
    session: SessionDep,
    current: ClinicianDep,
    today: TodayDep,
    sort: Annotated[str, Query(pattern="^(id|overdue)$")] = "overdue",
    overdue_only: bool = False,
) -> Response:
    rows: list[PanelRow] = []
    for record in PatientRepository(session, current.actor).visible_records():
        care = plan(parse_patient(record.facts), today)
        overdue = sum(1 for i in care.items if i.status is ItemStatus.OVERDUE)
        rows.append(PanelRow(id=record.external_id, overdue=overdue))
    session.commit()
    if overdue_only:
        rows = [r for r in rows if r.overdue]
    if sort == "overdue":
        rows.sort(key=lambda r: (-r.overdue, r.id))
    return templates(request).TemplateResponse(
        request,
        "panel.html",
        {"current": current, "rows": rows, "sort": sort, "overdue_only": overdue_only},
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
    patient = parse_patient(record.facts)
    care = plan(patient, today)
    return templates(request).TemplateResponse(
        request,
        "patient.html",
        {
            "current": current,
            "external_id": external_id,
            "facts": facts_summary(patient, today),
            "view": estimate_view(frame_for(patient)),
            "document": plan_document(patient, care),
        },
    )
