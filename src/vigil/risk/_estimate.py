"""Score a table with many models, or one patient's facts; every number labelled.

Both entry points run the same model code: a table is turned into numpy columns chunk by
chunk (:func:`score_table`), one patient into columns of one row straight from her facts
(:func:`estimate`). Models without a numpy form (Gail, Magee, fitted) score the polars
frame in both cases.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import polars as pl

from vigil.errors import VigilError
from vigil.facts import Patient, patients_to_typed_frame, patients_to_typed_rows
from vigil.risk._base import ColumnModel, ModelCard, Refusals, RiskModel, refused_name
from vigil.risk._columns import Columns, Scored, with_exclusions
from vigil.risk._registry import column_exclusions, exclusions, resolve_models

__all__ = ["HORIZONS", "ModelResult", "estimate", "estimate_row", "score_table"]

HORIZONS: tuple[int, ...] = (5, 10, 15)

Progress = Callable[[int, int], None]
"""Called with (rows done, rows in all) after each chunk: the shells draw the bar."""


def _apply_exclusions(model_id: str, frame: pl.DataFrame, scored: pl.DataFrame) -> pl.DataFrame:
    compiled = Refusals.of(exclusions(model_id, frame))
    if compiled.mask is None:
        return scored
    masks = frame.select(compiled.mask.alias("mask")).to_series()
    if not masks.max():
        return scored  # nobody excluded: the common case costs one small query
    refused = refused_name(model_id)
    extra = compiled.text(masks)
    # An exclusion decides alone: "not for men" says more than the inputs he lacks.
    reason = pl.when(extra.is_not_null()).then(extra).otherwise(pl.col(refused)).alias(refused)
    keep = extra.is_null()
    outputs = [c for c in scored.columns if c != refused]
    return scored.with_columns(*[pl.when(keep).then(pl.col(c)).alias(c) for c in outputs], reason)


def _score_model(
    model: RiskModel, frame: pl.DataFrame, columns: Columns | None = None
) -> pl.DataFrame:
    if isinstance(model, ColumnModel):
        columns = Columns.of_frame(frame) if columns is None else columns
        return _score_columns(model, columns).frame(refused_name(model.card.id))
    return _apply_exclusions(model.card.id, frame, model.score(frame))


def _score_columns(model: ColumnModel, columns: Columns) -> Scored:
    scored = model.score_columns(columns)
    return with_exclusions(scored, columns, column_exclusions(model.card.id, columns))


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
    with ThreadPoolExecutor(max_workers=_THREADS) as pool:
        for start in range(0, max(total, 1), chunk_rows):
            chunk = frame.slice(start, chunk_rows)
            scored = _score_chunk(chunk, chosen, pool)
            parts.append(pl.concat([chunk, *scored], how="horizontal"))
            if progress is not None:
                progress(min(start + chunk_rows, total), total)
    return pl.concat(parts, how="vertical") if len(parts) > 1 else parts[0]


def _score_chunk(
    chunk: pl.DataFrame, chosen: Sequence[RiskModel], pool: ThreadPoolExecutor
) -> list[pl.DataFrame]:
    """Each model's columns for one chunk, in model order.

    numpy releases the GIL inside each operation, so a large chunk is scored on two
    threads (this machine's two cores): a model that threads itself (PREDICT works in
    blocks on two threads) gets the whole chunk; the others get each half of the rows, so
    the two threads carry equal work. The pieces of a half share its numpy columns.
    """
    if chunk.height < _SPLIT_ROWS:
        columns = Columns.of_frame(chunk)
        return [_score_model(model, chunk, columns) for model in chosen]
    half = chunk.height // 2
    halves = [chunk.slice(0, half), chunk.slice(half)]
    half_columns = [Columns.of_frame(piece) for piece in halves]
    whole_columns = Columns.of_frame(chunk)
    jobs = []
    for model in chosen:
        if getattr(model, "threads_itself", False) or not isinstance(model, ColumnModel):
            jobs.append([pool.submit(_score_model, model, chunk, whole_columns)])
        else:
            jobs.append(
                [
                    pool.submit(_score_model, model, piece, columns)
                    for piece, columns in zip(halves, half_columns, strict=True)
                ]
            )
    return [
        pl.concat([f.result() for f in futures], how="vertical")
        if len(futures) > 1
        else futures[0].result()
        for futures in jobs
    ]


_THREADS = 2  # this machine's cores (docs/performance.md)
# Below this a chunk is scored on one thread: thread hand-offs cost more than they save
# (a 100k-row NPI + CTS5 chunk takes ~13 ms here).
_SPLIT_ROWS = 100_000


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
    # One validated patient: her typed cells go straight to numpy columns; a polars frame
    # is made only if a model that needs one (Gail, Magee, fitted models) is asked for.
    columns = Columns.of_rows(patients_to_typed_rows([patient]))
    return _estimates(columns, lambda: patients_to_typed_frame([patient]), models, horizons)


def estimate_row(
    frame: pl.DataFrame,
    models: Sequence[str] | None = None,
    horizons: Sequence[int] = HORIZONS,
) -> list[ModelResult]:
    """:func:`estimate` for the first row of a typed cohort frame (e.g. the calculator's)."""
    first = frame.head(1)
    return _estimates(Columns.of_frame(first), lambda: first, models, horizons)


def _estimates(
    columns: Columns,
    frame: Callable[[], pl.DataFrame],
    models: Sequence[str] | None,
    horizons: Sequence[int],
) -> list[ModelResult]:
    bad = [h for h in horizons if h not in HORIZONS]
    if bad:
        msg = f"horizons must be among {HORIZONS} years (got {bad})"
        raise VigilError(msg)
    wanted = (None, *horizons)
    results: list[ModelResult] = []
    table: pl.DataFrame | None = None
    for model in resolve_models(models):
        if isinstance(model, ColumnModel):
            refused, values = _score_columns(model, columns).row(0)
        else:
            table = frame() if table is None else table
            row = _score_model(model, table).row(0, named=True)
            refused = row.pop(refused_name(model.card.id))
            values = {k: None if refused else v for k, v in row.items()}
        kept = {k: v for k, v in values.items() if _horizon_of(k) in wanted}
        results.append(ModelResult(card=model.card, refused=refused, values=kept))
    return results
