"""A survivor's own pages: home, plan (+ calendar and PDF), estimates."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from vigil.care import CarePlan, ItemStatus
from vigil.facts import Patient
from vigil.present import plan_document, plan_ical, plan_pdf
from vigil.store import PatientRecord, PatientRepository, SymptomRepository
from vigil.web._deps import Current, SessionDep, SurvivorDep, TodayDep, templates
from vigil.web._views import estimates_for, patient_for, plan_for, view_for

__all__ = ["own_patient", "router"]

router = APIRouter()


def own_patient(
    session: Session, current: Current, *, commit: bool = True
) -> tuple[PatientRecord, Patient]:
    """The survivor's own record and facts; the read's audit event is committed unless
    the caller commits it with its own writes (``commit=False``)."""
    record = PatientRepository(session, current.actor).own()
    if record is None:
        raise HTTPException(status_code=404, detail="no record is linked to your account")
    if commit:
        session.commit()  # the audit event of the read
    return record, patient_for(record)


def _plan(
    session: Session, current: Current, today: TodayDep
) -> tuple[Patient, CarePlan, PatientRecord]:
    record, _ = own_patient(session, current)
    patient, care = plan_for(record, today)
    return patient, care, record


@router.get("/me", response_class=HTMLResponse)
def survivor_home(
    request: Request, session: SessionDep, current: SurvivorDep, today: TodayDep
) -> Response:
    record, _ = own_patient(session, current)
    _, care = plan_for(record, today)
    soon = [i for i in care.items if i.status is not ItemStatus.DONE][:6]
    overdue = [i for i in care.items if i.status is ItemStatus.OVERDUE]
    alerts = SymptomRepository(session, current.actor).alerts(record.id)[:5]
    session.commit()
    return templates(request).TemplateResponse(
        request,
        "survivor_home.html",
        {"current": current, "soon": soon, "overdue": overdue, "today": today, "alerts": alerts},
    )


@router.get("/me/plan", response_class=HTMLResponse)
def survivor_plan(
    request: Request, session: SessionDep, current: SurvivorDep, today: TodayDep
) -> Response:
    patient, care, record = _plan(session, current, today)
    document = plan_document(patient, care, estimates_for(record))
    return templates(request).TemplateResponse(
        request, "plan.html", {"current": current, "document": document, "own": True}
    )


@router.get("/me/plan.ics")
def survivor_calendar(session: SessionDep, current: SurvivorDep, today: TodayDep) -> Response:
    _, care, _ = _plan(session, current, today)
    return Response(
        plan_ical(care),
        media_type="text/calendar",
        headers={"Content-Disposition": 'attachment; filename="vigil-plan.ics"'},
    )


@router.get("/me/plan.pdf")
def survivor_pdf(session: SessionDep, current: SurvivorDep, today: TodayDep) -> Response:
    patient, care, record = _plan(session, current, today)
    document = plan_document(patient, care, estimates_for(record))
    return Response(
        plan_pdf(document, today),
        media_type="application/pdf",
        headers={"Content-Disposition": 'attachment; filename="vigil-plan.pdf"'},
    )


@router.get("/me/estimates", response_class=HTMLResponse)
def survivor_estimates(request: Request, session: SessionDep, current: SurvivorDep) -> Response:
    record, _ = own_patient(session, current)
    view = view_for(record)
    return templates(request).TemplateResponse(
        request, "estimates.html", {"current": current, "view": view}
    )
