"""Symptom reports and alerts, stored and read within what the actor may see.

A report and the alerts it raises are written in one transaction: the caller commits, and
only then tells the patient the report was received.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import case, select
from sqlalchemy.orm import Session

from vigil.care.triage import (
    Alert,
    AlertState,
    History,
    Level,
    SymptomReport,
    TriageOutcome,
    acknowledge,
    load_catalogue,
    parse_history,
    raise_alerts,
    resolve,
)
from vigil.store._access import Actor, Role, visible_patients
from vigil.store._models import AlertRecord, PatientRecord, SymptomReportRecord, new_id
from vigil.store._patients import AccessDeniedError, audit

__all__ = ["HISTORY_DAYS", "HISTORY_REPORTS", "SymptomRepository"]

# Stored reports never change: each is validated once per process (a report valid on
# one day stays valid later) and kept, so triage does not re-parse the whole history
# on every new report (it was most of a symptom report's cost, docs/performance.md).
_PARSED: dict[str, SymptomReport] = {}
_PARSED_MAX = 100_000  # ~0.4 kB each (a two-symptom report): ~40 MB; emptied when full


def _remember(report_id: str, data: dict[str, object], today: dt.date) -> SymptomReport:
    (report,) = parse_history([data], today=today)
    return _keep(report_id, report)


def _keep(report_id: str, report: SymptomReport) -> SymptomReport:
    if len(_PARSED) >= _PARSED_MAX:
        _PARSED.clear()
    _PARSED[report_id] = report
    return report


HISTORY_DAYS = 365
HISTORY_REPORTS = 60

_LEVEL_ORDER = case({"emergency": 0, "urgent": 1}, value=AlertRecord.level, else_=2)


def _to_core(record: AlertRecord) -> Alert:
    return Alert(
        alert_id=record.id,
        patient_id=record.patient_id,
        symptom=record.dedup_key,
        level=Level(record.level),
        rule_ids=(),
        raised_on=record.opened_on,
        reported_on=record.opened_on,
        state=AlertState(record.state),
        acknowledged_by=record.acknowledged_by,
        acknowledged_on=record.acknowledged_at.date() if record.acknowledged_at else None,
        resolved_by=record.resolved_by,
        resolved_on=record.resolved_at.date() if record.resolved_at else None,
        resolution_note=record.action_note,
    )


class SymptomRepository:
    def __init__(self, session: Session, actor: Actor) -> None:
        self._session = session
        self._actor = actor
        self._allowed: dict[str, PatientRecord] = {}

    def _patient(self, patient_id: str) -> PatientRecord:
        # Authorised once per repository (one request): history, then submit, ask again.
        if patient_id in self._allowed:
            return self._allowed[patient_id]
        found = self._session.scalar(
            select(PatientRecord).where(
                PatientRecord.id == patient_id, visible_patients(self._actor)
            )
        )
        if found is None:
            audit(self._session, self._actor, "denied", patient_id)
            msg = "no access to this patient's symptom reports"
            raise AccessDeniedError(msg)
        self._allowed[patient_id] = found
        return found

    def history(self, patient_id: str, today: dt.date) -> tuple[SymptomReport, ...]:
        """Earlier reports of the patient, oldest first (for persistence and worsening).

        Only the last ``HISTORY_DAYS`` days and at most ``HISTORY_REPORTS`` reports matter to
        triage (persistence is counted in weeks), so older ones are not read.
        """
        self._patient(patient_id)
        since = today - dt.timedelta(days=HISTORY_DAYS)
        ids = self._session.scalars(
            select(SymptomReportRecord.id)
            .where(
                SymptomReportRecord.patient_id == patient_id,
                SymptomReportRecord.reported_on >= since,
            )
            .order_by(SymptomReportRecord.reported_on.desc(), SymptomReportRecord.created_at.desc())
            .limit(HISTORY_REPORTS)
        ).all()
        # Only reports not parsed before are read (their JSON decoded) and validated.
        known = {i: _PARSED[i] for i in ids if i in _PARSED}
        unseen = [i for i in ids if i not in known]
        if unseen:
            rows = self._session.execute(
                select(SymptomReportRecord.id, SymptomReportRecord.report).where(
                    SymptomReportRecord.id.in_(unseen)
                )
            )
            known |= {row.id: _remember(row.id, row.report, today) for row in rows}
        reports = [known[i] for i in ids]
        # Audited after the reads: added earlier, it would be flushed by them and hold the
        # database's write turn through triage (docs/performance.md).
        audit(self._session, self._actor, "read", patient_id)
        return History(sorted(reports, key=lambda r: r.reported_on), load_catalogue(), today)

    def reports(self, patient_id: str) -> list[SymptomReportRecord]:
        self._patient(patient_id)
        audit(self._session, self._actor, "read", patient_id)
        return list(
            self._session.scalars(
                select(SymptomReportRecord)
                .where(SymptomReportRecord.patient_id == patient_id)
                .order_by(
                    SymptomReportRecord.reported_on.desc(), SymptomReportRecord.created_at.desc()
                )
            )
        )

    def submit(
        self, patient_id: str, report: SymptomReport, outcome: TriageOutcome, today: dt.date
    ) -> tuple[SymptomReportRecord, tuple[AlertRecord, ...]]:
        """Store a report (a survivor's own, or entered by her care team) and its alerts."""
        self._patient(patient_id)
        # Reads before writes: the write turn (SQLite) is then taken only at the commit.
        existing = [
            _to_core(a)
            for a in self._session.scalars(
                select(AlertRecord).where(AlertRecord.patient_id == patient_id)
            )
        ]
        record = SymptomReportRecord(
            id=new_id(),
            patient_id=patient_id,
            reported_on=report.reported_on,
            report=report.to_dict(),
            level=outcome.level.value,
            outcome=outcome.to_dict(),
        )
        self._session.add(record)
        self._session.flush()  # the report before its alerts (their foreign key)
        # The report is validated and stored as its own to_dict(): the next history read
        # need not fetch and parse it again (an id that is rolled back is never asked for).
        _keep(record.id, report)
        alerts = tuple(
            AlertRecord(
                patient_id=patient_id,
                report_id=record.id,
                dedup_key=alert.symptom,
                level=alert.level.value,
                state=AlertState.OPEN.value,
                opened_on=alert.raised_on,
            )
            for alert in raise_alerts(outcome, existing, today, patient_id=patient_id)
        )
        self._session.add_all(alerts)
        audit(self._session, self._actor, "create", patient_id)
        return record, alerts

    def open_alerts(self) -> list[tuple[AlertRecord, str]]:
        """Open or acknowledged alerts the actor may see, most urgent first, with the
        patient's external id."""
        if self._actor.role is Role.SURVIVOR:
            return []
        rows = self._session.execute(
            select(AlertRecord, PatientRecord.external_id)
            .join(PatientRecord, PatientRecord.id == AlertRecord.patient_id)
            .where(visible_patients(self._actor), AlertRecord.state != AlertState.RESOLVED.value)
            .order_by(_LEVEL_ORDER, AlertRecord.opened_on)
        ).all()
        audit(self._session, self._actor, "list", None)
        return [(alert, external_id) for alert, external_id in rows]

    def alerts(self, patient_id: str) -> list[AlertRecord]:
        self._patient(patient_id)
        return list(
            self._session.scalars(
                select(AlertRecord)
                .where(AlertRecord.patient_id == patient_id)
                .order_by(_LEVEL_ORDER, AlertRecord.opened_on.desc())
            )
        )

    def _alert(self, alert_id: str) -> AlertRecord:
        if self._actor.role is Role.SURVIVOR:
            msg = "only the care team acts on alerts"
            raise AccessDeniedError(msg)
        found = self._session.scalar(
            select(AlertRecord)
            .join(PatientRecord, PatientRecord.id == AlertRecord.patient_id)
            .where(AlertRecord.id == alert_id, visible_patients(self._actor))
        )
        if found is None:
            msg = "no such alert in your care team"
            raise AccessDeniedError(msg)
        return found

    def acknowledge(self, alert_id: str, now: dt.datetime) -> AlertRecord:
        record = self._alert(alert_id)
        done = acknowledge(_to_core(record), by=self._actor.id, on=now.date())
        record.state = done.state.value
        record.acknowledged_by, record.acknowledged_at = self._actor.id, now
        audit(self._session, self._actor, "update", record.patient_id)
        return record

    def resolve(self, alert_id: str, note: str, now: dt.datetime) -> AlertRecord:
        record = self._alert(alert_id)
        done = resolve(_to_core(record), by=self._actor.id, on=now.date(), note=note)
        record.state = done.state.value
        record.resolved_by, record.resolved_at = self._actor.id, now
        record.action_note = done.resolution_note
        audit(self._session, self._actor, "update", record.patient_id)
        return record
