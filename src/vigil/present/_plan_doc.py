"""The survivorship care plan as a document: the IOM and ASCO elements, in sections.

One structure, several renderers (text, HTML, PDF): each only lays it out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from vigil.care import CarePlan, ItemStatus, PlanItem
from vigil.care.triage import Level
from vigil.care.triage import load_policy as load_triage_policy
from vigil.facts import Patient
from vigil.facts._dates import add_months
from vigil.present._facts import facts_summary
from vigil.present._risk import risk_sentences
from vigil.risk import ModelResult

__all__ = ["PlanDocument", "Section", "plan_document"]

DISCLAIMER = (
    "This plan informs decisions you make with your care team; it does not replace them. "
    "If something worries you, contact your team without waiting for a planned visit."
)

_STATUS_WORDS = {
    ItemStatus.DONE: "done",
    ItemStatus.OVERDUE: "overdue - please book",
    ItemStatus.DUE: "due now",
    ItemStatus.UPCOMING: "upcoming",
}


@dataclass(frozen=True, slots=True)
class Section:
    heading: str
    paragraphs: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    columns: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PlanDocument:
    title: str
    subtitle: str
    sections: tuple[Section, ...]


def _window(item: PlanItem) -> str:
    if item.latest is None or item.latest == item.due:
        return item.due.isoformat()
    return f"{item.due.isoformat()} to {item.latest.isoformat()}"


def _treatment_rows(patient: Patient, today: dt.date) -> tuple[tuple[str, str], ...]:
    rows = list(facts_summary(patient, today))
    treatment = patient.treatment
    if treatment is not None:
        dated = [
            ("Surgery date", treatment.surgery.date),
            ("Radiotherapy ended", treatment.radiotherapy.end_date),
            ("Chemotherapy ended", treatment.chemotherapy.end_date),
            ("Hormone therapy started", treatment.endocrine.start_date),
        ]
        rows += [(label, day.isoformat()) for label, day in dated if day is not None]
    return tuple(rows)


def _ongoing_rows(patient: Patient) -> tuple[tuple[str, str], ...]:
    treatment = patient.treatment
    if treatment is None:
        return ()
    rows: list[tuple[str, str]] = []
    endocrine = treatment.endocrine
    if endocrine.agents and endocrine.start_date is not None:
        years = endocrine.planned_years or 5
        until = add_months(endocrine.start_date, round(12 * years))
        agents = ", then ".join(a.value.replace("_", " ") for a in endocrine.agents)
        rows.append(("Hormone therapy", f"{agents}; planned until about {until.isoformat()}"))
    if treatment.bisphosphonate:
        rows.append(("Bisphosphonate", "as prescribed by your team"))
    return tuple(rows)


def _advice(plan: CarePlan, *categories: str) -> tuple[str, ...]:
    return tuple(f"{a.title}: {a.text}" for a in plan.advice if a.category in categories)


def _when_to_call() -> Section:
    """The red flags of the triage policy, by how fast to act (docs/triage.md)."""
    policy = load_triage_policy()
    rows = []
    for level in (Level.EMERGENCY, Level.URGENT):
        advice = next((a.advice for a in policy.levels if a.level is level), "")
        titles = "; ".join(rule.title for rule in policy.rules if rule.level is level)
        rows.append((level.value.title(), f"{advice} {titles}".strip()))
    return Section(
        "Symptoms to report, and how fast",
        rows=tuple(rows),
        paragraphs=(
            "Anything else new that lasts more than a few weeks or gets worse: mention it at "
            "your next visit, or use the symptom checker.",
        ),
    )


def plan_document(
    patient: Patient,
    care_plan: CarePlan,
    estimates: Sequence[ModelResult] = (),
    prepared_by: str = "Vigil (automated; check with your care team)",
) -> PlanDocument:
    """The care plan's content, in the order of the ASCO 2014 essential elements."""
    today = care_plan.prepared_on
    sections = [
        Section(
            "About this plan",
            paragraphs=(
                f"Prepared on {today.isoformat()} by {prepared_by}.",
                DISCLAIMER,
            ),
        ),
        Section("Treatment summary", rows=_treatment_rows(patient, today)),
    ]
    ongoing = _ongoing_rows(patient)
    if ongoing:
        sections.append(Section("Ongoing treatment", rows=ongoing))
    if care_plan.items:
        sections.append(
            Section(
                "Your follow-up schedule",
                columns=("When", "What", "Status", "Why"),
                rows=tuple(
                    (_window(i), i.title, _STATUS_WORDS[i.status], i.why) for i in care_plan.items
                ),
            )
        )
    sections.append(_when_to_call())
    for heading, categories in (
        ("Tests you do not need without symptoms", ("not_recommended",)),
        ("Things to discuss and referrals", ("discussion", "referral")),
        ("Symptoms to report and things to keep doing", ("ongoing",)),
        ("Late effects to watch", ("late_effect",)),
        ("Support", ("support",)),
        ("Information still needed", ("missing_information",)),
    ):
        paragraphs = _advice(care_plan, *categories)
        if paragraphs:
            sections.append(Section(heading, paragraphs=paragraphs))
    if estimates:
        labelled = tuple(
            f"{r.card.name} ({r.card.version}): {'applies' if r.in_domain else 'does not apply'}."
            f" Source: {r.card.source}"
            for r in estimates
        )
        paragraphs = (*risk_sentences(estimates), *labelled)
        sections.append(Section("Estimates from published models", paragraphs=paragraphs))
    sections.append(
        Section(
            "Your care team",
            rows=(
                ("Key contact", ""),
                ("Breast care nurse", ""),
                ("Oncologist", ""),
                ("Family doctor", ""),
            ),
        )
    )
    sources = sorted({i.source for i in care_plan.items} | {a.source for a in care_plan.advice})
    sections.append(Section("Sources", paragraphs=tuple(sources)))
    return PlanDocument(
        title="Survivorship care plan",
        subtitle=f"Patient {care_plan.patient_id}",
        sections=tuple(sections),
    )
