"""Patient repository: every read and write of patient records goes through here, audited."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from vigil.facts import Patient, parse_patient
from vigil.store._models import AuditEvent, PatientRecord

__all__ = ["PatientRepository"]


class PatientRepository:
    """Reads and writes patient facts for one actor; each access leaves an audit event.

    Authorisation (owner / care team) is decided by the caller before it gets here;
    this layer makes sure nothing is read or written without a trace.
    """

    def __init__(self, session: Session, actor: str) -> None:
        self._session = session
        self._actor = actor

    def _audit(self, action: str, record: PatientRecord | None) -> None:
        self._session.add(
            AuditEvent(
                actor=self._actor, action=action, patient_id=None if record is None else record.id
            )
        )

    def upsert(self, patient: Patient, external_id: str) -> PatientRecord:
        """Store validated facts under ``external_id``, replacing any earlier version."""
        record = self._session.scalar(
            select(PatientRecord).where(PatientRecord.external_id == external_id)
        )
        facts = patient.model_dump(mode="json", exclude_none=True)
        if record is None:
            record = PatientRecord(external_id=external_id, facts=facts, facts_version=1)
            self._session.add(record)
            self._session.flush()
            self._audit("create", record)
        elif record.facts != facts:
            record.facts = facts
            record.facts_version += 1
            self._session.flush()
            self._audit("update", record)
        return record

    def get(self, external_id: str) -> Patient | None:
        record = self._session.scalar(
            select(PatientRecord).where(PatientRecord.external_id == external_id)
        )
        if record is None:
            return None
        self._audit("read", record)
        return parse_patient(record.facts)

    def list_ids(self) -> list[str]:
        """External ids of all patients, in order (a listing, audited as one event)."""
        self._audit("list", None)
        return list(
            self._session.scalars(
                select(PatientRecord.external_id).order_by(PatientRecord.external_id)
            )
        )
