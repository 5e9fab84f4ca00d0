"""Presenters: turn facts and results into text, tables and documents. No I/O."""

from vigil.present._facts import facts_summary

__all__ = ["facts_summary"]
