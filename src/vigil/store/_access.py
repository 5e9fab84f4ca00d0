"""Who may see which patient: decided here, once, for every repository.

A survivor sees only her own record; a clinician only the patients of her care team; an
admin and the system (CLI, loaders) see all. Routes never decide this themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import ColumnElement, false, select, true

from vigil.store._models import CareTeamMember, PatientRecord

__all__ = ["Actor", "Role", "visible_patients"]


class Role(StrEnum):
    SURVIVOR = "survivor"
    CLINICIAN = "clinician"
    ADMIN = "admin"
    SYSTEM = "system"


@dataclass(frozen=True, slots=True)
class Actor:
    """The user (or system process) on whose behalf the data layer acts."""

    id: str
    role: Role
    patient_id: str | None = None  # a survivor's own record

    @classmethod
    def system(cls, name: str) -> Actor:
        return cls(id=f"system:{name}", role=Role.SYSTEM)

    @property
    def may_write_facts(self) -> bool:
        return self.role in (Role.CLINICIAN, Role.ADMIN, Role.SYSTEM)


def visible_patients(actor: Actor) -> ColumnElement[bool]:
    """The SQL condition on ``patient.id`` that limits every query to what ``actor`` may see."""
    if actor.role in (Role.ADMIN, Role.SYSTEM):
        return true()
    if actor.role is Role.SURVIVOR:
        if actor.patient_id is None:
            return false()
        return PatientRecord.id == actor.patient_id
    team = select(CareTeamMember.patient_id).where(CareTeamMember.clinician_id == actor.id)
    return PatientRecord.id.in_(team)
