"""Plan exports: iCalendar parses with two parsers, PDF renders, output is reproducible."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import vobject
from icalendar import Calendar
from typer.testing import CliRunner

from vigil.care import CarePlan, plan
from vigil.cli import app
from vigil.demo import demo_patients
from vigil.facts import Patient
from vigil.present import plan_document, plan_html, plan_ical, plan_pdf, plan_text
from vigil.risk import estimate

TODAY = dt.date(2026, 11, 25)


def _demo(patient_id: str) -> tuple[Patient, CarePlan]:
    patient = next(p for p in demo_patients() if p.patient_id == patient_id)
    return patient, plan(patient, TODAY)


def test_ical_has_one_event_per_item_and_parses_twice() -> None:
    _, care = _demo("demo-dora")
    data = plan_ical(care)
    events = Calendar.from_ical(data).walk("VEVENT")
    assert len(events) == len(care.items)
    assert [str(e["UID"]) for e in events] == [i.uid for i in care.items]
    assert {str(e["SUMMARY"]) for e in events} >= {"Mammogram", "Bone density scan (DXA)"}
    parsed = vobject.readOne(data.decode("utf-8"))
    assert len(parsed.vevent_list) == len(care.items)
    first = parsed.vevent_list[0]
    assert first.dtstart.value == care.items[0].due


def test_ical_uids_are_stable_across_days() -> None:
    patient, care = _demo("demo-ada")
    later = plan(patient, TODAY + dt.timedelta(days=30))
    shared = {i.uid for i in care.items} & {i.uid for i in later.items}
    same_item = {i.uid: i.due for i in care.items}
    assert shared
    assert all(same_item[uid] == next(i.due for i in later.items if i.uid == uid) for uid in shared)


def test_exports_are_byte_identical_for_the_same_facts_and_day() -> None:
    patient, care = _demo("demo-bea")
    doc = plan_document(patient, care, estimate(patient))
    again = plan_document(patient, plan(patient, TODAY), estimate(patient))
    assert plan_ical(care) == plan_ical(plan(patient, TODAY))
    assert plan_pdf(doc, TODAY) == plan_pdf(again, TODAY)
    assert plan_html(doc) == plan_html(again)
    assert plan_text(doc) == plan_text(again)


def test_pdf_renders_to_pages_with_content(tmp_path: Path) -> None:
    patient, care = _demo("demo-dora")
    data = plan_pdf(plan_document(patient, care, estimate(patient)), TODAY)
    document = pdfium.PdfDocument(data)
    assert len(document) >= 2
    image = document[0].render(scale=0.5).to_pil().convert("L")
    image.save(tmp_path / "page1.png")
    dark = sum(image.histogram()[:128])
    assert dark > 2000  # text and table lines, not a blank page
    text = document[0].get_textpage().get_text_range()
    assert "Survivorship care plan" in text
    assert "Treatment summary" in text


def test_document_has_the_asco_elements() -> None:
    patient, care = _demo("demo-bea")
    doc = plan_document(patient, care, estimate(patient))
    headings = [s.heading for s in doc.sections]
    for heading in (
        "Treatment summary",
        "Your follow-up schedule",
        "Tests you do not need without symptoms",
        "Late effects to watch",
        "Estimates from published models",
        "Your care team",
    ):
        assert heading in headings
    text = plan_text(doc)
    assert "does not replace them" in text
    assert "Prepared on 2026-11-25" in text


def test_html_escapes_every_value() -> None:
    patient, _ = _demo("demo-ada")
    hostile = patient.model_copy(update={"patient_id": "x<script>alert(1)</script>"})
    page = plan_html(plan_document(hostile, plan(hostile, TODAY)))
    assert "<script>" not in page
    assert "&lt;script&gt;" in page


@pytest.mark.parametrize("patient_id", ["demo-dora", "demo-fay"])
def test_cli_plan_writes_every_export(tmp_path: Path, patient_id: str) -> None:
    patient = next(p for p in demo_patients() if p.patient_id == patient_id)
    source = tmp_path / "p.json"
    source.write_text(patient.model_dump_json())
    out = {name: tmp_path / f"plan.{name}" for name in ("pdf", "ics", "html")}
    result = CliRunner().invoke(
        app,
        [
            "plan",
            str(source),
            "--today",
            "2026-11-25",
            "--pdf",
            str(out["pdf"]),
            "--ics",
            str(out["ics"]),
            "--html",
            str(out["html"]),
        ],
    )
    assert result.exit_code == 0, result.output
    assert out["pdf"].read_bytes().startswith(b"%PDF")
    assert b"BEGIN:VCALENDAR" in out["ics"].read_bytes()
    assert "<h1>Survivorship care plan</h1>" in out["html"].read_text()


def test_cli_plan_refuses_bad_facts(tmp_path: Path) -> None:
    source = tmp_path / "bad.json"
    source.write_text(json.dumps({"person": {"sex": "x"}}))
    result = CliRunner().invoke(app, ["plan", str(source)])
    assert result.exit_code == 2
    assert "person.sex" in result.output


def test_cli_stale_rules() -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["rules", "stale", "--today", "2026-11-25"]).exit_code == 0
    late = runner.invoke(app, ["rules", "stale", "--today", "2028-06-01"])
    assert late.exit_code == 1
    assert "follow-up-visits" in late.output
