"""The database adapter: SQLAlchemy models, repositories and Alembic migrations.

SQLite by default (embedded, zero set-up); any SQLAlchemy URL by configuration.
"""

from vigil.store._db import make_engine, make_session_factory, upgrade
from vigil.store._models import AuditEvent, Base, PatientRecord
from vigil.store._patients import PatientRepository

__all__ = [
    "AuditEvent",
    "Base",
    "PatientRecord",
    "PatientRepository",
    "make_engine",
    "make_session_factory",
    "upgrade",
]
