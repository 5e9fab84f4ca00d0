"""Alembic environment: migrations run online against the URL in the Alembic config."""

from __future__ import annotations

from alembic import context
from sqlalchemy import pool

from vigil.store._db import make_engine
from vigil.store._models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations() -> None:
    url = config.get_main_option("sqlalchemy.url")
    if url is None:
        msg = "alembic config has no sqlalchemy.url"
        raise RuntimeError(msg)
    engine = make_engine(url)
    engine.pool = pool.NullPool(engine.pool._creator)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


run_migrations()
