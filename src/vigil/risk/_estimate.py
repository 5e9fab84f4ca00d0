"""Score a table with many models, or one patient's facts; every number labelled.

Both entry points go through :func:`score_table`: a patient is a table of one row.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import polars as pl

from vigil.errors import VigilError
from vigil.facts import Patient, patients_to_typed_frame
from vigil.risk._base import ModelCard, RiskModel, refusal_reasons, refused_name
from vigil.risk._registry import exclusions, resolve_models

__all__ = ["HORIZONS", "ModelResult", "estimate", "estimate_row", "score_table"]

HORIZONS: tuple[int, ...] = (5, 10, 15)

Progress = Callable[[int, int], None]
"""Called with (rows done, rows in all) after each chunk: the shells draw the bar."""


def _apply_exclusions(model_id: str, frame: pl.DataFrame, scored: pl.DataFrame) -> pl.DataFrame:
    checks = exclusions(model_id, frame)
    if not checks:
        return scored
    refused = refused_name(model_id)
    extra = refusal_reasons(frame, checks)
    # An exclusion decides alone: "not for men" says more than the inputs he lacks.
    reason = pl.when(extra.is_not_null()).then(extra).otherwise(pl.col(refused)).alias(refused)
    keep = extra.is_null()
    outputs = [c for c in scored.columns if c != refused]
    return scored.with_columns(*[pl.when(keep).then(pl.col(c)).alias(c) for c in outputs], reason)


def _score_model(model: RiskModel, frame: pl.DataFrame) -> pl.DataFrame:
    return _apply_exclusions(model.card.id, frame, model.score(frame))


def score_table(
    frame: pl.DataFrame,
    models: Sequence[str] | None = None,
    chunk_rows: int = 500_000,
    progress: Progress | None = None,
) -> pl.DataFrame:
    """Every requested model's columns beside the input columns.

    Parameters
    ----------
    frame:
        The typed cohort frame, ``validate_cohort(...).valid``.
    models:
        Model ids (``npi``, ``cts5``, ``predict-v2.1``, ``predict-v3.0``, ``predict-v3.1``,
        ``gail``); all when None.
    chunk_rows:
        Rows scored at a time, which bounds memory on very large tables.
    """
    chosen = resolve_models(models)
    if chunk_rows < 1:
        msg = f"chunk_rows must be at least 1 (got {chunk_rows})"
        raise VigilError(msg)
    parts: list[pl.DataFrame] = []
    total = frame.height
    for start in range(0, max(total, 1), chunk_rows):
        chunk = frame.slice(start, chunk_rows)
        scored = [_score_model(model, chunk) for model in chosen]
        parts.append(pl.concat([chunk, *scored], how="horizontal"))
        if progress is not None:
            progress(min(start + chunk_rows, total), total)
    return pl.concat(parts, how="vertical") if len(parts) > 1 else parts[0]


@dataclass(frozen=True, slots=True)
class ModelResult:
    """One model's estimates for one patient, or its refusal with the reason."""

    card: ModelCard
    refused: str | None
    values: Mapping[str, float | str | None]

    @property
    def in_domain(self) -> bool:
        return self.refused is None


def _horizon_of(column: str) -> int | None:
    for part in column.split("_"):
        if part.endswith("y") and part[:-1].isdigit():
            return int(part[:-1])
    return None


def estimate(
    patient: Patient,
    models: Sequence[str] | None = None,
    horizons: Sequence[int] = HORIZONS,
) -> list[ModelResult]:
    """Every applicable estimate for one patient, labelled with model, version and source.

    Models the patient is outside of are returned with ``refused`` set and no values.
    """
    # One validated patient: the typed frame is built directly (see patients_to_typed_frame).
    return estimate_row(patients_to_typed_frame([patient]), models, horizons)


def estimate_row(
    frame: pl.DataFrame,
    models: Sequence[str] | None = None,
    horizons: Sequence[int] = HORIZONS,
) -> list[ModelResult]:
    """:func:`estimate` for the first row of a typed cohort frame (e.g. the calculator's)."""
    bad = [h for h in horizons if h not in HORIZONS]
    if bad:
        msg = f"horizons must be among {HORIZONS} years (got {bad})"
        raise VigilError(msg)
    frame = frame.head(1)
    results: list[ModelResult] = []
    for model in resolve_models(models):
        row = _score_model(model, frame).row(0, named=True)
        refused = row.pop(refused_name(model.card.id))
        values = {
            column: None if refused else value
            for column, value in row.items()
            if _horizon_of(column) in (None, *horizons)
        }
        results.append(ModelResult(card=model.card, refused=refused, values=values))
    return results
