"""Engine and session factories, and schema migration through Alembic."""

from __future__ import annotations

import fcntl
import os
import sqlite3
import threading
from importlib.resources import files
from pathlib import Path
from typing import Any, ClassVar

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import ORMExecuteState, Session, SessionTransaction, sessionmaker

from vigil.errors import VigilError

__all__ = ["alembic_config", "backup", "make_engine", "make_session_factory", "restore", "upgrade"]


def make_engine(url: str) -> Engine:
    """An engine for ``url``; for a SQLite file, its folder is created and foreign keys enforced."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        # The web app serves sync routes from a pool of ~40 threads: give them connections
        # rather than a 30 s wait for one of the default 15 (seen under load in the bench).
        engine = create_engine(url, pool_size=20, max_overflow=30)
        # SQLite ignores foreign keys unless asked, per connection.
        event.listen(engine, "connect", _sqlite_foreign_keys)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=20, max_overflow=30)


def _sqlite_foreign_keys(dbapi_connection: object, _record: object) -> None:
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA foreign_keys=ON")
    # WAL: a committed transaction survives a crash and readers do not block the writer;
    # synchronous=FULL makes each commit durable before it is acknowledged.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def backup(url: str, target: Path) -> None:
    """Copy a SQLite database to ``target`` with SQLite's online backup (consistent while
    the app runs)."""
    source = _sqlite_path(url)
    target.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)


def restore(url: str, source: Path) -> None:
    """Replace the SQLite database at ``url`` with the backup at ``source``."""
    if not source.is_file():
        msg = f"backup {str(source)!r} does not exist"
        raise VigilError(msg)
    target = _sqlite_path(url)
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)


def _sqlite_path(url: str) -> Path:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        msg = "backup and restore work on a SQLite file; for PostgreSQL use pg_dump/pg_restore"
        raise VigilError(msg)
    return Path(parsed.database)


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions on ``engine``; on a SQLite file, their write transactions take turns."""
    factory = sessionmaker(engine, expire_on_commit=False)
    if engine.dialect.name == "sqlite" and engine.url.database not in (None, "", ":memory:"):
        _WriteTurns.of(Path(str(engine.url.database))).attach(factory)
    return factory


class _WriteTurns:
    """One writing transaction at a time on a SQLite file, across threads and processes.

    SQLite itself allows one writer; a second one waits in SQLite's busy handler, which
    polls with sleeps that grow to 100 ms. Under 50 concurrent requests that polling, not
    the work, set the tail latency (p99 above 1 s, ``docs/performance.md``). Here a writer
    first takes a thread lock (its process) and then an exclusive ``flock`` on a file beside
    the database (other processes, e.g. uvicorn workers); both wake the next waiter as
    soon as the turn is released, at the end of the transaction. The busy timeout stays as
    the fallback for writers outside this protocol (the CLI, Alembic).
    """

    _by_path: ClassVar[dict[Path, _WriteTurns]] = {}
    _registry_lock: ClassVar[threading.Lock] = threading.Lock()

    def __init__(self, path: Path) -> None:
        self._path = path.with_name(path.name + ".writer-lock")
        self._thread_lock = threading.RLock()
        self._depth = 0
        self._fd: int | None = None
        self._pid = 0

    @classmethod
    def of(cls, path: Path) -> _WriteTurns:
        key = path.resolve()
        with cls._registry_lock:
            return cls._by_path.setdefault(key, cls(key))

    def attach(self, factory: sessionmaker[Session]) -> None:
        event.listen(factory, "before_flush", self._on_flush)
        event.listen(factory, "do_orm_execute", self._on_execute)
        event.listen(factory, "after_transaction_end", self._on_end)

    def _on_flush(self, session: Session, *_: Any) -> None:
        self._take(session)

    def _on_execute(self, state: ORMExecuteState) -> None:
        if state.is_insert or state.is_update or state.is_delete:
            self._take(state.session)

    def _on_end(self, session: Session, transaction: SessionTransaction) -> None:
        if transaction.parent is None and session.info.pop("vigil_write_turn", False):
            self._release()

    def _take(self, session: Session) -> None:
        if session.info.get("vigil_write_turn"):
            return
        # A stuck turn must fail loudly, not hang every writer.
        if not self._thread_lock.acquire(timeout=30):
            msg = "waited 30 s for the database write turn"
            raise VigilError(msg)
        if self._depth == 0:
            fcntl.flock(self._file(), fcntl.LOCK_EX)
        self._depth += 1
        session.info["vigil_write_turn"] = True

    def _release(self) -> None:
        self._depth -= 1
        if self._depth == 0:
            fcntl.flock(self._file(), fcntl.LOCK_UN)
        self._thread_lock.release()

    def _file(self) -> int:
        # One descriptor per process: flock locks belong to the open file, so a forked
        # child must open its own.
        if self._fd is None or self._pid != os.getpid():
            self._fd = os.open(self._path, os.O_RDWR | os.O_CREAT, 0o600)
            self._pid = os.getpid()
        return self._fd


def alembic_config(url: str) -> Config:
    """Alembic configuration pointing at the migrations shipped inside the package."""
    config = Config()
    config.set_main_option("script_location", str(files("vigil.store") / "migrations"))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Create or migrate the database at ``url`` to ``revision``."""
    make_engine(url).dispose()  # creates the SQLite folder if needed
    command.upgrade(alembic_config(url), revision)
