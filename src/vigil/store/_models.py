"""Database tables. Facts are stored as the validated JSON document they came from."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text, func
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

__all__ = [
    "AlertRecord",
    "AuditEvent",
    "Base",
    "CareTeamMember",
    "PatientRecord",
    "SessionRecord",
    "SymptomReportRecord",
    "UserRecord",
]


def new_id() -> str:
    """A new random record id (32 hex digits)."""
    return uuid.uuid4().hex


class Base(DeclarativeBase):
    pass


class PatientRecord(Base):
    """One patient's facts. ``external_id`` is the clinic's or the demo's identifier."""

    __tablename__ = "patient"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    external_id: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    facts: Mapped[dict[str, Any]] = mapped_column(JSON)
    facts_version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )


class AuditEvent(Base):
    """Who read or changed which record, when. Holds no facts and no free text."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(16))
    patient_id: Mapped[str | None] = mapped_column(
        String(32), ForeignKey("patient.id", ondelete="SET NULL"), nullable=True, index=True
    )


class UserRecord(Base):
    """An account. ``patient_id`` links a survivor to her own record."""

    __tablename__ = "app_user"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    email: Mapped[str] = mapped_column(String(254), unique=True, index=True)
    display_name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(16))  # survivor | clinician | admin
    password_hash: Mapped[str] = mapped_column(String(200))
    patient_id: Mapped[str | None] = mapped_column(
        String(32), ForeignKey("patient.id", ondelete="SET NULL"), nullable=True
    )
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)


class CareTeamMember(Base):
    """A clinician on a patient's care team: what a clinician may see."""

    __tablename__ = "care_team_member"

    clinician_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("app_user.id", ondelete="CASCADE"), primary_key=True
    )
    patient_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("patient.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class SessionRecord(Base):
    """A signed-in session; only a hash of the cookie's token is stored."""

    __tablename__ = "app_session"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("app_user.id", ondelete="CASCADE"), index=True
    )
    csrf_token: Mapped[str] = mapped_column(String(64))
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class SymptomReportRecord(Base):
    """A symptom report as submitted (validated), with the triage outcome at the time."""

    __tablename__ = "symptom_report"
    # Triage reads a patient's recent reports newest first (migration 0004).
    __table_args__ = (
        Index("ix_symptom_report_patient_recent", "patient_id", "reported_on", "created_at"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    patient_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("patient.id", ondelete="CASCADE"), index=True
    )
    reported_on: Mapped[dt.date] = mapped_column(Date)
    report: Mapped[dict[str, Any]] = mapped_column(JSON)
    level: Mapped[str] = mapped_column(String(16))
    outcome: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )


class AlertRecord(Base):
    """An urgent or emergency triage outcome awaiting the care team."""

    __tablename__ = "alert"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    patient_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("patient.id", ondelete="CASCADE"), index=True
    )
    report_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("symptom_report.id", ondelete="CASCADE")
    )
    dedup_key: Mapped[str] = mapped_column(String(200), index=True)
    level: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(16), default="open")
    opened_on: Mapped[dt.date] = mapped_column(Date)
    acknowledged_by: Mapped[str | None] = mapped_column(String(32), nullable=True)
    acknowledged_at: Mapped[dt.datetime | None] = mapped_column(
        DateTime(timezone=True), nullable=True
    )
    resolved_by: Mapped[str | None] = mapped_column(String(32), nullable=True)
    resolved_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    action_note: Mapped[str | None] = mapped_column(Text, nullable=True)
