"""Small builders and readers of FHIR JSON elements (plain dicts), shared by both directions."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from vigil.fhir._codes import DATA_ABSENT, UCUM, Code

Json = dict[str, Any]
K = TypeVar("K")

_FULL_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})(T.*)?$")


def concept(codes: Iterable[Code], text: str | None = None) -> Json:
    out: Json = {"coding": [c.coding() for c in codes]}
    if text is not None:
        out["text"] = text
    return out


def quantity(value: float, unit: str) -> Json:
    return {"value": value, "unit": unit, "system": UCUM, "code": unit}


def absent(code: str = "unknown") -> Json:
    display = {"unknown": "Unknown", "not-performed": "Not Performed"}[code]
    return {"coding": [{"system": DATA_ABSENT, "code": code, "display": display}]}


def extension(url: str, key: str, value: Any) -> Json:
    return {"url": url, key: value}


def reference(full_url: str) -> Json:
    return {"reference": full_url}


def codings(element: Any) -> list[tuple[str, str]]:
    """(system, code) pairs of a CodeableConcept or Coding; empty for anything else."""
    if not isinstance(element, Mapping):
        return []
    items = element.get("coding")
    if items is None and "code" in element:
        items = [element]
    return [
        (str(c.get("system", "")), str(c.get("code", "")))
        for c in items or ()
        if isinstance(c, Mapping)
    ]


def has_code(element: Any, codes: Iterable[Code]) -> bool:
    wanted = {(c.system, c.code) for c in codes}
    return any(pair in wanted for pair in codings(element))


def lookup(element: Any, table: Mapping[K, tuple[Code, ...]]) -> K | None:
    """The key of ``table`` whose codes include one of the element's codings."""
    found = codings(element)
    for key, codes in table.items():
        if any((c.system, c.code) in found for c in codes):
            return key
    return None


def text_of(element: Any) -> str:
    """Free text of a CodeableConcept: its text, else the displays of its codings."""
    if isinstance(element, str):
        return element
    if not isinstance(element, Mapping):
        return ""
    if element.get("text"):
        return str(element["text"])
    items = element.get("coding") or []
    return " ".join(str(c.get("display", "")) for c in items if isinstance(c, Mapping))


def label(element: Any) -> str:
    """How a code is shown in messages: ``system|code`` pairs, else the text."""
    pairs = codings(element)
    if pairs:
        return ", ".join(f"{system}|{code}" for system, code in pairs)
    return repr(text_of(element)) if text_of(element) else "(no code)"


def absent_reason(element: Mapping[str, Any]) -> str | None:
    """The data-absent-reason code of an Observation or component, if any."""
    for system, code in codings(element.get("dataAbsentReason")):
        if system == DATA_ABSENT:
            return code
    return None


def extension_value(element: Any, url: str) -> Any:
    """The ``value[x]`` of the first extension with ``url``, or None."""
    if not isinstance(element, Mapping):
        return None
    for ext in element.get("extension") or ():
        if isinstance(ext, Mapping) and ext.get("url") == url:
            for key, value in ext.items():
                if key.startswith("value"):
                    return value
    return None


def full_date(value: Any) -> dt.date | None:
    """A FHIR date or dateTime as a calendar date; None for partial dates ("2021-03")."""
    if not isinstance(value, str):
        return None
    match = _FULL_DATE.match(value)
    return dt.date.fromisoformat(match.group(1)) if match else None
