"""Patient repository on SQLite: round trip, versioning, audit trail."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.conftest import fresh_database_url
from vigil.demo import demo_patients, load_demo
from vigil.facts import parse_patient
from vigil.store import (
    AccessDeniedError,
    Actor,
    AuditEvent,
    CareTeamMember,
    PatientRecord,
    PatientRepository,
    Role,
    UserRecord,
    make_engine,
    upgrade,
)
from vigil.store import make_session_factory as sessions


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Session]:
    url = fresh_database_url(tmp_path)
    upgrade(url)
    engine = make_engine(url)
    with sessions(engine)() as s:
        yield s
    engine.dispose()


def test_upsert_get_and_audit(session: Session, patient_doc: dict[str, Any]) -> None:
    repo = PatientRepository(session, Actor(id="nurse-1", role=Role.ADMIN))
    patient = parse_patient(patient_doc)
    record = repo.upsert(patient, external_id="ext-1")
    assert repo.get("ext-1") == patient
    assert repo.get("absent") is None
    patient_doc["tumour"]["grade"] = 3
    repo.upsert(parse_patient(patient_doc), external_id="ext-1")
    repo.upsert(parse_patient(patient_doc), external_id="ext-1")  # unchanged: no new version
    session.commit()
    assert session.get(PatientRecord, record.id).facts_version == 2  # type: ignore[union-attr]
    events = session.execute(select(AuditEvent.actor, AuditEvent.action)).all()
    assert [e.action for e in events] == ["create", "read", "update"]
    assert {e.actor for e in events} == {"nurse-1"}


def test_demo_load_is_idempotent(session: Session) -> None:
    assert load_demo(session) == 7
    assert load_demo(session) == 7
    ids = PatientRepository(session, Actor.system("test")).list_ids()
    assert ids == sorted(p.patient_id for p in demo_patients() if p.patient_id)


def test_demo_covers_the_required_variety() -> None:
    from vigil.facts import ReceptorStatus, her2_status, receptor_status

    kinds = set()
    for patient in demo_patients():
        tumour, treatment = patient.tumour, patient.treatment
        if tumour is None or treatment is None:
            kinds.add("unaffected")
            continue
        er = receptor_status(tumour.er) is ReceptorStatus.POSITIVE
        her2 = her2_status(tumour.her2) is ReceptorStatus.POSITIVE
        kinds.add("HER2+" if her2 else "HR+/HER2-" if er else "triple-negative")
        kinds.add(treatment.surgery.type.value)
        kinds.add(str(patient.person.menopausal_status))
        kinds.update(a.value for a in treatment.endocrine.agents)
    assert {
        "HER2+",
        "HR+/HER2-",
        "triple-negative",
        "unaffected",
        "breast_conserving",
        "mastectomy",
        "pre",
        "post",
        "tamoxifen",
        "aromatase_inhibitor",
    } <= kinds


def test_record_level_authorisation(session: Session, patient_doc: dict[str, Any]) -> None:
    system = PatientRepository(session, Actor.system("test"))
    mine = system.upsert(parse_patient(patient_doc), external_id="mine")
    system.upsert(parse_patient(patient_doc), external_id="other")
    session.add(
        UserRecord(
            id="c1",
            email="c@x",
            display_name="C",
            role="clinician",
            password_hash="-",
            failed_logins=0,
            is_demo=False,
        )
    )
    session.flush()
    session.add(CareTeamMember(clinician_id="c1", patient_id=mine.id))
    session.commit()
    owner = PatientRepository(session, Actor(id="u1", role=Role.SURVIVOR, patient_id=mine.id))
    assert owner.get("mine") is not None
    assert owner.get("other") is None
    assert owner.list_ids() == ["mine"]
    stranger = PatientRepository(session, Actor(id="u2", role=Role.SURVIVOR, patient_id=None))
    assert stranger.get("mine") is None
    with pytest.raises(AccessDeniedError, match="survivors cannot change"):
        owner.upsert(parse_patient(patient_doc), external_id="mine")
    team = PatientRepository(session, Actor(id="c1", role=Role.CLINICIAN))
    assert team.list_ids() == ["mine"]
    assert team.get("other") is None
    outsider = PatientRepository(session, Actor(id="c2", role=Role.CLINICIAN))
    assert outsider.list_ids() == []
    with pytest.raises(AccessDeniedError, match="no access"):
        outsider.upsert(parse_patient(patient_doc), external_id="mine")
    denied = session.scalars(select(AuditEvent.action).where(AuditEvent.action == "denied")).all()
    assert len(denied) == 4  # owner->other, stranger->mine, team->other, outsider write


def test_a_stored_report_reads_back_as_the_report_submitted(
    session: Session, patient_doc: dict[str, Any]
) -> None:
    # The repository keeps each submitted report for later history reads instead of
    # parsing its stored JSON again; parsing the stored JSON must give the same report.
    from vigil.care.triage import parse_report, triage
    from vigil.store import SymptomRepository, _symptoms

    admin = Actor(id="admin-1", role=Role.ADMIN)
    record = PatientRepository(session, admin).upsert(parse_patient(patient_doc), "ext-9")
    today = dt.date(2026, 11, 25)
    report = parse_report(
        {
            "reported_on": "2026-11-20",
            "symptoms": [
                {
                    "code": "back_pain",
                    "severity": 3,
                    "started_on": "2026-10-01",
                    "features": ["wakes_from_sleep"],
                },
                {"code": "fatigue", "severity": 1, "frequency": 2},
            ],
            "note": "worse at night",
        },
        today=today,
    )
    repo = SymptomRepository(session, admin)
    outcome = triage(report, (), None, today)
    stored, _ = repo.submit(record.id, report, outcome, today)
    session.commit()
    assert SymptomRepository(session, admin).history(record.id, today) == (report,)
    _symptoms._PARSED.clear()  # now the history is parsed from the stored JSON
    assert SymptomRepository(session, admin).history(record.id, today) == (report,)
    assert stored.report == report.to_dict()
