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
    "refusal_reasons",
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


_MAX_CHECKS = 63  # one bit each in a UInt64


def refusal_reasons(frame: pl.DataFrame, checks: Sequence[Check]) -> pl.Series:
    """All reasons that apply to each row of ``frame``, joined by '; ', or null when none
    applies. A condition that is null (it compares an empty cell) does not refuse by
    itself: pair every model with :func:`value_checks`, which refuses the empty cell.

    Each row's failed checks are packed into a bit mask; the reason text is built once per
    distinct mask (a handful) and mapped back, so refusing millions of rows stays cheap.
    """
    if not checks:
        return pl.Series([None] * frame.height, dtype=pl.String)
    if len(checks) > _MAX_CHECKS:
        msg = f"at most {_MAX_CHECKS} checks per model (got {len(checks)})"
        raise ValueError(msg)
    # The narrowest integer that holds one bit per check keeps the pass over rows cheap.
    dtype = pl.UInt16() if len(checks) <= 16 else pl.UInt64()
    bits = [
        pl.when(check.refuse_when).then(pl.lit(1 << i, dtype=dtype)).otherwise(pl.lit(0, dtype))
        for i, check in enumerate(checks)
    ]
    masks = frame.select(pl.sum_horizontal(bits).alias("mask")).to_series()
    reasons = {
        mask: "; ".join(c.reason for i, c in enumerate(checks) if mask >> i & 1)
        for mask in masks.unique().to_list()
        if mask
    }
    return masks.replace_strict(reasons, default=None, return_dtype=pl.String)


def score_with_refusals(
    frame: pl.DataFrame,
    card: ModelCard,
    dtypes: dict[str, pl.DataType],
    outputs: Callable[[], dict[str, pl.Expr]],
    checks: Callable[[], list[Check]],
) -> pl.DataFrame:
    """Evaluate a model's output expressions and null them where a row is refused.

    ``outputs`` are evaluated in order, so one may use ``pl.col`` of an earlier one.
    ``outputs`` and ``checks`` are called only when every input column is present; if one
    is absent every row is refused with that reason.
    """
    refused = refused_name(card.id)
    absent = missing_columns_reason(frame, card.inputs)
    if absent is not None:
        columns = [pl.Series(name, [None] * frame.height, dtype=d) for name, d in dtypes.items()]
        return pl.DataFrame([*columns, pl.Series(refused, [absent] * frame.height, pl.String)])
    reasons = refusal_reasons(frame, checks()).alias(refused)
    scored = reasons.is_null()
    exprs = outputs()
    lazy = frame.lazy()
    # In order, so a later output may read an earlier one (e.g. a group from its score).
    for name, expr in exprs.items():
        lazy = lazy.with_columns(expr.alias(name))
    return (
        lazy.with_columns(scored.alias("__scored"))
        .select(
            *[pl.when(pl.col("__scored")).then(pl.col(n)).cast(dtypes[n]).alias(n) for n in exprs],
        )
        .collect()
        .with_columns(reasons)
    )
