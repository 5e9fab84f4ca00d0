"""The database adapter: SQLAlchemy models, repositories and Alembic migrations.

SQLite by default (embedded, zero set-up); any SQLAlchemy URL by configuration. Every
repository limits what it reads to what its actor may see (``_access``).
"""

from vigil.store._access import Actor, Role, visible_patients
from vigil.store._db import (
    Checkpointer,
    backup,
    make_engine,
    make_session_factory,
    restore,
    upgrade,
)
from vigil.store._models import (
    AlertRecord,
    AuditEvent,
    Base,
    CareTeamMember,
    PatientRecord,
    SessionRecord,
    SymptomReportRecord,
    UserRecord,
)
from vigil.store._news import NewsItemRecord, NewsRepository, NewsSourceRecord
from vigil.store._patients import AccessDeniedError, PatientRepository, audit
from vigil.store._symptoms import SymptomRepository
from vigil.store._users import LoginRefusedError, UserRepository, actor_for

__all__ = [
    "AccessDeniedError",
    "Actor",
    "AlertRecord",
    "AuditEvent",
    "Base",
    "CareTeamMember",
    "Checkpointer",
    "LoginRefusedError",
    "NewsItemRecord",
    "NewsRepository",
    "NewsSourceRecord",
    "PatientRecord",
    "PatientRepository",
    "Role",
    "SessionRecord",
    "SymptomReportRecord",
    "SymptomRepository",
    "UserRecord",
    "UserRepository",
    "actor_for",
    "audit",
    "backup",
    "make_engine",
    "make_session_factory",
    "restore",
    "upgrade",
    "visible_patients",
]
