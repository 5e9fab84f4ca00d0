"""What every risk model shares: its card, and vectorised refusal of out-of-domain rows.

A model takes the typed cohort frame (``vigil.facts.validate_cohort(...).valid``) and
returns a frame with one row per input row: its output columns, null where the row was
refused, and ``<model_id>_refused`` holding the reason (null when the row was scored).
One patient is a table of one row; there is no per-row Python loop. Models that also
score numpy columns (:class:`ColumnModel`: NPI, CTS5, PREDICT) do their work in
:mod:`vigil.risk._columns`; the polars helpers here serve the others (Gail, Magee, fitted).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol, runtime_checkable

import polars as pl

from vigil.facts import COLUMNS_BY_NAME

if TYPE_CHECKING:
    from vigil.risk._columns import Columns, Scored

__all__ = [
    "Check",
    "ColumnModel",
    "ModelCard",
    "Refusals",
    "RiskModel",
    "may_be_unknown",
    "missing_columns_reason",
    "reason_text",
    "reason_texts",
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


@runtime_checkable
class ColumnModel(Protocol):
    """A model that also scores :class:`~vigil.risk._columns.Columns` (numpy arrays)
    directly; ``score(frame)`` then converts the frame and calls it."""

    @property
    def card(self) -> ModelCard: ...

    def score(self, frame: pl.DataFrame) -> pl.DataFrame: ...

    def score_columns(self, columns: Columns) -> Scored: ...


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
    cannot use an unknown value. Numeric unknowns are NaN; coded unknowns are ``unknown``.

    Which columns can hold an unknown is read from the cohort-table contract
    (:data:`vigil.facts.COLUMNS`), not from the frame: reading a frame's dtypes builds
    every Enum dtype again (~0.1 ms a call), which dominated scoring one patient. Only a
    column outside the contract is looked up in the frame.
    """
    checks: list[Check] = []
    for name in columns:
        col = pl.col(name)
        checks.append(Check(col.is_null(), f"{name} is missing"))
        if name in unknown_ok:
            continue
        kind = _unknown_kind(name, frame)
        if kind == "nan":
            checks.append(Check(col.is_nan(), f"{name} is unknown and this model needs it"))
        elif kind == "code":
            checks.append(Check(col == "unknown", f"{name} is unknown and this model needs it"))
    return checks


def may_be_unknown(name: str) -> bool:
    """Whether a contract column can say ``unknown`` (NaN for a number, the code
    ``unknown`` for a coded column)."""
    spec = COLUMNS_BY_NAME[name]
    return spec.kind == "number" or (spec.kind == "code" and "unknown" in spec.codes)


def _unknown_kind(name: str, frame: pl.DataFrame) -> str | None:
    spec = COLUMNS_BY_NAME.get(name)
    if spec is not None:
        if not may_be_unknown(name):
            return None
        return "nan" if spec.kind == "number" else "code"
    dtype = frame.get_column(name).dtype if name in frame.columns else None
    if dtype is not None and dtype.is_float():
        return "nan"
    if isinstance(dtype, pl.Enum) and "unknown" in dtype.categories.to_list():
        return "code"
    return None


_MAX_CHECKS = 63  # one bit each in a UInt64


@dataclass(frozen=True, slots=True)
class Refusals:
    """A model's checks compiled to one expression: bit ``i`` of ``mask`` is set where
    check ``i`` refuses the row; ``reasons[i]`` says why."""

    mask: pl.Expr | None
    reasons: tuple[str, ...]

    @classmethod
    def of(cls, checks: Sequence[Check]) -> Refusals:
        if not checks:
            return cls(None, ())
        if len(checks) > _MAX_CHECKS:
            msg = f"at most {_MAX_CHECKS} checks per model (got {len(checks)})"
            raise ValueError(msg)
        # The narrowest integer that holds one bit per check keeps the pass over rows cheap.
        dtype = pl.UInt16() if len(checks) <= 16 else pl.UInt64()
        zero = pl.lit(0, dtype)
        bits = [
            pl.when(check.refuse_when).then(pl.lit(1 << i, dtype=dtype)).otherwise(zero)
            for i, check in enumerate(checks)
        ]
        return cls(pl.sum_horizontal(bits), tuple(check.reason for check in checks))

    def text(self, masks: pl.Series) -> pl.Series:
        """The reasons of each row's mask joined by '; ', or null for a row not refused.

        The text is built once per distinct mask (a handful) and mapped back, so refusing
        millions of rows stays cheap.
        """
        return reason_texts(masks, self.reasons)


def reason_text(mask: int, reasons: Sequence[str]) -> str:
    """The reasons whose bits are set in ``mask``, joined by '; '."""
    return "; ".join(r for i, r in enumerate(reasons) if mask >> i & 1)


def reason_texts(masks: pl.Series, reasons: Sequence[str]) -> pl.Series:
    """Each row's reasons joined by '; ', or null for a row not refused (mask 0).

    The text is made once per distinct mask (a handful) and mapped back by polars
    (hash-based, no sort), so refusing millions of rows stays cheap.
    """
    if masks.len() == 0 or not masks.max():
        return pl.repeat(None, masks.len(), dtype=pl.String, eager=True).alias(masks.name)
    texts = {m: reason_text(m, reasons) for m in masks.unique().to_list() if m}
    return masks.replace_strict(texts, default=None, return_dtype=pl.String)


def refusal_reasons(frame: pl.DataFrame, checks: Sequence[Check] | Refusals) -> pl.Series:
    """All reasons that apply to each row of ``frame``, joined by '; ', or null when none
    applies. A condition that is null (it compares an empty cell) does not refuse by
    itself: pair every model with :func:`value_checks`, which refuses the empty cell.
    """
    compiled = checks if isinstance(checks, Refusals) else Refusals.of(checks)
    if compiled.mask is None:
        return pl.Series([None] * frame.height, dtype=pl.String)
    return compiled.text(frame.select(compiled.mask.alias("mask")).to_series())


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
    is absent every row is refused with that reason. The checks, the outputs and the
    nulling of refused rows run as one query.
    """
    refused = refused_name(card.id)
    absent = missing_columns_reason(frame, card.inputs)
    if absent is not None:
        columns = [pl.Series(name, [None] * frame.height, dtype=d) for name, d in dtypes.items()]
        return pl.DataFrame([*columns, pl.Series(refused, [absent] * frame.height, pl.String)])
    compiled = Refusals.of(checks())
    mask = pl.lit(0, pl.UInt16) if compiled.mask is None else compiled.mask
    lazy = frame.lazy().with_columns(mask.alias(_MASK))
    exprs = outputs()
    # In order, so a later output may read an earlier one (e.g. a group from its score).
    for name, expr in exprs.items():
        lazy = lazy.with_columns(expr.alias(name))
    keep = pl.col(_MASK) == 0
    *values, masks = (
        lazy.select(
            *[pl.when(keep).then(pl.col(n)).cast(dtypes[n]).alias(n) for n in exprs],
            pl.col(_MASK),
        )
        .collect()
        .get_columns()
    )
    # Assembled from Series: an eager drop or with_columns would be one more query each.
    return pl.DataFrame([*values, compiled.text(masks).alias(refused)])


_MASK = "__refusal_mask"
