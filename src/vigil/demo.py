"""The synthetic demo patients and demo accounts shipped with Vigil (a shell)."""

from __future__ import annotations

import datetime as dt
import json
from importlib.resources import files

from sqlalchemy import select
from sqlalchemy.orm import Session

from vigil.care.triage import parse_report, triage
from vigil.facts import Patient, parse_patient
from vigil.store import (
    Actor,
    CareTeamMember,
    PatientRecord,
    PatientRepository,
    Role,
    SymptomRepository,
    UserRepository,
)

__all__ = ["DEMO_CLINICIAN", "DEMO_PASSWORD", "demo_accounts", "demo_patients", "load_demo"]

# Demo accounts sign in only when the app runs in demo mode (``vigil serve --demo``).
DEMO_PASSWORD = "vigil-demo-2026"
DEMO_CLINICIAN = "nurse@demo.vigil.example"


def demo_patients() -> list[Patient]:
    document = json.loads((files("vigil") / "data" / "demo_patients.json").read_text("utf-8"))
    return [parse_patient(item) for item in document["patients"]]


def demo_accounts() -> list[tuple[str, str, Role, str | None]]:
    """(e-mail, display name, role, demo patient id) for every demo account."""
    accounts: list[tuple[str, str, Role, str | None]] = [
        (DEMO_CLINICIAN, "Nurse Demo", Role.CLINICIAN, None)
    ]
    for patient in demo_patients():
        if patient.tumour is None or patient.patient_id is None:
            continue
        name = patient.patient_id.removeprefix("demo-")
        accounts.append(
            (f"{name}@demo.vigil.example", name.title(), Role.SURVIVOR, patient.patient_id)
        )
    return accounts


# A few synthetic symptom reports, so the alert queue and histories are not empty:
# (patient, days before today, report symptoms).
_DEMO_REPORTS: tuple[tuple[str, int, list[dict[str, object]]], ...] = (
    ("demo-bea", 9, [{"code": "fatigue", "severity": 1}]),
    ("demo-bea", 2, [{"code": "fatigue", "severity": 2}, {"code": "joint_pain", "severity": 1}]),
    ("demo-cleo", 1, [{"code": "cough", "severity": 2, "features": ["worsening"]}]),
    ("demo-dora", 3, [{"code": "bone_pain", "severity": 2, "features": ["wakes_from_sleep"]}]),
)


def _load_demo_reports(session: Session, records: dict[str, PatientRecord], today: dt.date) -> None:
    repo = SymptomRepository(session, Actor.system("demo-loader"))
    for patient_id, days_ago, symptoms in _DEMO_REPORTS:
        record = records[patient_id]
        if repo.reports(record.id):
            continue  # already seeded
        reported_on = today - dt.timedelta(days=days_ago)
        report = parse_report(
            {"reported_on": reported_on.isoformat(), "symptoms": symptoms}, today=today
        )
        history = repo.history(record.id, today)
        outcome = triage(
            report, history, parse_patient(record.facts), reported_on, patient_id=patient_id
        )
        repo.submit(record.id, report, outcome, reported_on)
        session.flush()


def load_demo(session: Session, today: dt.date | None = None) -> int:
    """Insert or refresh the demo patients, accounts and a few symptom reports; returns the
    patient count. ``today`` dates the demo reports (the real date when not given)."""
    repo = PatientRepository(session, Actor.system("demo-loader"))
    records = {}
    patients = demo_patients()
    for patient in patients:
        if patient.patient_id is None:  # the shipped file always has ids; guard the contract
            msg = "demo patient without patient_id"
            raise ValueError(msg)
        records[patient.patient_id] = repo.upsert(patient, external_id=patient.patient_id)
    users = UserRepository(session)
    clinician = None
    for email, name, role, patient_id in demo_accounts():
        user = users.by_email(email)
        if user is None:
            record_id = None if patient_id is None else records[patient_id].id
            user = users.create(
                email, name, role, DEMO_PASSWORD, patient_id=record_id, is_demo=True
            )
        if role is Role.CLINICIAN:
            clinician = user
    if clinician is not None:
        known = set(
            session.scalars(
                select(CareTeamMember.patient_id).where(CareTeamMember.clinician_id == clinician.id)
            )
        )
        for record in records.values():
            if record.id not in known:
                session.add(CareTeamMember(clinician_id=clinician.id, patient_id=record.id))
    _load_demo_reports(session, records, today or dt.date.today())
    session.commit()
    return len(patients)
