"""Patients (facts as JSON) and the audit trail.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "patient",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("external_id", sa.String(64), nullable=False),
        sa.Column("facts", sa.JSON(), nullable=False),
        sa.Column("facts_version", sa.Integer(), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
    )
    op.create_index("ix_patient_external_id", "patient", ["external_id"], unique=True)
    op.create_table(
        "audit_event",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column(
            "patient_id",
            sa.String(32),
            sa.ForeignKey("patient.id", ondelete="SET NULL"),
            nullable=True,
        ),
    )
    op.create_index("ix_audit_event_patient_id", "audit_event", ["patient_id"])


def downgrade() -> None:
    op.drop_index("ix_audit_event_patient_id", "audit_event")
    op.drop_table("audit_event")
    op.drop_index("ix_patient_external_id", "patient")
    op.drop_table("patient")
