"""News items and per-source fetch state.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "news_item",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("canonical_url", sa.String(2000), nullable=False),
        sa.Column("link", sa.String(2000), nullable=False),
        sa.Column("source", sa.String(100), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("summary_html", sa.Text(), nullable=False),
        sa.Column("summary_text", sa.Text(), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("relevance", sa.Float(), nullable=False),
        sa.Column("also_reported_by", sa.JSON(), nullable=False),
    )
    op.create_index("ix_news_item_canonical_url", "news_item", ["canonical_url"], unique=True)
    op.create_index("ix_news_item_published_at", "news_item", ["published_at"])
    op.create_index("ix_news_item_fetched_at", "news_item", ["fetched_at"])
    op.create_table(
        "news_source",
        sa.Column("url", sa.String(2000), primary_key=True),
        sa.Column("etag", sa.String(500), nullable=True),
        sa.Column("last_modified", sa.String(100), nullable=True),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("retry_after", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.String(500), nullable=True),
        sa.Column("last_fetched_at", sa.DateTime(timezone=True), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("news_source")
    op.drop_index("ix_news_item_fetched_at", "news_item")
    op.drop_index("ix_news_item_published_at", "news_item")
    op.drop_index("ix_news_item_canonical_url", "news_item")
    op.drop_table("news_item")
