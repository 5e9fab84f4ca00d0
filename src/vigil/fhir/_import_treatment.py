"""Procedures and medication resources to treatment facts.

A treatment part the bundle does not mention is not guessed: it is reported missing,
unless the caller listed it in ``assume_not_given`` (see docs/fhir.md, "Decisions").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from vigil.errors import Issue
from vigil.facts import ChemoGeneration, EndocrineAgent, SurgeryType
from vigil.fhir import _codes as c
from vigil.fhir._elements import extension_value, full_date, has_code, lookup
from vigil.fhir._read import GRAY, Reading, read_quantity

TreatmentPart = Literal["surgery", "radiotherapy", "chemotherapy", "endocrine"]
TREATMENT_PARTS: tuple[TreatmentPart, ...] = (
    "surgery",
    "radiotherapy",
    "chemotherapy",
    "endocrine",
)

_DONE = {"completed", "in-progress", "stopped", "unknown"}
_EXTENT = {  # the definitive operation is the most extensive one
    SurgeryType.BREAST_CONSERVING: 1,
    SurgeryType.MASTECTOMY: 2,
    SurgeryType.BILATERAL_MASTECTOMY: 3,
}


@dataclass
class TreatmentFound:
    """Treatment evidence gathered from the bundle's resources."""

    surgeries: list[tuple[SurgeryType, dt.date | None, str]] = field(default_factory=list)
    no_surgery: dt.date | Literal[False] | None = False
    reconstruction: bool = False
    radiotherapy: bool | None = None
    chemotherapy: bool | None = None
    endocrine_stated: bool = False
    agents: dict[EndocrineAgent, tuple[dt.date | None, dt.date | None]] = field(
        default_factory=dict
    )
    systemic_dates: list[dt.date] = field(default_factory=list)
    undated_systemic: bool = False
    anthracycline: bool = False
    taxane: bool = False
    chemo_drugs: bool = False
    anti_her2: set[str] = field(default_factory=set)
    bisphosphonate: bool = False
    mentioned: bool = False


def read_procedure(
    proc: Mapping[str, Any], found: TreatmentFound, reading: Reading, where: str
) -> None:
    code, status = proc.get("code"), proc.get("status")
    if status in ("entered-in-error", "preparation", "on-hold"):
        reading.warn(where, status, f"Procedure with status {status!r} not read")
        return
    done = status in _DONE
    when = performed(proc)
    surgery = lookup(code, c.SURGERY)
    if surgery is not None or has_code(code, (c.ANY_SURGERY,)):
        found.mentioned = True
        if done and surgery is not None:
            found.surgeries.append((surgery, when[1] or when[0], where))
        elif not done:
            found.no_surgery = when[1] or when[0]
        else:
            reading.unknown_code(f"{where}.code", code, "surgery type (only a generic code)")
    elif has_code(code, (c.RECONSTRUCTION,)):
        found.mentioned = True
        found.reconstruction = found.reconstruction or done
    elif has_code(code, c.RADIOTHERAPY):
        found.mentioned = True
        _flag(found, "radiotherapy", done, reading, where)
        if done:
            end = when[1] or when[0]
            reading.put("treatment.radiotherapy.end_date", end and end.isoformat(), where)
            dose = extension_element(proc, c.HEART_DOSE_EXT)
            if dose is not None:
                gy = read_quantity(dose, GRAY, reading, where)
                reading.put("treatment.radiotherapy.mean_heart_dose_gy", gy, where)
    elif has_code(code, (c.CHEMOTHERAPY,)):
        found.mentioned = True
        _flag(found, "chemotherapy", done, reading, where)
        if done:
            reading.put(
                "treatment.chemotherapy.generation", extension_value(proc, c.GENERATION_EXT), where
            )
            end = when[1]
            reading.put("treatment.chemotherapy.end_date", end and end.isoformat(), where)
            dates = [d for d in when if d is not None]
            found.systemic_dates += dates
            found.undated_systemic = found.undated_systemic or not dates
    else:
        reading.unknown_code(f"{where}.code", code, "Procedure code")


def _flag(found: TreatmentFound, name: str, done: bool, reading: Reading, where: str) -> None:
    previous = getattr(found, name)
    if previous is not None and previous != done:
        reading.errors.append(
            Issue(f"treatment.{name}", done, f"stated both given and not given ({where})")
        )
    setattr(found, name, done if previous is None else previous or done)


def extension_element(resource: Mapping[str, Any], url: str) -> Mapping[str, Any] | None:
    for ext in resource.get("extension") or ():
        if isinstance(ext, Mapping) and ext.get("url") == url:
            return ext
    return None


def performed(resource: Mapping[str, Any]) -> tuple[dt.date | None, dt.date | None]:
    """(start, end) of performed[x] or effective[x]; a single date is the end."""
    for key in ("performedPeriod", "effectivePeriod"):
        period = resource.get(key)
        if isinstance(period, Mapping):
            return full_date(period.get("start")), full_date(period.get("end"))
    for key in ("performedDateTime", "effectiveDateTime"):
        if key in resource:
            return None, full_date(resource[key])
    return None, None


