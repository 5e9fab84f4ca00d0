"""Presenters: turn facts and results into text, tables and documents. No I/O."""

from vigil.present._facts import facts_summary
from vigil.present._plan_doc import PlanDocument, Section, plan_document
from vigil.present._plan_render import plan_html, plan_ical, plan_pdf, plan_text
from vigil.present._risk import model_card_markdown, results_json, risk_sentences

__all__ = [
    "PlanDocument",
    "Section",
    "facts_summary",
    "model_card_markdown",
    "plan_document",
    "plan_html",
    "plan_ical",
    "plan_pdf",
    "plan_text",
    "results_json",
    "risk_sentences",
]
