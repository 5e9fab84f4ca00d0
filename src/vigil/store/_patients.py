"""Patient repository: every read and write of patient records goes through here, audited
and limited to what the actor may see (``vigil.store._access``)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from vigil.errors import VigilError
from vigil.facts import Patient, parse_patient
from vigil.store._access import Actor, Role, visible_patients
from vigil.store._models import AuditEvent, CareTeamMember, PatientRecord

__all__ = ["AccessDeniedError", "PatientRepository", "audit"]


class AccessDeniedError(VigilError):
    """The actor may not do this to this record."""


def audit(session: Session, actor: Actor, action: str, patient_id: str | None) -> None:
    """Record who did what to which record. Never facts, never free text."""
    session.add(AuditEvent(actor=actor.id, action=action, patient_id=patient_id))


class PatientRepository:
    def __init__(self, session: Session, actor: Actor) -> None:
        self._session = session
        self._actor = actor

    def _find(self, external_id: str) -> PatientRecord | None:
        return self._session.scalar(
            select(PatientRecord).where(PatientRecord.external_id == external_id)
        )

    def record(self, external_id: str) -> PatientRecord | None:
        """The record if it exists and the actor may see it; a refused look is audited."""
        found = self._session.scalar(
            select(PatientRecord).where(
                PatientRecord.external_id == external_id, visible_patients(self._actor)
            )
        )
        if found is None:
            exists = self._find(external_id)
            if exists is not None:
                audit(self._session, self._actor, "denied", exists.id)
            return None
        audit(self._session, self._actor, "read", found.id)
        return found

    def own(self) -> PatientRecord | None:
        """A survivor's own record (audited as a read)."""
        if self._actor.patient_id is None:
            return None
        found = self._session.scalar(
            select(PatientRecord).where(
                PatientRecord.id == self._actor.patient_id, visible_patients(self._actor)
            )
        )
        if found is not None:
            audit(self._session, self._actor, "read", found.id)
        return found

    def visible_records(self) -> list[PatientRecord]:
        """Every record the actor may see, by external id (audited as one listing)."""
        audit(self._session, self._actor, "list", None)
        return list(
            self._session.scalars(
                select(PatientRecord)
                .where(visible_patients(self._actor))
                .order_by(PatientRecord.external_id)
            )
        )

    def get(self, external_id: str) -> Patient | None:
        found = self.record(external_id)
        return None if found is None else parse_patient(found.facts)

    def upsert(self, patient: Patient, external_id: str) -> PatientRecord:
        """Store validated facts under ``external_id``; a clinician who creates a record
        joins its care team. Survivors cannot change clinical facts."""
        if not self._actor.may_write_facts:
            msg = "survivors cannot change clinical facts; ask your care team"
            raise AccessDeniedError(msg)
        record = self._find(external_id)
        facts = patient.model_dump(mode="json", exclude_none=True)
        if record is None:
            record = PatientRecord(external_id=external_id, facts=facts, facts_version=1)
            self._session.add(record)
            self._session.flush()
            if self._actor.role is Role.CLINICIAN:
                self._session.add(CareTeamMember(clinician_id=self._actor.id, patient_id=record.id))
            audit(self._session, self._actor, "create", record.id)
            return record
        visible = self._session.scalar(
            select(PatientRecord.id).where(
                PatientRecord.id == record.id, visible_patients(self._actor)
            )
        )
        if visible is None:
            audit(self._session, self._actor, "denied", record.id)
            msg = f"no access to patient {external_id!r}"
            raise AccessDeniedError(msg)
        if record.facts != facts:
            record.facts = facts
            record.facts_version += 1
            self._session.flush()
            audit(self._session, self._actor, "update", record.id)
        return record

    def list_ids(self) -> list[str]:
        """External ids of the patients the actor may see (audited as one listing)."""
        audit(self._session, self._actor, "list", None)
        return list(
            self._session.scalars(
                select(PatientRecord.external_id)
                .where(visible_patients(self._actor))
                .order_by(PatientRecord.external_id)
            )
        )
