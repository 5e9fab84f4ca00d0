"""What every risk model shares: its card, and vectorised refusal of out-of-domain rows.

A model takes the typed cohort frame (``vigil.facts.validate_cohort(...).valid``) and
returns a frame with one row per input row: its output columns, null where the row was
refused, and ``<model_id>_refused`` holding the reason (null when the row was scored).
One patient is a table of one row; there is no per-row Python loop.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import polars as pl

__all__ = [
    "Check",
    "ModelCard",
    "RiskModel",
    "missing_columns_reason",
    "refusal_column",
    "refused_name",
    "score_with_refusals",
    "value_checks",
]


@dataclass(frozen=True, slots=True)
class ModelCard:
    """What a model is, where it comes from, and where it may be used.

    Rendered to ``docs/models/<id>.md`` and shown beside every estimate.
    """

    id: str
    name: str
    version: str
    source: str
    reference_implementation: str
    intended_use: str
    validity_domain: tuple[str, ...]
    inputs: tuple[str, ...]
    outputs: dict[str, str]
    notes: tuple[str, ...] = field(default=())


class RiskModel(Protocol):
    """A published or fitted model that scores the typed cohort frame."""

    @property
    def card(self) -> ModelCard: ...

    def score(self, frame: pl.DataFrame) -> pl.DataFrame:
        """Output columns plus ``<id>_refused``, one row per row of ``frame``, same order."""
        ...


@dataclass(frozen=True, slots=True)
class Check:
    """A row is refused when ``refuse_when`` is true; ``reason`` says why, in words."""

    refuse_when: pl.Expr
    reason: str


def refused_name(model_id: str) -> str:
    """Name of the refusal column: ``cts5`` → ``cts5_refused``, ``predict-v3.1`` →
    ``predict_v31_refused``."""
    return model_id.replace("-", "_").replace(".", "") + "_refused"


def missing_columns_reason(frame: pl.DataFrame, needed: Sequence[str]) -> str | None:
    """The reason every row is refused when the table lacks columns the model needs."""
    absent = [name for name in needed if name not in frame.columns]
    if not absent:
        return None
    return "the table has no column " + ", ".join(absent)


def value_checks(
    columns: Sequence[str], frame: pl.DataFrame, unknown_ok: Sequence[str] = ()
) -> list[Check]:
    """Refuse rows whose needed cells are empty (missing), or ``unknown`` where the model
    cannot use an unknown value. Numeric unknowns are NaN; coded unknowns are ``unknown``."""
    checks: list[Check] = []
    for name in columns:
        col = pl.col(name)
        checks.append(Check(col.is_null(), f"{name} is missing"))
        if name in unknown_ok:
            continue
        dtype = frame.schema.get(name)
        if dtype is not None and dtype.is_float():
            checks.append(Check(col.is_nan(), f"{name} is unknown and this model needs it"))
        elif isinstance(dtype, pl.Enum) and "unknown" in dtype.categories.to_list():
            checks.append(Check(col == "unknown", f"{name} is unknown and this model needs it"))
    return checks


def refusal_column(checks: Sequence[Check]) -> pl.Expr:
    """All reasons that apply to a row, joined by '; ', or null when none applies.

    A condition that is null (it compares an empty cell) does not refuse by itself: pair
    every model with :func:`value_checks`, which refuses the empty cell with its own reason.
    """
    if not checks:
        return pl.lit(None, dtype=pl.String)
    parts = [
        pl.when(check.refuse_when.fill_null(False)).then(pl.lit(check.reason)) for check in checks
    ]
    joined = pl.concat_str(parts, separator="; ", ignore_nulls=True)
    return pl.when(joined == "").then(None).otherwise(joined)


def score_with_refusals(
    frame: pl.DataFrame,
    card: ModelCard,
    dtypes: dict[str, pl.DataType],
    outputs: Callable[[], dict[str, pl.Expr]],
    checks: Callable[[], list[Check]],
) -> pl.DataFrame:
    """Evaluate a model's output expressions and null them where a row is refused.

    ``outputs`` and ``checks`` are called only when every input column is present; if one
    is absent every row is refused with that reason.
    """
    refused = refused_name(card.id)
    absent = missing_columns_reason(frame, card.inputs)
    if absent is not None:
        columns = [pl.Series(name, [None] * frame.height, dtype=d) for name, d in dtypes.items()]
        return pl.DataFrame([*columns, pl.Series(refused, [absent] * frame.height, pl.String)])
    scored = pl.col(refused).is_null()
    exprs = outputs()
    return (
        frame.lazy()
        .select(refusal_column(checks()).alias(refused), *[e.alias(n) for n, e in exprs.items()])
        .select(
            *[pl.when(scored).then(pl.col(n)).cast(dtypes[n]).alias(n) for n in exprs],
            pl.col(refused),
        )
        .collect()
    )
