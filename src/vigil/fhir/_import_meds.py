"""Medication resources (Statement, Request, Administration) to treatment evidence."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from vigil.facts import EndocrineAgent
from vigil.fhir import _codes as c
from vigil.fhir._elements import codings, full_date, has_code, lookup, text_of
from vigil.fhir._import_treatment import TreatmentFound, extension_element, performed
from vigil.fhir._read import YEARS, Reading, read_quantity

MEDICATION_TYPES = ("MedicationStatement", "MedicationRequest", "MedicationAdministration")
_TAKEN = {"active", "completed", "stopped", "on-hold", "intended", "unknown", "in-progress"}


def read_medication(
    med: Mapping[str, Any], found: TreatmentFound, reading: Reading, where: str
) -> None:
    status = med.get("status")
    if status in ("entered-in-error", "cancelled", "draft"):
        reading.warn(where, status, f"{med.get('resourceType')} with status {status!r} not read")
        return
    taken = status in _TAKEN
    drug = med.get("medicationCodeableConcept")
    if drug is None:
        reading.warn(
            where, None, "medication given by reference, not read (use medicationCodeableConcept)"
        )
        return
    start, end = performed(med)
    if start is None and end is None:
        start, end = _bounds(med)
    dates = [d for d in (start, end, full_date(med.get("authoredOn"))) if d is not None]
    kind = _classify(drug, reading, where)
    if kind is None:
        reading.unknown_code(f"{where}.medicationCodeableConcept", drug, "medication code")
        return
    found.mentioned = True
    if kind == "endocrine-any" or isinstance(kind, EndocrineAgent):
        found.endocrine_stated = True
        if taken and isinstance(kind, EndocrineAgent):
            _add_agent(found, kind, start, end)
            found.systemic_dates += dates
            found.undated_systemic = found.undated_systemic or not dates
            duration = extension_element(med, c.PLANNED_DURATION_EXT)
            if duration is not None:
                years = read_quantity(
                    {"valueQuantity": duration.get("valueDuration")}, YEARS, reading, where
                )
                reading.put("treatment.endocrine.planned_years", years, where)
        return
    if not taken:
        reading.warn(where, status, "a medicine recorded as not taken says nothing Vigil keeps")
        return
    found.systemic_dates += dates
    found.undated_systemic = found.undated_systemic or not dates
    if kind in c.ANTI_HER2:
        found.anti_her2.add(kind)
    elif kind == "bisphosphonate":
        found.bisphosphonate = True
    else:
        found.chemo_drugs = True
        found.anthracycline = found.anthracycline or kind == "anthracycline"
        found.taxane = found.taxane or kind == "taxane"


def _bounds(request: Mapping[str, Any]) -> tuple[dt.date | None, dt.date | None]:
    """A MedicationRequest's dosageInstruction[0].timing.repeat.boundsPeriod (as mCODE)."""
    for dosage in request.get("dosageInstruction") or ():
        bounds = ((dosage.get("timing") or {}).get("repeat") or {}).get("boundsPeriod")
        if isinstance(bounds, Mapping):
            return full_date(bounds.get("start")), full_date(bounds.get("end"))
    return None, None


def _add_agent(
    found: TreatmentFound, agent: EndocrineAgent, start: dt.date | None, end: dt.date | None
) -> None:
    """Keep each agent once, in bundle order, with its earliest start and latest end."""
    if agent in found.agents:
        old_start, old_end = found.agents[agent]
        start = min((d for d in (start, old_start) if d is not None), default=None)
        end = max((d for d in (end, old_end) if d is not None), default=None)
    found.agents[agent] = (start, end)


def _classify(drug: Any, reading: Reading, where: str) -> EndocrineAgent | str | None:
    agent = lookup(drug, c.ENDOCRINE)
    if agent is not None:
        return agent
    if has_code(drug, (c.ANY_ENDOCRINE,)):
        return "endocrine-any"
    name = lookup(drug, c.ANTI_HER2)
    if name is not None:
        return name
    tables = {
        "bisphosphonate": c.BISPHOSPHONATE,
        "anthracycline": c.ANTHRACYCLINE,
        "taxane": c.TAXANE,
        "other-chemotherapy": c.OTHER_CHEMOTHERAPY,
    }
    kind = lookup(drug, tables)
    if kind is not None:
        return kind
    for system, code in codings(drug):  # ATC substances under the classes Vigil knows
        if system == c.ATC:
            for klass, prefix in (
                ("bisphosphonate", "M05BA"),
                ("anthracycline", "L01DB"),
                ("taxane", "L01CD"),
            ):
                if code.startswith(prefix):
                    return klass
            for agent, prefix in (
                (EndocrineAgent.AROMATASE_INHIBITOR, "L02BG"),
                (EndocrineAgent.OVARIAN_SUPPRESSION, "L02AE"),
            ):
                if code.startswith(prefix):
                    return agent
    return _by_name(drug, reading, where)


def _by_name(drug: Any, reading: Reading, where: str) -> EndocrineAgent | str | None:
    text = text_of(drug).lower()
    matches: list[EndocrineAgent | str] = [
        agent for agent, names in c.ENDOCRINE_NAMES.items() if any(n in text for n in names)
    ]
    if any(n in text for n in c.BISPHOSPHONATE_NAMES):
        matches.append("bisphosphonate")
    if len(matches) == 1:
        reading.warn(
            f"{where}.medicationCodeableConcept", text_of(drug), f"matched by name as {matches[0]}"
        )
        return matches[0]
    return None
