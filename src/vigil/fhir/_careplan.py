"""A Vigil care plan as a FHIR R4 CarePlan: one activity per dated item, advice as notes."""

from __future__ import annotations

from vigil.care import Advice, CarePlan, ItemKind, ItemStatus, PlanItem
from vigil.fhir import _codes as c
from vigil.fhir._elements import Json, extension, reference

# CarePlan.activity.detail.status (R4 care-plan-activity-status).
ACTIVITY_STATUS: dict[ItemStatus, str] = {
    ItemStatus.DONE: "completed",
    ItemStatus.OVERDUE: "scheduled",
    ItemStatus.DUE: "scheduled",
    ItemStatus.UPCOMING: "not-started",
}
# CarePlan.activity.detail.kind is a resource type (R4 care-plan-activity-kind).
ACTIVITY_KIND: dict[ItemKind, str] = {
    ItemKind.VISIT: "Appointment",
    ItemKind.REVIEW: "Appointment",
    ItemKind.TEST: "ServiceRequest",
    ItemKind.REFERRAL: "ServiceRequest",
    ItemKind.DISCUSSION: "CommunicationRequest",
}
RULE_SYSTEM = c.VIGIL_CS + "care-rule"


def careplan_resource(plan: CarePlan, patient_url: str, condition_url: str | None) -> Json:
    """The CarePlan resource (status active, intent plan) for ``plan``."""
    resource: Json = {"resourceType": "CarePlan"}
    if plan.end_of_primary_treatment is not None:
        end = plan.end_of_primary_treatment.isoformat()
        resource["extension"] = [extension(c.END_OF_TREATMENT_EXT, "valueDate", end)]
    resource.update(
        {
            "status": "active",
            "intent": "plan",
            "title": "Survivorship care plan",
            "subject": reference(patient_url),
            "period": {"start": plan.prepared_on.isoformat()},
            "created": plan.prepared_on.isoformat(),
        }
    )
    if condition_url is not None:
        resource["addresses"] = [reference(condition_url)]
    if plan.items:
        resource["activity"] = [_activity(item) for item in plan.items]
    if plan.advice:
        resource["note"] = [_note(advice) for advice in plan.advice]
    return resource


def _activity(item: PlanItem) -> Json:
    detail: Json = {
        "extension": [
            extension(c.PLAN_ITEM_UID_EXT, "valueString", item.uid),
            extension(c.PLAN_ITEM_DUE_EXT, "valueDate", item.due.isoformat()),
            extension(c.PLAN_ITEM_KIND_EXT, "valueCode", item.kind.value),
        ],
        "kind": ACTIVITY_KIND[item.kind],
        "code": {
            "coding": [{"system": RULE_SYSTEM, "code": item.rule_id}],
            "text": item.title,
        },
        "status": ACTIVITY_STATUS[item.status],
    }
    if item.status is ItemStatus.OVERDUE:
        detail["statusReason"] = {"text": "overdue"}
    if item.earliest is not None or item.latest is not None:
        period: Json = {}
        if item.earliest is not None:
            period["start"] = item.earliest.isoformat()
        if item.latest is not None:
            period["end"] = item.latest.isoformat()
        detail["scheduledPeriod"] = period
    else:
        detail["scheduledString"] = f"due {item.due.isoformat()}"
    detail["description"] = f"{item.why} Source: {item.source}"
    return {"detail": detail}


def _note(advice: Advice) -> Json:
    return {
        "extension": [
            extension(c.ADVICE_CATEGORY_EXT, "valueCode", advice.category),
            extension(c.PLAN_RULE_EXT, "valueString", advice.rule_id),
        ],
        "text": f"**{advice.title}** ({advice.category.replace('_', ' ')}): "
        f"{advice.text} Source: {advice.source}",
    }
