"""The public symptom report format, and its validation that reports every problem at once.

A report is JSON (``docs/triage.md``)::

    {"reported_on": "2026-11-20",
     "symptoms": [{"code": "back_pain", "severity": 2, "frequency": 3,
                   "started_on": "2026-11-01", "features": ["wakes_from_sleep"]}],
     "note": "optional free text"}

Scores use the PRO-CTCAE 5-point scales (NCI PRO-CTCAE FAQ): severity 0 (none) to 4 (very
severe), frequency 0 (never) to 4 (almost constantly). Nothing submitted is dropped: unknown
keys are refused rather than ignored, and the validated report keeps every field.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from vigil.care.triage._catalogue import Catalogue, load_catalogue
from vigil.care.triage._errors import ReportError
from vigil.errors import Issue

__all__ = ["ReportedSymptom", "SymptomReport", "parse_history", "parse_report"]

SCORE_MIN, SCORE_MAX = 0, 4  # PRO-CTCAE 5-point scales (NCI PRO-CTCAE FAQ)
_REPORT_KEYS = ("reported_on", "symptoms", "note")
_SYMPTOM_KEYS = ("code", "severity", "frequency", "started_on", "features")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_NOT_JSON = object()  # what _decode returns for text that is not JSON


@dataclass(frozen=True, slots=True)
class ReportedSymptom:
    """One symptom as the patient reported it.

    Attributes
    ----------
    code:
        A catalogue symptom code, e.g. ``back_pain``.
    severity:
        0 (none) to 4 (very severe). 0 means "not present": it is kept but fires no rule.
    frequency:
        0 (never) to 4 (almost constantly), or ``None`` when not asked.
    started_on:
        When the patient says it started, or ``None`` when not given.
    features:
        Catalogue feature codes qualifying the symptom, e.g. ``wakes_from_sleep``.
    """

    code: str
    severity: int
    frequency: int | None = None
    started_on: dt.date | None = None
    features: tuple[str, ...] = ()

    @property
    def present(self) -> bool:
        """Whether the symptom is there at all (severity 1 or more)."""
        return self.severity > SCORE_MIN

    def to_dict(self) -> dict[str, Any]:
        """The symptom in the public JSON format (optional fields only when given)."""
        data: dict[str, Any] = {"code": self.code, "severity": self.severity}
        if self.frequency is not None:
            data["frequency"] = self.frequency
        if self.started_on is not None:
            data["started_on"] = self.started_on.isoformat()
        if self.features:
            data["features"] = list(self.features)
        return data


@dataclass(frozen=True, slots=True)
class SymptomReport:
    """One validated report: every field that was submitted, typed."""

    reported_on: dt.date
    symptoms: tuple[ReportedSymptom, ...]
    note: str | None = None

    def symptom(self, code: str) -> ReportedSymptom | None:
        """The entry for ``code``, or ``None`` when it was not reported."""
        return next((s for s in self.symptoms if s.code == code), None)

    def to_dict(self) -> dict[str, Any]:
        """The report in the public JSON format."""
        data: dict[str, Any] = {
            "reported_on": self.reported_on.isoformat(),
            "symptoms": [s.to_dict() for s in self.symptoms],
        }
        if self.note is not None:
            data["note"] = self.note
        return data


def parse_report(
    data: Mapping[str, Any] | str | bytes,
    *,
    today: dt.date,
    catalogue: Catalogue | None = None,
) -> SymptomReport:
    """Validate one symptom report.

    Parameters
    ----------
    data:
        The report as a mapping or a JSON document.
    today:
        The date the report is checked on; ``reported_on`` may not be after it.
    catalogue:
        Symptom codes and features; the packaged catalogue by default.

    Returns
    -------
    SymptomReport

    Raises
    ------
    ReportError
        With one issue per problem, each naming the field path (``symptoms[2].severity``),
        the value and what is valid.
    """
    check = _Check(today, catalogue or load_catalogue())
    report = _report(_decode(data, check.issues), "", check)
    if check.issues or report is None:
        raise ReportError(check.issues)
    return report


class History(tuple[SymptomReport, ...]):
    """Reports that :func:`parse_history` validated, oldest first.

    ``catalogue`` and ``checked_on`` record what they were validated against, so triage
    need not validate them a second time (a report valid on a day stays valid later).
    """

    catalogue: Catalogue
    checked_on: dt.date

    def __new__(
        cls, reports: Sequence[SymptomReport], catalogue: Catalogue, checked_on: dt.date
    ) -> History:
        made = super().__new__(cls, reports)
        made.catalogue, made.checked_on = catalogue, checked_on
        return made


def parse_history(
    data: Sequence[Any] | str | bytes,
    *,
    today: dt.date,
    catalogue: Catalogue | None = None,
) -> History:
    """Validate a history: a JSON list of earlier reports, returned oldest first.

    Paths in errors start with ``history[i]``. Raises :class:`ReportError` like
    :func:`parse_report`, with every problem of every report.
    """
    check = _Check(today, catalogue or load_catalogue())
    raw = _decode(data, check.issues)
    if raw is not _NOT_JSON and not isinstance(raw, list):
        check.issues.append(Issue("history", _short(raw), "must be a JSON list of reports"))
    reports: list[SymptomReport] = []
    if isinstance(raw, list):
        for i, item in enumerate(raw):
            report = _report(item, f"history[{i}].", check)
            if report is not None:
                reports.append(report)
    if check.issues:
        raise ReportError(check.issues, "report history")
    return History(sorted(reports, key=lambda r: r.reported_on), check.catalogue, today)


def _decode(data: Any, issues: list[Issue]) -> Any:
    if not isinstance(data, str | bytes):
        return data
    try:
        return json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        issues.append(Issue("(document)", None, f"is not valid JSON: {exc}"))
        return _NOT_JSON


@dataclass(slots=True)
class _Check:
    """What every validation helper needs: the date, the codes, and where issues go."""

    today: dt.date
    catalogue: Catalogue
    issues: list[Issue] = field(default_factory=list)


def _report(raw: Any, prefix: str, check: _Check) -> SymptomReport | None:
    issues, today = check.issues, check.today
    if not isinstance(raw, Mapping):
        if raw is not _NOT_JSON:
            issues.append(
                Issue(prefix.rstrip(".") or "(document)", _short(raw), "must be an object")
            )
        return None
    start = len(issues)
    _unknown_keys(raw, _REPORT_KEYS, prefix, issues)
    reported_on = _date(raw, "reported_on", prefix, issues, required=True)
    if reported_on is not None and reported_on > today:
        issues.append(
            Issue(f"{prefix}reported_on", raw["reported_on"], f"is after today ({today})")
        )
        reported_on = None
    note = raw.get("note")
    if note is not None and not isinstance(note, str):
        issues.append(Issue(f"{prefix}note", _short(note), "must be text or null"))
    symptoms = _symptoms(raw, prefix, reported_on, check)
    if len(issues) > start or reported_on is None:
        return None
    return SymptomReport(reported_on, symptoms, note)


def _symptoms(
    raw: Mapping[str, Any], prefix: str, reported_on: dt.date | None, check: _Check
) -> tuple[ReportedSymptom, ...]:
    issues = check.issues
    if "symptoms" not in raw:
        issues.append(Issue(f"{prefix}symptoms", None, "is required; use [] for no symptoms"))
        return ()
    items = raw["symptoms"]
    if not isinstance(items, list):
        issues.append(Issue(f"{prefix}symptoms", _short(items), "must be a list"))
        return ()
    first_seen: dict[str, int] = {}
    parsed: list[ReportedSymptom] = []
    for i, item in enumerate(items):
        path = f"{prefix}symptoms[{i}]"
        if not isinstance(item, Mapping):
            issues.append(Issue(path, _short(item), "must be an object"))
            continue
        code = _code(item, path, check.catalogue, issues)
        if code is not None and code in first_seen:
            issues.append(
                Issue(
                    f"{path}.code",
                    code,
                    f"is reported twice (also {prefix}symptoms[{first_seen[code]}]); "
                    "report each symptom once",
                )
            )
        elif code is not None:
            first_seen[code] = i
        symptom = _symptom(item, path, code, reported_on, check)
        if symptom is not None:
            parsed.append(symptom)
    return tuple(parsed)


def _symptom(
    item: Mapping[str, Any], path: str, code: str | None, reported_on: dt.date | None, check: _Check
) -> ReportedSymptom | None:
    issues, today = check.issues, check.today
    start = len(issues)
    _unknown_keys(item, _SYMPTOM_KEYS, f"{path}.", issues)
    severity = _score(item, "severity", path, "0 (none) to 4 (very severe)", issues)
    if item.get("severity") is None:
        issues.append(Issue(f"{path}.severity", None, "is required: 0 (none) to 4 (very severe)"))
    frequency = _score(item, "frequency", path, "0 (never) to 4 (almost constantly)", issues)
    started_on = _date(item, "started_on", f"{path}.", issues, required=False)
    if started_on is not None:
        if reported_on is not None and started_on > reported_on:
            issues.append(
                Issue(
                    f"{path}.started_on",
                    item["started_on"],
                    f"is after reported_on ({reported_on})",
                )
            )
        elif started_on > today:
            issues.append(
                Issue(f"{path}.started_on", item["started_on"], f"is after today ({today})")
            )
    features = _features(item, path, code, check.catalogue, issues)
    if len(issues) > start or code is None or severity is None:
        return None
    return ReportedSymptom(code, severity, frequency, started_on, features)


def _code(
    item: Mapping[str, Any], path: str, catalogue: Catalogue, issues: list[Issue]
) -> str | None:
    code = item.get("code")
    if code is None:
        issues.append(Issue(f"{path}.code", None, "is required: a symptom code"))
        return None
    if isinstance(code, str) and code in catalogue.by_code:
        return code
    valid = list(catalogue.by_code)
    hint = difflib.get_close_matches(str(code), valid, n=1)
    did_you_mean = f"did you mean '{hint[0]}'? " if hint else ""
    issues.append(
        Issue(
            f"{path}.code",
            _short(code),
            f"is not a known symptom code; {did_you_mean}valid codes: {', '.join(valid)}",
        )
    )
    return None


def _features(
    item: Mapping[str, Any],
    path: str,
    code: str | None,
    catalogue: Catalogue,
    issues: list[Issue],
) -> tuple[str, ...]:
    raw = item.get("features", [])
    if not isinstance(raw, list):
        issues.append(Issue(f"{path}.features", _short(raw), "must be a list of feature codes"))
        return ()
    allowed = (
        catalogue.features_for(code) if code is not None else tuple(catalogue.features_by_code)
    )
    for j, feature in enumerate(raw):
        where = f"{path}.features[{j}]"
        if not isinstance(feature, str) or feature not in catalogue.features_by_code:
            issues.append(
                Issue(
                    where, _short(feature), f"is not a known feature; valid: {', '.join(allowed)}"
                )
            )
        elif feature not in allowed:
            issues.append(
                Issue(
                    where,
                    feature,
                    f"does not apply to '{code}'; valid for it: {', '.join(allowed) or 'none'}",
                )
            )
        elif raw.index(feature) != j:
            issues.append(Issue(where, feature, "is listed twice"))
    return tuple(raw)


def _score(
    item: Mapping[str, Any], key: str, path: str, valid: str, issues: list[Issue]
) -> int | None:
    value = item.get(key)
    if value is None:
        return None
    # bool is an int in Python; true/false is not a score.
    if isinstance(value, int) and not isinstance(value, bool) and SCORE_MIN <= value <= SCORE_MAX:
        return value
    issues.append(Issue(f"{path}.{key}", _short(value), f"must be a whole number from {valid}"))
    return None


def _date(
    raw: Mapping[str, Any], key: str, prefix: str, issues: list[Issue], *, required: bool
) -> dt.date | None:
    value = raw.get(key)
    if value is None:
        if required:
            issues.append(Issue(f"{prefix}{key}", None, "is required: a date as YYYY-MM-DD"))
        return None
    if isinstance(value, str) and _ISO_DATE.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    issues.append(Issue(f"{prefix}{key}", _short(value), "must be a real date as YYYY-MM-DD"))
    return None


def _unknown_keys(
    raw: Mapping[str, Any], known: Sequence[str], prefix: str, issues: list[Issue]
) -> None:
    for key in raw:
        if key not in known:
            issues.append(
                Issue(
                    f"{prefix}{key}",
                    _short(raw[key]),
                    f"is not a known field; valid: {', '.join(known)}",
                )
            )


def _short(value: Any) -> Any:
    """The value for an error message, long text cut short."""
    text = value if isinstance(value, str) else None
    return text[:60] + "…" if text is not None and len(text) > 60 else value