def _endocrine(found: TreatmentFound, reading: Reading) -> None:
    """Agents in bundle order (the order taken); start of the first; a switch when the
    first stopped on or before the second started (tamoxifen then an AI)."""
    path = "treatment.endocrine"
    agents = list(found.agents.items())
    reading.put(f"{path}.agents", [agent.value for agent, _ in agents], "MedicationStatement")
    if not agents:
        return
    first_start, first_end = agents[0][1]
    reading.put(
        f"{path}.start_date", first_start and first_start.isoformat(), "MedicationStatement"
    )
    if len(agents) > 1:
        second_start = agents[1][1][0]
        if first_end is not None and second_start is not None and second_start >= first_end:
            reading.put(f"{path}.switch_date", second_start.isoformat(), "MedicationStatement")


def treatment_facts(
    found: TreatmentFound,
    reading: Reading,
    setting: str | None,
    assume_not_given: Collection[TreatmentPart],
) -> None:
    """Decide each treatment part from the evidence; record facts, errors and assumptions."""
    if not found.mentioned:
        return
    put = reading.put
    surgery_date = _surgery(found, reading, assume_not_given)
    if found.radiotherapy is None:
        _missing_or_assumed(reading, "radiotherapy", assume_not_given, {"given": False})
    else:
        put("treatment.radiotherapy.given", found.radiotherapy, "Procedure")
    _chemotherapy(found, reading, assume_not_given)
    if found.endocrine_stated or found.agents:
        _endocrine(found, reading)
    else:
        _missing_or_assumed(reading, "endocrine", assume_not_given, {"agents": []})
    for name in sorted(found.anti_her2):
        put(f"treatment.anti_her2.{name}", True, "MedicationStatement")
    if found.bisphosphonate:
        put("treatment.bisphosphonate", True, "MedicationStatement")
    put("treatment.setting", setting or _setting(found, surgery_date, reading), "Condition")


def _surgery(
    found: TreatmentFound, reading: Reading, assume: Collection[TreatmentPart]
) -> dt.date | None:
    if found.surgeries:
        kind, date, where = max(found.surgeries, key=lambda s: _EXTENT[s[0]])
        reading.put("treatment.surgery.type", kind.value, where)
        reading.put("treatment.surgery.date", date and date.isoformat(), where)
        if found.reconstruction:
            reading.put("treatment.surgery.reconstruction", True, where)
        return date
    if found.no_surgery is not False:
        reading.put("treatment.surgery.type", SurgeryType.NONE.value, "Procedure")
        date = found.no_surgery
        reading.put("treatment.surgery.date", date and date.isoformat(), "Procedure")
        return None
    _missing_or_assumed(reading, "surgery", assume, {"type": SurgeryType.NONE.value})
    return None


def _chemotherapy(
    found: TreatmentFound, reading: Reading, assume: Collection[TreatmentPart]
) -> None:
    path = "treatment.chemotherapy"
    given = found.chemotherapy or found.chemo_drugs
    if found.chemotherapy is False and found.chemo_drugs:
        reading.errors.append(
            Issue(
                path, None, "chemotherapy Procedure is not-done but chemotherapy drugs were taken"
            )
        )
    if found.chemotherapy is None and not found.chemo_drugs:
        _missing_or_assumed(
            reading, "chemotherapy", assume, {"generation": ChemoGeneration.NONE.value}
        )
        return
    if not given:
        reading.put(f"{path}.generation", ChemoGeneration.NONE.value, "Procedure")
        return
    if found.anthracycline:
        reading.put(f"{path}.anthracycline", True, "MedicationStatement")
    if found.taxane:
        reading.put(f"{path}.taxane", True, "MedicationStatement")
    if f"{path}.generation" not in reading.values:
        # PREDICT (Wishart 2012): taxane-containing regimens are third generation,
        # anthracycline-containing without a taxane second generation.
        generation = "third_gen" if found.taxane else "second_gen" if found.anthracycline else None
        if generation is not None:
            reading.warn(path, generation, "generation not stated; derived from the drugs given")
        reading.put(f"{path}.generation", generation, "MedicationStatement")


def _setting(found: TreatmentFound, surgery_date: dt.date | None, reading: Reading) -> str | None:
    if surgery_date is None:
        return None
    before = [d for d in found.systemic_dates if d < surgery_date]
    if not before and found.undated_systemic:
        return None  # systemic therapy of unknown date: cannot tell
    setting = "neoadjuvant" if before else "adjuvant"
    reading.warn(
        "treatment.setting",
        setting,
        "not stated; derived from the dates of surgery and systemic therapy",
    )
    return setting


def _missing_or_assumed(
    reading: Reading, part: TreatmentPart, assume: Collection[TreatmentPart], value: dict[str, Any]
) -> None:
    path = f"treatment.{part}"
    if part in assume:
        for key, item in value.items():
            reading.put(f"{path}.{key}", item, "assumption")
        reading.assumptions.append(
            Issue(path, value, "not mentioned in the bundle; assumed not given, as asked")
        )
        return
    reading.errors.append(
        Issue(
            path,
            None,
            f"not stated in the bundle (give it, or import with assume_not_given={{'{part}'}})",
        )
    )
