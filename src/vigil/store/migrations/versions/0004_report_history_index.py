"""Index a patient's symptom reports by date, for the recent history triage reads.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25

Triage reads a patient's last year of reports, newest first. With only the patient index
SQLite read and sorted every report of the patient on every new report, a cost that grew
with her history (docs/performance.md).
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_symptom_report_patient_recent",
        "symptom_report",
        ["patient_id", "reported_on", "created_at"],
    )


def downgrade() -> None:
    op.drop_index("ix_symptom_report_patient_recent", table_name="symptom_report")
