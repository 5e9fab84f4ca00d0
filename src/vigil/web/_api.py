"""The JSON API beside the pages (documented at /openapi.json)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException

from vigil.care import plan
from vigil.errors import FactsError, VigilError
from vigil.facts import parse_patient
from vigil.present import results_json
from vigil.risk import estimate
from vigil.web._deps import SessionDep, SurvivorDep, TodayDep
from vigil.web._survivor import own_patient

__all__ = ["router"]

router = APIRouter(prefix="/api")


@router.post("/estimate")
async def api_estimate(facts: dict[str, Any], models: str | None = None) -> list[dict[str, object]]:
    """Estimates for the facts posted (public; nothing is stored)."""
    # No I/O and under a millisecond of CPU: computed in the event loop, not handed to a
    # thread (the hand-off cost more than the estimate; docs/performance.md).
    try:
        patient = parse_patient(facts)
        chosen = None if models is None else models.split(",")
        return results_json(estimate(patient, models=chosen))
    except FactsError as exc:
        raise HTTPException(
            status_code=422,
            detail=[{"path": i.path, "value": i.value, "message": i.message} for i in exc.issues],
        ) from None
    except VigilError as exc:  # e.g. an unknown model id: say which ids are valid
        raise HTTPException(
            status_code=422, detail=[{"path": "models", "value": models, "message": str(exc)}]
        ) from None


@router.get("/me/plan")
def api_my_plan(session: SessionDep, current: SurvivorDep, today: TodayDep) -> dict[str, Any]:
    _, patient = own_patient(session, current)
    care = plan(patient, today)
    return {
        "patient_id": care.patient_id,
        "prepared_on": care.prepared_on.isoformat(),
        "items": [
            {
                "uid": i.uid,
                "rule": i.rule_id,
                "title": i.title,
                "due": i.due.isoformat(),
                "latest": i.latest.isoformat() if i.latest else None,
                "status": i.status.value,
                "source": i.source,
            }
            for i in care.items
        ],
        "advice": [
            {
                "rule": a.rule_id,
                "category": a.category,
                "title": a.title,
                "text": a.text,
                "source": a.source,
            }
            for a in care.advice
        ],
    }
