"""Engine and session factories, and schema migration through Alembic."""

from __future__ import annotations

import contextlib
import fcntl
import functools
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
from vigil.store._models import AuditEvent

__all__ = [
    "Checkpointer",
    "alembic_config",
    "backup",
    "make_engine",
    "make_session_factory",
    "restore",
    "upgrade",
]


def make_engine(url: str, *, background_checkpoints: bool = False) -> Engine:
    """An engine for ``url``; for a SQLite file, its folder is created and foreign keys enforced.

    With ``background_checkpoints`` (the web app) its SQLite connections never checkpoint
    the write-ahead log themselves: :class:`Checkpointer` does, outside any request.
    """
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
        if background_checkpoints:
            event.listen(engine, "connect", _no_autocheckpoint)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=20, max_overflow=30)


def _sqlite_foreign_keys(dbapi_connection: object, _record: object) -> None:
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA foreign_keys=ON")
    # WAL: a committed transaction survives a crash of the application and readers do not
    # block the writer. NORMAL does not sync the log at every commit; sessions made by
    # make_session_factory sync it themselves after each commit that changes data, before
    # it is acknowledged (_WriteTurns), so only "who looked" events wait for the next sync.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def _no_autocheckpoint(dbapi_connection: object, _record: object) -> None:
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA wal_autocheckpoint=0")
    cursor.close()


class Checkpointer:
    """Copies a SQLite file's write-ahead log into the database every ``interval_s``.

    SQLite's automatic checkpoint runs inside whichever commit crosses 1,000 log pages and
    syncs the database file there, while that request holds the single write turn: every
    writer behind it waits. Under load that was much of the symptom report's tail latency
    (``docs/performance.md``). A PASSIVE checkpoint here, on its own connection, blocks
    neither readers nor writers.
    """

    def __init__(self, url: str, interval_s: float = 1.0) -> None:
        self._path = _sqlite_path(url)
        self._interval = interval_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="vigil-checkpoint", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)

    def _run(self) -> None:
        with sqlite3.connect(self._path, timeout=5) as connection:
            while not self._stop.wait(self._interval):
                self.checkpoint(connection)
            self.checkpoint(connection)

    @staticmethod
    def checkpoint(connection: sqlite3.Connection) -> None:
        # Busy or locked: the next round tries again; nothing is lost meanwhile.
        with contextlib.suppress(sqlite3.Error):
            connection.execute("PRAGMA wal_checkpoint(PASSIVE)")


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


def make_session_factory(engine: Engine, *, sync_each_commit: bool = True) -> sessionmaker[Session]:
    """Sessions on ``engine``; on a SQLite file, their write transactions take turns.

    ``sync_each_commit`` (the default) syncs every commit that changes data to disk before
    it returns, so an acknowledged report survives a power cut. False leaves that to the
    next checkpoint (about a second in the web app): still safe when the application
    crashes, faster under heavy write load (``VIGIL_SQLITE_SYNC``, docs/performance.md).
    """
    factory = sessionmaker(engine, expire_on_commit=False)
    if engine.dialect.name == "sqlite" and engine.url.database not in (None, "", ":memory:"):
        _WriteTurns.of(Path(str(engine.url.database))).attach(factory, sync_each_commit)
    return factory


# Audit actions that record a look, not a change: their commits are not synced one by one.
_LOOKS = frozenset({"read", "list", "denied"})


class _WriteTurns:
    """One writing transaction at a time on a SQLite file, across threads and processes;
    each commit that changes data synced to disk before it is acknowledged.

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
        # Group commit: commits are numbered in order (under the turn); one sync covers
        # every commit numbered before it started, so concurrent committers share it.
        self._committed = 0
        self._synced = 0
        self._sync_lock = threading.Lock()

    @classmethod
    def of(cls, path: Path) -> _WriteTurns:
        key = path.resolve()
        with cls._registry_lock:
            return cls._by_path.setdefault(key, cls(key))

    def attach(self, factory: sessionmaker[Session], sync_each_commit: bool) -> None:
        event.listen(factory, "before_flush", self._on_flush)
        event.listen(factory, "do_orm_execute", self._on_execute)
        event.listen(factory, "after_commit", self._on_commit)
        event.listen(
            factory, "after_transaction_end", functools.partial(self._on_end, sync=sync_each_commit)
        )

    def _on_flush(self, session: Session, *_: Any) -> None:
        self._take(session)
        looks_only = not (session.dirty or session.deleted) and all(
            isinstance(item, AuditEvent) and item.action in _LOOKS for item in session.new
        )
        if not looks_only:
            session.info["vigil_changes_data"] = True

    def _on_execute(self, state: ORMExecuteState) -> None:
        if state.is_insert or state.is_update or state.is_delete:
            self._take(state.session)
            state.session.info["vigil_changes_data"] = True

    def _on_commit(self, session: Session) -> None:
        # Still inside the turn (released at the end of the transaction): numbers follow
        # the order of commits in this process.
        self._committed += 1
        session.info["vigil_committed"] = self._committed

    def _on_end(self, session: Session, transaction: SessionTransaction, *, sync: bool) -> None:
        if transaction.parent is not None:
            return
        if session.info.pop("vigil_write_turn", False):
            self._release()
        committed = session.info.pop("vigil_committed", 0)
        if session.info.pop("vigil_changes_data", False) and committed and sync:
            # After the turn is released: writers behind it need not wait for the disk.
            self._sync_through(committed)

    def _sync_through(self, commit: int) -> None:
        """Return once commit number ``commit`` is on disk, syncing only if no sync that
        started after it has finished (group commit)."""
        if self._synced >= commit:
            return
        with self._sync_lock:
            if self._synced >= commit:
                return  # another thread's sync, started after our commit, covered it
            target = self._committed
            self._sync_log()
            self._synced = max(self._synced, target)

    def _sync_log(self) -> None:
        """Make every committed transaction durable (what ``synchronous=FULL`` does at
        each commit in WAL mode): sync the write-ahead log, or the database file if a
        checkpoint has already emptied and removed the log."""
        database = self._path.with_name(self._path.name.removesuffix(".writer-lock"))
        for path in (database.with_name(database.name + "-wal"), database):
            try:
                fd = os.open(path, os.O_RDONLY)
            except FileNotFoundError:
                continue
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
            return

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
