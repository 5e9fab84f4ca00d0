"""The care plan as a FHIR CarePlan: activities for dated items, notes for advice."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.careplan import CarePlan as FhirCarePlan

from tests.fhir.helpers import resources
from vigil.care import Advice, CarePlan, ItemKind, ItemStatus, PlanItem, plan
from vigil.demo import demo_patients
from vigil.facts import Patient
from vigil.fhir import BundleError, export_bundle, import_bundle

ON = dt.date(2025, 6, 1)
ADA = next(p for p in demo_patients() if p.patient_id == "demo-ada")


def _item(n: int, kind: ItemKind, status: ItemStatus, *, window: bool = True) -> PlanItem:
    due = dt.date(2025, n, 1)
    return PlanItem(
        uid=f"demo-ada/rule-{n}/1",
        rule_id=f"rule-{n}",
        kind=kind,
        title=f"Item {n}",
        why=f"Because of reason {n}.",
        source="ASCO 2013 follow-up guideline, rec. 2",
        due=due,
        earliest=due - dt.timedelta(days=30) if window else None,
        latest=due + dt.timedelta(days=30) if window else None,
        status=status,
    )


PLAN = CarePlan(
    patient_id="demo-ada",
    prepared_on=dt.date(2025, 5, 1),
    end_of_primary_treatment=dt.date(2021, 5, 7),
    items=(
        _item(1, ItemKind.VISIT, ItemStatus.DONE),
        _item(4, ItemKind.TEST, ItemStatus.OVERDUE),
        _item(6, ItemKind.REVIEW, ItemStatus.DUE),
        _item(9, ItemKind.REFERRAL, ItemStatus.UPCOMING, window=False),
    ),
    advice=(
        Advice(
            rule_id="no-tumour-markers",
            category="not_recommended",
            title="Tumour markers",
            text="Blood tumour markers are not recommended without symptoms.",
            source="ASCO 2013 follow-up guideline",
        ),
        Advice(
            rule_id="activity",
            category="prevention",
            title="Physical activity",
            text="Aim for 150 minutes of moderate activity a week.",
            source="ACS/ASCO 2016",
        ),
    ),
)


def _careplan() -> tuple[dict[str, Any], dict[str, Any]]:
    bundle = export_bundle(ADA, PLAN, ON)
    (careplan,) = resources(bundle, "CarePlan")
    return bundle, careplan


def test_careplan_validates_and_points_to_patient_and_condition() -> None:
    bundle, careplan = _careplan()
    FhirCarePlan.model_validate(careplan)
    assert (careplan["status"], careplan["intent"]) == ("active", "plan")
    urls = {e["resource"]["resourceType"]: e["fullUrl"] for e in bundle["entry"]}
    assert careplan["subject"] == {"reference": urls["Patient"]}
    assert careplan["addresses"] == [{"reference": urls["Condition"]}]
    assert careplan["period"] == {"start": "2025-05-01"}


@pytest.mark.parametrize(
    ("index", "status", "kind"),
    [
        (0, "completed", "Appointment"),
        (1, "scheduled", "ServiceRequest"),
        (2, "scheduled", "Appointment"),
        (3, "not-started", "ServiceRequest"),
    ],
)
def test_activity_status_and_kind(index: int, status: str, kind: str) -> None:
    detail = _careplan()[1]["activity"][index]["detail"]
    assert (detail["status"], detail["kind"]) == (status, kind)


def test_activity_carries_title_why_source_and_schedule() -> None:
    activities = [a["detail"] for a in _careplan()[1]["activity"]]
    first = activities[0]
    assert first["code"]["text"] == "Item 1"
    assert first["code"]["coding"][0]["code"] == "rule-1"
    assert first["description"] == (
        "Because of reason 1. Source: ASCO 2013 follow-up guideline, rec. 2"
    )
    assert first["scheduledPeriod"] == {"start": "2024-12-02", "end": "2025-01-31"}
    assert activities[1]["statusReason"] == {"text": "overdue"}
    assert activities[3]["scheduledString"] == "due 2025-09-01"
    assert "scheduledPeriod" not in activities[3]
    uid = next(e for e in first["extension"] if e["url"].endswith("plan-item-uid"))
    assert uid["valueString"] == "demo-ada/rule-1/1"


def test_advice_becomes_notes() -> None:
    notes = _careplan()[1]["note"]
    assert len(notes) == 2
    assert notes[0]["text"].startswith("**Tumour markers** (not recommended):")
    assert "Source: ASCO 2013 follow-up guideline" in notes[0]["text"]
    assert notes[0]["extension"][0]["valueCode"] == "not_recommended"


def test_plan_of_another_patient_is_refused() -> None:
    other = CarePlan("demo-bea", PLAN.prepared_on, None, (), ())
    with pytest.raises(BundleError, match=r"plan.patient_id.*'demo-ada'"):
        export_bundle(ADA, other, ON)


def test_import_ignores_the_careplan_with_a_warning() -> None:
    result = import_bundle(export_bundle(ADA, PLAN, ON))
    assert result.facts == ADA
    assert [w.value for w in result.warnings] == ["CarePlan"]


@pytest.mark.parametrize("patient", demo_patients(), ids=lambda p: p.patient_id)
def test_plans_from_the_planner_export_as_valid_careplans(patient: Patient) -> None:
    care_plan = plan(patient, ON)
    bundle = export_bundle(patient, care_plan, ON)
    Bundle.model_validate(bundle)
    (careplan,) = resources(bundle, "CarePlan")
    assert len(careplan.get("activity", [])) == len(care_plan.items)
    assert len(careplan.get("note", [])) == len(care_plan.advice)
