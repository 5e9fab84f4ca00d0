"""Accounts, care teams, sessions, symptom reports and alerts.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "app_user",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("display_name", sa.String(100), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column(
            "patient_id",
            sa.String(32),
            sa.ForeignKey("patient.id", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.Column("failed_logins", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
    )
    op.create_index("ix_app_user_email", "app_user", ["email"], unique=True)
    op.create_table(
        "care_team_member",
        sa.Column(
            "clinician_id",
            sa.String(32),
            sa.ForeignKey("app_user.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column(
            "patient_id",
            sa.String(32),
            sa.ForeignKey("patient.id", ondelete="CASCADE"),
            primary_key=True,
        ),
    )
    op.create_index("ix_care_team_member_patient_id", "care_team_member", ["patient_id"])
    op.create_table(
        "app_session",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column(
            "user_id",
            sa.String(32),
            sa.ForeignKey("app_user.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("csrf_token", sa.String(64), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_app_session_user_id", "app_session", ["user_id"])
    op.create_table(
        "symptom_report",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column(
            "patient_id",
            sa.String(32),
            sa.ForeignKey("patient.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("reported_on", sa.Date(), nullable=False),
        sa.Column("report", sa.JSON(), nullable=False),
        sa.Column("level", sa.String(16), nullable=False),
        sa.Column("outcome", sa.JSON(), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
    )
    op.create_index("ix_symptom_report_patient_id", "symptom_report", ["patient_id"])
    op.create_table(
        "alert",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column(
            "patient_id",
            sa.String(32),
            sa.ForeignKey("patient.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column(
            "report_id",
            sa.String(32),
            sa.ForeignKey("symptom_report.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("dedup_key", sa.String(200), nullable=False),
        sa.Column("level", sa.String(16), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("opened_on", sa.Date(), nullable=False),
        sa.Column("acknowledged_by", sa.String(32), nullable=True),
        sa.Column("acknowledged_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolved_by", sa.String(32), nullable=True),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("action_note", sa.Text(), nullable=True),
    )
    op.create_index("ix_alert_patient_id", "alert", ["patient_id"])
    op.create_index("ix_alert_dedup_key", "alert", ["dedup_key"])


def downgrade() -> None:
    for table in ("alert", "symptom_report", "app_session", "care_team_member", "app_user"):
        op.drop_table(table)
