"""The synthetic demo patients shipped with Vigil (a shell: reads a packaged file)."""

from __future__ import annotations

import json
from importlib.resources import files

from sqlalchemy.orm import Session

from vigil.facts import Patient, parse_patient
from vigil.store import PatientRepository

__all__ = ["demo_patients", "load_demo"]


def demo_patients() -> list[Patient]:
    document = json.loads((files("vigil") / "data" / "demo_patients.json").read_text("utf-8"))
    return [parse_patient(item) for item in document["patients"]]


def load_demo(session: Session) -> int:
    """Insert or refresh the demo patients; returns how many there are. Idempotent."""
    repo = PatientRepository(session, actor="system:demo-loader")
    patients = demo_patients()
    for patient in patients:
        if patient.patient_id is None:  # the shipped file always has ids; guard the contract
            msg = "demo patient without patient_id"
            raise ValueError(msg)
        repo.upsert(patient, external_id=patient.patient_id)
    session.commit()
    return len(patients)
