"""State of one import (facts found, issues) and readers of Observation values."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from vigil.errors import Issue
from vigil.facts import ReceptorStatus
from vigil.fhir import _codes as c
from vigil.fhir._elements import absent_reason, label, lookup, text_of

UNKNOWN = "unknown"
EQUIVOCAL = "equivocal"

_POSITIVE = re.compile(r"^\s*(pos(itive)?|\+|detected|present)\s*$", re.IGNORECASE)
_NEGATIVE = re.compile(r"^\s*(neg(ative)?|-|not detected|absent)\s*$", re.IGNORECASE)
_UNKNOWN = re.compile(r"^\s*(unknown|not known|indeterminate)\s*$", re.IGNORECASE)
_EQUIVOCAL = re.compile(r"^\s*equivocal\s*$", re.IGNORECASE)

# Units understood for quantities, with the conversion to Vigil's unit.
Convert = Callable[[float], float]
PERCENT: Mapping[str, Convert] = {"%": lambda v: v}
MILLIMETRES: Mapping[str, Convert] = {"mm": lambda v: v, "cm": lambda v: v * 10}
YEARS: Mapping[str, Convert] = {"a": lambda v: v, "yr": lambda v: v, "years": lambda v: v}
GRAY: Mapping[str, Convert] = {"Gy": lambda v: v, "cGy": lambda v: v / 100}


@dataclass
class Reading:
    """What one import has found so far: facts by dotted path, and issues by kind."""

    values: dict[str, Any] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    unknown: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    assumptions: list[Issue] = field(default_factory=list)
    errors: list[Issue] = field(default_factory=list)

    def put(self, path: str, value: Any, where: str) -> None:
        """Record a fact; a different value for the same fact is an error, not a choice."""
        if value is None:
            return
        if path in self.values and self.values[path] != value:
            self.errors.append(
                Issue(
                    path,
                    value,
                    f"conflicting values in the bundle: {self.values[path]!r} at "
                    f"{self.sources[path]} and {value!r} at {where}",
                )
            )
            return
        self.values[path] = value
        self.sources.setdefault(path, where)

    def unknown_code(self, where: str, element: Any, what: str) -> None:
        self.unknown.append(Issue(where, label(element), f"{what} not understood; not read"))

    def warn(self, where: str, value: Any, message: str) -> None:
        self.warnings.append(Issue(where, value, message))

    def nested(self, prefix: str = "") -> dict[str, Any]:
        """The facts under ``prefix`` as a nested document, ready for ``parse_patient``."""
        out: dict[str, Any] = {}
        for path, value in self.values.items():
            if not path.startswith(prefix):
                continue
            node = out
            *parents, leaf = path[len(prefix) :].split(".")
            for part in parents:
                node = node.setdefault(part, {})
            node[leaf] = value
        return out


def value_keys(element: Mapping[str, Any]) -> list[str]:
    return [k for k in element if k.startswith("value")]


def read_status(element: Mapping[str, Any], reading: Reading, where: str) -> str | None:
    """Positive/negative/unknown from a coded, string or absent value; 'equivocal' too."""
    if absent_reason(element) is not None:
        return UNKNOWN
    if "valueCodeableConcept" in element:
        value = element["valueCodeableConcept"]
        found = lookup(value, c.STATUS_ANSWERS)
        if found is not None:
            return found.value
        if lookup(value, {EQUIVOCAL: (c.EQUIVOCAL,)}) is not None:
            return EQUIVOCAL
        text = text_of(value)
    elif "valueString" in element:
        text = str(element["valueString"])
        value = text
    else:
        if value_keys(element):
            reading.unknown_code(where, value_keys(element)[0], "value type")
        return None
    for pattern, status in (
        (_POSITIVE, ReceptorStatus.POSITIVE.value),
        (_NEGATIVE, ReceptorStatus.NEGATIVE.value),
        (_UNKNOWN, UNKNOWN),
        (_EQUIVOCAL, EQUIVOCAL),
    ):
        if pattern.match(text):
            return status
    reading.unknown_code(where, value, "value")
    return None


def read_quantity(
    element: Mapping[str, Any], units: Mapping[str, Convert], reading: Reading, where: str
) -> float | str | None:
    """A number in Vigil's unit from valueQuantity/valueInteger/valueDecimal, or 'unknown'."""
    if absent_reason(element) is not None:
        return UNKNOWN
    if "valueQuantity" in element:
        q = element["valueQuantity"]
        if not isinstance(q, Mapping) or not isinstance(q.get("value"), int | float):
            reading.unknown_code(where, "valueQuantity", "quantity without a number")
            return None
        unit = q.get("code") or q.get("unit")
        if unit is None:
            default = next(iter(units))
            reading.warn(where, q.get("value"), f"quantity without a unit; read as {default!r}")
            return float(q["value"])
        convert = units.get(str(unit))
        if convert is None:
            reading.unknown_code(where, {"code": unit, "system": c.UCUM}, "unit")
            return None
        return convert(q["value"])
    for key in ("valueInteger", "valueDecimal"):
        if isinstance(element.get(key), int | float):
            return float(element[key])
    if value_keys(element):
        reading.unknown_code(where, value_keys(element)[0], "value type")
    return None


def read_count(element: Mapping[str, Any], reading: Reading, where: str) -> int | str | None:
    """A whole-number count (valueInteger, or a Quantity with an integral value)."""
    value = read_quantity(
        element, {"1": lambda v: v, "{#}": lambda v: v, "#": lambda v: v}, reading, where
    )
    if value is None or isinstance(value, str):
        return value
    number = float(value)
    if not number.is_integer():
        reading.errors.append(Issue(where, value, "must be a whole number"))
        return None
    return int(number)


def read_boolean(element: Mapping[str, Any], reading: Reading, where: str) -> str | None:
    """'yes'/'no'/'unknown' from valueBoolean, a positive/negative answer, or absent."""
    if "valueBoolean" in element:
        return "yes" if element["valueBoolean"] else "no"
    status = read_status(element, reading, where)
    return {"positive": "yes", "negative": "no", UNKNOWN: UNKNOWN}.get(status or "")


def read_coded(
    element: Mapping[str, Any],
    table: Mapping[Any, tuple[c.Code, ...]],
    reading: Reading,
    where: str,
    texts: Mapping[str, Any] | None = None,
) -> Any:
    """The table key for a coded value; 'unknown' when absent; text matched via ``texts``."""
    if absent_reason(element) is not None:
        return UNKNOWN
    value = element.get("valueCodeableConcept", element.get("valueString"))
    if value is None:
        if value_keys(element):
            reading.unknown_code(where, value_keys(element)[0], "value type")
        return None
    found = lookup(value, table)
    if found is not None:
        return found
    text = text_of(value).strip().lower()
    if texts and text in texts:
        return texts[text]
    reading.unknown_code(where, value, "value")
    return None
