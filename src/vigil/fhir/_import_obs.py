"""Observations to facts: tumour markers, pathology, menopausal status, history, risk."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from enum import Enum
from typing import Any

from vigil.facts import Germline, Her2Ihc, Menopause, Race
from vigil.fhir import _codes as c
from vigil.fhir._elements import absent_reason, extension_value, has_code, lookup, text_of
from vigil.fhir._read import (
    EQUIVOCAL,
    MILLIMETRES,
    PERCENT,
    UNKNOWN,
    YEARS,
    Reading,
    read_boolean,
    read_coded,
    read_count,
    read_quantity,
    read_status,
)

Element = Mapping[str, Any]
Handler = Callable[[Element, Reading, str], None]

_IHC_TEXT = re.compile(r"^(?:her2\s*)?(?:ihc\s*)?(?:score\s*)?([0-3])\s*(\+?)$", re.IGNORECASE)
_GRADE_TEXT = re.compile(r"^(?:nottingham\s*)?(?:grade\s*|g)?([1-3])$", re.IGNORECASE)
_MENOPAUSE_TEXT = {
    "premenopausal": Menopause.PRE,
    "pre-menopausal": Menopause.PRE,
    "perimenopausal": Menopause.PERI,
    "peri-menopausal": Menopause.PERI,
    "postmenopausal": Menopause.POST,
    "post-menopausal": Menopause.POST,
}
RISK_PREFIX = "risk_factors."


def read_observation(obs: Element, reading: Reading, where: str) -> None:
    """Read one Observation into ``reading``; unknown codes are reported there."""
    code = obs.get("code")
    for codes, handler in _HANDLERS:
        if has_code(code, codes):
            handler(obs, reading, where)
            return
    if has_code(code, c.KNOWN_NOT_KEPT):
        reading.warn(f"{where}.code", text_of(code), "known code; Vigil does not keep this value")
        return
    reading.unknown_code(f"{where}.code", code, "Observation code")


def _status_fact(path: str, status: str | None, reading: Reading, where: str) -> None:
    if status == EQUIVOCAL:
        reading.warn(where, EQUIVOCAL, f"equivocal read as {path} 'unknown'")
        status = UNKNOWN
    reading.put(path, status, where)


def _components(obs: Element) -> list[tuple[int, Element]]:
    return [
        (i, comp) for i, comp in enumerate(obs.get("component") or ()) if isinstance(comp, Mapping)
    ]


def _receptor(name: str, status_codes: tuple[c.Code, ...], percent: c.Code) -> Handler:
    base = f"tumour.{name}"

    def handle(obs: Element, reading: Reading, where: str) -> None:
        if has_code(obs.get("code"), (percent,)):
            reading.put(f"{base}.percent_cells", read_quantity(obs, PERCENT, reading, where), where)
        elif extension_value(obs, c.DERIVED_EXT) is not True:
            _status_fact(f"{base}.status", read_status(obs, reading, where), reading, where)
        for i, comp in _components(obs):
            at = f"{where}.component[{i}]"
            if has_code(comp.get("code"), (percent,)):
                reading.put(f"{base}.percent_cells", read_quantity(comp, PERCENT, reading, at), at)
            elif has_code(comp.get("code"), (c.ALLRED,)):
                reading.put(f"{base}.allred_score", read_count(comp, reading, at), at)
            elif has_code(comp.get("code"), (c.H_SCORE,)):
                reading.put(f"{base}.h_score", read_count(comp, reading, at), at)
            elif has_code(comp.get("code"), status_codes):
                _status_fact(f"{base}.status", read_status(comp, reading, at), reading, at)
            else:
                reading.unknown_code(f"{at}.code", comp.get("code"), "component code")

    return handle


def _her2_ihc(element: Element, reading: Reading, where: str) -> None:
    """An IHC score ('0'..'3+'); a positive/negative answer is taken as the HER2 status."""
    if "valueInteger" in element and element["valueInteger"] in (0, 1, 2, 3):
        score = element["valueInteger"]
        reading.put("tumour.her2.ihc", "0" if score == 0 else f"{score}+", where)
        return
    value = element.get("valueCodeableConcept", element.get("valueString"))
    found = lookup(value, c.HER2_IHC_ANSWERS)
    if found is None and (match := _IHC_TEXT.match(text_of(value).strip())):
        found = Her2Ihc("0" if match.group(1) == "0" else f"{match.group(1)}+")
    if found is not None:
        reading.put("tumour.her2.ihc", found.value, where)
        return
    _status_fact("tumour.her2.status", read_status(element, reading, where), reading, where)


def _her2_ish(element: Element, reading: Reading, where: str) -> None:
    if absent_reason(element) == "not-performed" or text_of(
        element.get("valueCodeableConcept", element.get("valueString"))
    ).strip().lower() in ("not done", "not performed"):
        reading.put("tumour.her2.ish", "not_done", where)
        return
    status = read_status(element, reading, where)
    if status in ("positive", "negative"):
        reading.put("tumour.her2.ish", status, where)
    elif status is not None:
        reading.warn(where, status, "ISH result neither positive nor negative; not kept")


def _her2(obs: Element, reading: Reading, where: str) -> None:
    code = obs.get("code")
    if has_code(code, (c.HER2_IHC,)):
        _her2_ihc(obs, reading, where)
    elif has_code(code, (c.HER2_ISH,)):
        _her2_ish(obs, reading, where)
    elif extension_value(obs, c.DERIVED_EXT) is not True:
        _status_fact("tumour.her2.status", read_status(obs, reading, where), reading, where)
    for i, comp in _components(obs):
        at = f"{where}.component[{i}]"
        if has_code(comp.get("code"), (c.HER2_IHC,)):
            _her2_ihc(comp, reading, at)
        elif has_code(comp.get("code"), (c.HER2_ISH,)):
            _her2_ish(comp, reading, at)
        elif has_code(comp.get("code"), (c.HER2_FAINT,)) and "valueBoolean" in comp:
            reading.put("tumour.her2.ihc_faint_staining", comp["valueBoolean"], at)
        else:
            reading.unknown_code(f"{at}.code", comp.get("code"), "component code")


def _size(obs: Element, reading: Reading, where: str) -> None:
    path = "tumour.invasive_size_mm"
    if has_code(obs.get("code"), (c.TUMOUR_LONGEST,)) or "valueQuantity" in obs:
        reading.put(path, read_quantity(obs, MILLIMETRES, reading, where), where)
    for i, comp in _components(obs):
        at = f"{where}.component[{i}]"
        if has_code(comp.get("code"), (c.TUMOUR_LONGEST,)):
            reading.put(path, read_quantity(comp, MILLIMETRES, reading, at), at)
        elif not has_code(comp.get("code"), c.KNOWN_NOT_KEPT):
            reading.unknown_code(f"{at}.code", comp.get("code"), "component code")


def _grade(obs: Element, reading: Reading, where: str) -> None:
    if "valueInteger" in obs and obs["valueInteger"] in (1, 2, 3):
        reading.put("tumour.grade", obs["valueInteger"], where)
        return
    value = obs.get("valueCodeableConcept", obs.get("valueString"))
    match = (
        _GRADE_TEXT.match(text_of(value).strip())
        if lookup(value, c.GRADE_ANSWERS) is None
        else None
    )
    texts = {text_of(value).strip().lower(): int(match.group(1))} if match else None
    reading.put("tumour.grade", read_coded(obs, c.GRADE_ANSWERS, reading, where, texts), where)


def _nodes_positive(obs: Element, reading: Reading, where: str) -> None:
    reading.put("tumour.nodes_positive", read_count(obs, reading, where), where)
    micro = extension_value(obs, c.MICROMETASTASES_EXT)
    if isinstance(micro, bool):
        reading.put("tumour.micrometastases_only", micro, where)


def _nodes_examined(obs: Element, reading: Reading, where: str) -> None:
    count = read_count(obs, reading, where)
    if count == UNKNOWN:
        reading.warn(where, UNKNOWN, "nodes examined not known; left empty")
        return
    reading.put("tumour.nodes_examined", count, where)


def _simple(path: str, read: Callable[[Element, Reading, str], Any]) -> Handler:
    def handle(obs: Element, reading: Reading, where: str) -> None:
        reading.put(path, _plain(read(obs, reading, where)), where)

    return handle


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value


def _menopause(obs: Element, reading: Reading, where: str) -> Any:
    return read_coded(obs, c.MENOPAUSE_ANSWERS, reading, where, _MENOPAUSE_TEXT)


def _smoking(obs: Element, reading: Reading, where: str) -> Any:
    return read_coded(obs, c.SMOKING_ANSWERS, reading, where)


def _vigil_enum(system_name: str, enum: Any) -> Callable[[Element, Reading, str], Any]:
    table = {member: (c.vigil_code(system_name, member.value),) for member in enum}

    def read(obs: Element, reading: Reading, where: str) -> Any:
        return read_coded(obs, table, reading, where)

    return read


def _germline(obs: Element, reading: Reading, where: str) -> None:
    result = _plain(_vigil_enum("germline", Germline)(obs, reading, where))
    if result is not None:
        found = reading.values.setdefault("history.germline", [])
        if result not in found:
            found.append(result)


def _first_birth(obs: Element, reading: Reading, where: str) -> Any:
    if has_code(obs.get("valueCodeableConcept"), (c.NULLIPAROUS,)):
        return "nulliparous"
    return read_quantity(obs, YEARS, reading, where)


def _years(obs: Element, reading: Reading, where: str) -> Any:
    return read_quantity(obs, YEARS, reading, where)


_HANDLERS: tuple[tuple[tuple[c.Code, ...], Handler], ...] = (
    (
        (c.ER_STATUS, *c.ER_PRESENCE, c.ER_PERCENT),
        _receptor("er", (c.ER_STATUS, *c.ER_PRESENCE), c.ER_PERCENT),
    ),
    (
        (c.PR_STATUS, *c.PR_PRESENCE, c.PR_PERCENT),
        _receptor("pr", (c.PR_STATUS, *c.PR_PRESENCE), c.PR_PERCENT),
    ),
    ((c.HER2_STATUS, c.HER2_IHC, c.HER2_ISH), _her2),
    ((c.TUMOUR_SIZE, c.TUMOUR_LONGEST), _size),
    ((c.GRADE,), _grade),
    (c.NODES_POSITIVE, _nodes_positive),
    (c.NODES_EXAMINED, _nodes_examined),
    ((c.KI67,), _simple("tumour.ki67_percent", lambda o, r, w: read_quantity(o, PERCENT, r, w))),
    ((c.MENSTRUAL_STATUS,), _simple("person.menopausal_status", _menopause)),
    ((c.SMOKING_STATUS,), _simple("history.smoking", _smoking)),
    ((c.RELATIVES,), _simple("history.first_degree_relatives_with_breast_cancer", read_count)),
    ((c.PRIOR_VTE,), _simple("history.prior_vte_or_stroke", read_boolean)),
    ((c.GERMLINE,), _germline),
    ((c.AGE,), _simple(RISK_PREFIX + "age_years", _years)),
    ((c.AGE_AT_MENARCHE,), _simple(RISK_PREFIX + "age_at_menarche_years", _years)),
    ((c.FIRST_BIRTH,), _simple(RISK_PREFIX + "age_at_first_live_birth_years", _first_birth)),
    ((c.BIOPSIES,), _simple(RISK_PREFIX + "breast_biopsies", read_count)),
    ((c.ATYPICAL_HYPERPLASIA,), _simple(RISK_PREFIX + "atypical_hyperplasia", read_boolean)),
    ((c.RACE,), _simple(RISK_PREFIX + "race", _vigil_enum("bcrat-race", Race))),
)

# Risk-factor codes only Vigil sends: their presence means the bundle describes a woman
# assessed for risk-reducing drugs (see _import.py).
VIGIL_RISK_CODES = (c.FIRST_BIRTH, c.BIOPSIES, c.ATYPICAL_HYPERPLASIA, c.RACE)
