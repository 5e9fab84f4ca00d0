"""SQLite writers take turns (vigil.store._db._WriteTurns): concurrent writes all land,
and a failed or abandoned transaction gives its turn back."""

from __future__ import annotations

import multiprocessing
import threading
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from vigil.store import AuditEvent, make_engine, make_session_factory, upgrade


def _url(folder: Path) -> str:
    return f"sqlite:///{folder / 'turns.db'}"


def _write_events(url: str, actor: str, count: int) -> None:
    engine = make_engine(url)
    sessions = make_session_factory(engine)
    for _ in range(count):
        with sessions() as session:
            session.add(AuditEvent(actor=actor, action="read", patient_id=None))
            session.commit()
    engine.dispose()


def test_threads_and_processes_writing_at_once_all_land(tmp_path: Path) -> None:
    url = _url(tmp_path)
    upgrade(url)
    threads = [
        threading.Thread(target=_write_events, args=(url, f"thread-{i}", 40)) for i in range(8)
    ]
    spawn = multiprocessing.get_context("spawn")
    processes = [
        spawn.Process(target=_write_events, args=(url, f"process-{i}", 40)) for i in range(2)
    ]
    for worker in [*threads, *processes]:
        worker.start()
    for worker in [*threads, *processes]:
        worker.join(timeout=120)
    assert all(p.exitcode == 0 for p in processes)
    engine = make_engine(url)
    with make_session_factory(engine)() as session:
        counts = dict(
            session.execute(select(AuditEvent.actor, func.count()).group_by(AuditEvent.actor)).all()
        )
    engine.dispose()
    assert counts == {f"thread-{i}": 40 for i in range(8)} | {f"process-{i}": 40 for i in range(2)}
    assert (tmp_path / "turns.db.writer-lock").exists()


def test_a_failed_write_gives_the_turn_back(tmp_path: Path) -> None:
    url = _url(tmp_path)
    upgrade(url)
    engine = make_engine(url)
    sessions = make_session_factory(engine)
    with sessions() as session:
        session.add(AuditEvent(actor="a", action="read", patient_id="no-such-patient"))
        with pytest.raises(IntegrityError):  # foreign key refused at flush
            session.commit()
    with sessions() as session:  # closed without commit: rolled back
        session.execute(delete(AuditEvent))
    # Another thread can write at once; a turn still held would make it wait 30 s and fail.
    done = threading.Event()

    def write() -> None:
        _write_events(url, "after", 1)
        done.set()

    threading.Thread(target=write).start()
    assert done.wait(timeout=10)
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(AuditEvent)) == 1
    engine.dispose()
