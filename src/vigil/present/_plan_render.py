"""Render a plan document as plain text, printable HTML or PDF; and a plan as iCalendar."""

from __future__ import annotations

import datetime as dt
import html

from fpdf import FPDF
from icalendar import Calendar, Event

from vigil._version import __version__
from vigil.care import CarePlan
from vigil.present._plan_doc import PlanDocument

__all__ = ["plan_html", "plan_ical", "plan_pdf", "plan_text"]


def plan_text(document: PlanDocument) -> str:
    lines = [document.title.upper(), document.subtitle, ""]
    for section in document.sections:
        lines += [section.heading, "-" * len(section.heading)]
        if section.columns:
            lines.append(" | ".join(section.columns))
        lines += [" | ".join(cell for cell in row) for row in section.rows]
        lines += [f"* {p}" for p in section.paragraphs]
        lines.append("")
    return "\n".join(lines)


_CSS = """
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; line-height: 1.45; }
h1 { margin-bottom: 0; } table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #999; padding: .3rem .5rem; text-align: left; vertical-align: top; }
@media print { body { margin: 0; } section { break-inside: avoid; } }
"""


def plan_html(document: PlanDocument) -> str:
    """A printable page; every value is escaped (facts can hold user-entered text)."""
    e = html.escape
    parts = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{e(document.title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{e(document.title)}</h1><p>{e(document.subtitle)}</p>",
    ]
    for section in document.sections:
        parts.append(f"<section><h2>{e(section.heading)}</h2>")
        if section.rows:
            parts.append("<table>")
            if section.columns:
                header = "".join(f'<th scope="col">{e(c)}</th>' for c in section.columns)
                parts.append(f"<thead><tr>{header}</tr></thead>")
            for row in section.rows:
                parts.append("<tr>" + "".join(f"<td>{e(cell)}</td>" for cell in row) + "</tr>")
            parts.append("</table>")
        parts += [f"<p>{e(p)}</p>" for p in section.paragraphs]
        parts.append("</section>")
    parts.append("</body></html>")
    return "\n".join(parts)


# The PDF's core fonts cover Latin-1; other characters are replaced by plain equivalents.
_PLAIN = str.maketrans(
    {
        "≥": ">=",
        "≤": "<=",
        "–": "-",
        "—": "-",
        "→": "->",
        "’": "'",
        "‘": "'",
        "“": '"',
        "”": '"',
        "…": "...",
        "×": "x",
    }
)


def _latin1(text: str) -> str:
    return text.translate(_PLAIN).encode("latin-1", "replace").decode("latin-1")


def plan_pdf(document: PlanDocument, prepared_on: dt.date) -> bytes:
    """A4 PDF; byte-identical for the same document and date (fixed creation date)."""
    pdf = FPDF(format="A4")
    pdf.set_creation_date(dt.datetime.combine(prepared_on, dt.time(), tzinfo=dt.UTC))
    pdf.set_producer(f"Vigil {__version__}")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    width = pdf.epw
    pdf.set_font("Helvetica", "B", 18)
    pdf.multi_cell(width, 9, _latin1(document.title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 11)
    pdf.multi_cell(width, 6, _latin1(document.subtitle), new_x="LMARGIN", new_y="NEXT")
    for section in document.sections:
        pdf.ln(3)
        pdf.set_font("Helvetica", "B", 13)
        pdf.multi_cell(width, 7, _latin1(section.heading), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 9)
        if section.rows:
            # The schedule's "why" column gets the most room.
            widths = (22, 30, 18, 60) if len(section.columns) == 4 else None
            with pdf.table(
                first_row_as_headings=bool(section.columns),
                text_align="LEFT",
                line_height=4.5,
                col_widths=widths,
            ) as table:
                if section.columns:
                    table.row([_latin1(c) for c in section.columns])
                for row in section.rows:
                    table.row([_latin1(cell) for cell in row])
        for paragraph in section.paragraphs:
            pdf.multi_cell(width, 5, _latin1(paragraph), new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1)
    return bytes(pdf.output())


def plan_ical(plan: CarePlan) -> bytes:
    """RFC 5545 calendar: one all-day VEVENT per item, with a UID stable across exports."""
    calendar = Calendar()
    calendar.add("prodid", f"-//Vigil//Survivorship care plan {__version__}//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Follow-up care plan")
    stamp = dt.datetime.combine(plan.prepared_on, dt.time(), tzinfo=dt.UTC)
    for item in plan.items:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", item.due)
        event.add("dtend", item.due + dt.timedelta(days=1))
        event.add("summary", item.title)
        window = (
            f"Any day from {item.due.isoformat()} to {item.latest.isoformat()}.\n"
            if item.latest and item.latest != item.due
            else ""
        )
        event.add("description", f"{window}{item.why}\nSource: {item.source}")
        event.add("categories", [item.kind.value])
        event.add("transp", "TRANSPARENT")
        if item.status.value == "done":
            event.add("status", "CONFIRMED")
        calendar.add_component(event)
    return bytes(calendar.to_ical())
