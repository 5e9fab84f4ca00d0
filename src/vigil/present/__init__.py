"""Presenters: turn facts and results into text, tables and documents. No I/O."""

from vigil.present._facts import facts_summary
from vigil.present._risk import model_card_markdown, risk_sentences

__all__ = ["facts_summary", "model_card_markdown", "risk_sentences"]
