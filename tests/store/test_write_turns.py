"""SQLite writers take turns (vigil.store._db._WriteTurns): concurrent writes all land,
and a failed or abandoned transaction gives its turn back; data commits sync fully."""

from __future__ import annotations

import multiprocessing
import os
import threading
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from vigil.facts import parse_patient
from vigil.store import (
    Actor,
    AuditEvent,
    PatientRepository,
    Role,
    make_engine,
    make_session_factory,
    upgrade,
)


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


def test_data_commits_are_synced_before_commit_returns_and_looks_are_not(
    tmp_path: Path, patient_doc: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    url = _url(tmp_path)
    upgrade(url)
    engine = make_engine(url)
    sessions = make_session_factory(engine)
    synced: list[str] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        synced.append(os.readlink(f"/proc/self/fd/{fd}"))
        real_fsync(fd)

    monkeypatch.setattr("vigil.store._db.os.fsync", fsync)
    admin = Actor(id="admin-1", role=Role.ADMIN)
    steps = []
    with sessions() as session:  # a change of facts
        PatientRepository(session, admin).upsert(parse_patient(patient_doc), external_id="p-1")
        session.commit()
        steps.append(len(synced))
    with sessions() as session:  # a look: its audit event only
        assert PatientRepository(session, admin).record("p-1") is not None
        session.commit()
        steps.append(len(synced))
    with sessions() as session:  # a look and a change in one transaction
        PatientRepository(session, admin).record("p-1")
        session.add(AuditEvent(actor="admin-1", action="update", patient_id=None))
        session.commit()
        steps.append(len(synced))
    with sessions() as session:  # a DML statement
        session.execute(delete(AuditEvent).where(AuditEvent.action == "update"))
        session.commit()
        steps.append(len(synced))
    with sessions() as session:  # a change rolled back: nothing to make durable
        session.add(AuditEvent(actor="admin-1", action="update", patient_id=None))
        session.flush()
        session.rollback()
        steps.append(len(synced))
    assert steps == [1, 1, 2, 3, 3]
    assert all(path.endswith("turns.db-wal") for path in synced)
    engine.dispose()


def test_checkpoint_sync_leaves_data_commits_to_the_checkpoint(
    tmp_path: Path, patient_doc: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    url = _url(tmp_path)
    upgrade(url)
    engine = make_engine(url)
    sessions = make_session_factory(engine, sync_each_commit=False)
    synced: list[int] = []
    monkeypatch.setattr("vigil.store._db.os.fsync", synced.append)
    with sessions() as session:
        admin = Actor(id="admin-1", role=Role.ADMIN)
        PatientRepository(session, admin).upsert(parse_patient(patient_doc), external_id="p-1")
        session.commit()
    assert synced == []
    with sessions() as session:  # committed all the same
        assert PatientRepository(session, Actor.system("test")).get("p-1") is not None
    engine.dispose()
