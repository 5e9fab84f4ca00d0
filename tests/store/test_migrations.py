"""The migrations build exactly the tables the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

import os
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from tests.conftest import fresh_database_url
from vigil.store import Base, make_engine, upgrade


def test_migrations_match_models_on_this_backend(tmp_path: Path) -> None:
    url = fresh_database_url(tmp_path)
    upgrade(url)
    engine = make_engine(url)
    expected = "postgresql" if os.environ.get("VIGIL_TEST_POSTGRES") else "sqlite"
    assert engine.dialect.name == expected
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    engine.dispose()
    assert differences == []
