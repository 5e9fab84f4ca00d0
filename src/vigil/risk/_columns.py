"""The typed cohort columns as numpy arrays, and models scored on them.

NPI, CTS5 and PREDICT compute on :class:`Columns`: numbers as float64 (NaN where the cell
is unknown or empty), codes as their index in the cohort-table contract (-1 where empty).
A table is turned into columns once per model call (:meth:`Columns.of_frame`, a fixed cost
per column whatever the row count); validated patients are turned into columns straight
from their facts (:meth:`Columns.of_rows`), without building a polars frame. The model's
arithmetic is the same numpy code for one patient and for ten million.

Why not polars expressions for these: a polars query costs ~10-20 us per expression node
whatever the row count, so one patient's estimate (three models, ~150 nodes) cost ~15 ms;
the same numpy code costs ~1 us per operation (``docs/performance.md``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

import numpy as np
import polars as pl
from numpy.typing import NDArray

from vigil.facts import COLUMNS_BY_NAME
from vigil.risk._base import (
    ModelCard,
    may_be_unknown,
    reason_text,
    reason_texts,
    refused_name,
)

__all__ = [
    "ColumnCheck",
    "Columns",
    "FormulaModel",
    "Outputs",
    "Scored",
    "column_value_checks",
    "refusal_masks",
    "score_on_columns",
    "with_exclusions",
]

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]
CodeArray = NDArray[np.int8]
MaskArray = NDArray[np.uint64]
Outputs = dict[str, FloatArray | CodeArray | None]
"""A model's output arrays by column name (None: an output the model does not give)."""
Condition = Callable[["Columns"], BoolArray]

_MAX_CHECKS = 63  # one bit each in a uint64


def contract_codes(name: str) -> tuple[str, ...]:
    """The codes of a coded contract column, in contract order (the Enum's order)."""
    spec = COLUMNS_BY_NAME.get(name)
    if spec is None or spec.kind != "code":
        msg = f"{name!r} is not a coded column of the cohort table"
        raise KeyError(msg)
    return spec.codes


@lru_cache(maxsize=64)
def _enum(name: str) -> pl.Enum:
    return pl.Enum(list(contract_codes(name)))


class Columns:
    """Contract columns of ``height`` rows, as numpy arrays made on first use.

    Parameters
    ----------
    height:
        Number of rows.
    names:
        The columns present.
    number, code:
        Make one column's array: numbers (float64, NaN where unknown or empty) and their
        "empty" flags; codes (int8 contract index, -1 where empty).
    """

    __slots__ = ("_code", "_codes", "_missing", "_names", "_number", "_numbers", "height")

    def __init__(
        self,
        height: int,
        names: Sequence[str],
        number: Callable[[str], tuple[FloatArray, BoolArray]],
        code: Callable[[str], CodeArray],
    ) -> None:
        self.height = height
        self._names = frozenset(names)
        self._number, self._code = number, code
        self._numbers: dict[str, FloatArray] = {}
        self._missing: dict[str, BoolArray] = {}
        self._codes: dict[str, CodeArray] = {}

    @classmethod
    def of_frame(cls, frame: pl.DataFrame) -> Columns:
        """Columns of a typed cohort frame (``validate_cohort(...).valid``)."""

        def number(name: str) -> tuple[FloatArray, BoolArray]:
            column = frame.get_column(name).cast(pl.Float64)
            if column.null_count() == 0:  # the usual case: no copy, no mask pass
                return column.to_numpy(), np.zeros(frame.height, dtype=np.bool_)
            missing = column.is_null().to_numpy()
            values = column.fill_null(np.nan).to_numpy()
            return np.asarray(values, dtype=np.float64), np.asarray(missing, dtype=np.bool_)

        def code(name: str) -> CodeArray:
            column = frame.get_column(name)
            enum = _enum(name)
            if column.dtype != enum:
                column = column.cast(enum)
            physical = column.to_physical()
            if column.null_count() == 0:
                return physical.to_numpy().astype(np.int8)
            return np.asarray(physical.cast(pl.Int8).fill_null(-1).to_numpy(), dtype=np.int8)

        return cls(frame.height, frame.columns, number, code)

    @classmethod
    def of_rows(cls, rows: Sequence[Mapping[str, object]]) -> Columns:
        """Columns of typed rows (numbers as float, NaN for unknown; codes as text; None
        for empty), as :func:`vigil.facts.patients_to_typed_rows` gives them."""

        def number(name: str) -> tuple[FloatArray, BoolArray]:
            cells = [row[name] for row in rows]
            missing = np.array([c is None for c in cells], dtype=np.bool_)
            values = np.array([np.nan if c is None else c for c in cells], dtype=np.float64)
            return values, missing

        def code(name: str) -> CodeArray:
            index = _code_index(name)
            return np.array([index[row[name]] for row in rows], dtype=np.int8)

        return cls(len(rows), list(rows[0]) if rows else [], number, code)

    def has(self, name: str) -> bool:
        return name in self._names

    def number(self, name: str) -> FloatArray:
        """A number column: NaN where the cell is unknown or empty."""
        found = self._numbers.get(name)
        if found is None:
            found, self._missing[name] = self._number(name)
            self._numbers[name] = found
        return found

    def code(self, name: str) -> CodeArray:
        """A coded column as contract indexes (-1 where empty)."""
        found = self._codes.get(name)
        if found is None:
            found = self._codes[name] = self._code(name)
        return found

    def missing(self, name: str) -> BoolArray:
        """True where the cell is empty (not recorded); absent column: every row."""
        if not self.has(name):
            return np.ones(self.height, dtype=np.bool_)
        if COLUMNS_BY_NAME[name].kind == "code":
            out: BoolArray = self.code(name) < 0
            return out
        self.number(name)
        return self._missing[name]

    def unknown(self, name: str) -> BoolArray:
        """True where the cell says ``unknown`` (NaN for a number)."""
        if COLUMNS_BY_NAME[name].kind == "code":
            return self.is_code(name, "unknown")
        out: BoolArray = np.isnan(self.number(name)) & ~self.missing(name)
        return out

    def is_code(self, name: str, value: str) -> BoolArray:
        """True where the coded cell equals ``value`` (False where empty or absent)."""
        codes = contract_codes(name)
        if value not in codes or not self.has(name):
            return np.zeros(self.height, dtype=np.bool_)
        out: BoolArray = self.code(name) == codes.index(value)
        return out

    def mapped(self, name: str, mapping: Mapping[str, int], default: int) -> CodeArray:
        """A coded column through ``mapping`` (codes it lacks, empty or absent: ``default``)."""
        if not self.has(name):
            return np.full(self.height, default, dtype=np.int8)
        out: CodeArray = _lookup(name, tuple(mapping.items()), default)[self.code(name)]
        return out


@lru_cache(maxsize=64)
def _code_index(name: str) -> dict[object, int]:
    index: dict[object, int] = {code: i for i, code in enumerate(contract_codes(name))}
    index[None] = -1
    return index


@lru_cache(maxsize=256)
def _lookup(name: str, mapping: tuple[tuple[str, int], ...], default: int) -> CodeArray:
    # Index -1 (empty) reads the last slot, which holds ``default``.
    codes = dict(mapping)
    table = [codes.get(c, default) for c in contract_codes(name)] + [default]
    return np.array(table, dtype=np.int8)


@dataclass(frozen=True, slots=True)
class ColumnCheck:
    """A row is refused where ``refuse_when(columns)`` is true; ``reason`` says why."""

    refuse_when: Condition
    reason: str


def column_value_checks(names: Sequence[str], unknown_ok: Sequence[str] = ()) -> list[ColumnCheck]:
    """Refuse rows whose needed cells are empty, or ``unknown`` where the model cannot use
    an unknown value (contract numbers and codes that allow ``unknown``)."""
    checks: list[ColumnCheck] = []
    for name in names:
        checks.append(ColumnCheck(_is_missing(name), f"{name} is missing"))
        if name in unknown_ok:
            continue
        if may_be_unknown(name):
            checks.append(
                ColumnCheck(_is_unknown(name), f"{name} is unknown and this model needs it")
            )
    return checks


def _is_missing(name: str) -> Condition:
    return lambda columns: columns.missing(name)


def _is_unknown(name: str) -> Condition:
    return lambda columns: columns.unknown(name)


def refusal_masks(columns: Columns, checks: Sequence[ColumnCheck]) -> MaskArray:
    """Bit ``i`` set where check ``i`` refuses the row."""
    if len(checks) > _MAX_CHECKS:
        msg = f"at most {_MAX_CHECKS} checks per model (got {len(checks)})"
        raise ValueError(msg)
    masks = np.zeros(columns.height, dtype=np.uint64)
    for i, check in enumerate(checks):
        refused = check.refuse_when(columns)
        if refused.any():
            masks |= refused.astype(np.uint64) << np.uint64(i)
    return masks


@dataclass(frozen=True, slots=True)
class Scored:
    """A model's outputs on :class:`Columns`, before they become a frame or one result.

    Attributes
    ----------
    model_id:
        The card id.
    values:
        Output name -> array, one value per row (meaningless where refused); None for
        an output the model does not give (e.g. a treatment a PREDICT version lacks).
    categories:
        For a coded output (a risk group): its categories; its array holds indexes.
    dtypes:
        Output name -> polars dtype of its column.
    masks, reasons:
        Refusal bit masks per row, and the reason of each bit.
    """

    model_id: str
    values: Outputs
    dtypes: dict[str, pl.DataType]
    masks: MaskArray
    reasons: tuple[str, ...]
    categories: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def refusals(self, name: str = "refused") -> pl.Series:
        """Each row's refusal reasons (null where scored)."""
        return reason_texts(pl.Series(name, self.masks, dtype=pl.UInt64), self.reasons)

    def frame(self, refused_column: str) -> pl.DataFrame:
        """The outputs as a polars frame, null where refused, plus the reasons column."""
        keep = self.masks == 0
        series: list[pl.Series] = []
        for name, values in self.values.items():
            dtype = self.dtypes[name]
            if values is None:
                out = pl.Series(name, [None] * len(keep), dtype=dtype)
            elif name in self.categories:
                # Gathering from the labels (as the Enum) is ~6x faster than mapping codes.
                codes = pl.Series(name, values, dtype=pl.UInt32)
                if not keep.all():
                    codes = codes.scatter(np.flatnonzero(~keep), None)
                out = pl.Series(name, self.categories[name], dtype=dtype).gather(codes)
            else:
                out = pl.Series(name, values, dtype=pl.Float64, nan_to_null=False)
                if not keep.all():
                    out = out.scatter(np.flatnonzero(~keep), None)
                out = out.cast(dtype)
            series.append(out.alias(name))
        series.append(self.refusals(refused_column))
        return pl.DataFrame(series)

    def row(self, i: int) -> tuple[str | None, dict[str, float | str | None]]:
        """Row ``i``'s refusal reason (None if scored) and its values (None if refused)."""
        mask = int(self.masks[i])
        reason = reason_text(mask, self.reasons) if mask else None
        values: dict[str, float | str | None] = {}
        for name, array in self.values.items():
            if reason is not None or array is None:
                values[name] = None
            elif name in self.categories:
                values[name] = self.categories[name][int(array[i])]
            else:
                values[name] = float(array[i])
        return reason, values


def score_on_columns(  # noqa: PLR0917 - a model is these seven things
    model_id: str,
    columns: Columns,
    needed: Sequence[str],
    dtypes: dict[str, pl.DataType],
    checks: Sequence[ColumnCheck],
    outputs: Callable[[Columns, BoolArray], Outputs],
    categories: Mapping[str, tuple[str, ...]] | None = None,
) -> Scored:
    """Refuse rows by ``checks``, compute ``outputs`` (given which rows are scored).

    A needed column absent from the table refuses every row with that reason; the outputs
    are then not computed.
    """
    absent = [name for name in needed if not columns.has(name)]
    if absent:
        every = np.ones(columns.height, dtype=np.uint64)
        return Scored(
            model_id,
            dict.fromkeys(dtypes),
            dtypes,
            every,
            ("the table has no column " + ", ".join(absent),),
            dict(categories or {}),
        )
    masks = refusal_masks(columns, checks)
    values = outputs(columns, masks == 0)
    reasons = tuple(c.reason for c in checks)
    return Scored(model_id, values, dtypes, masks, reasons, dict(categories or {}))


def with_exclusions(scored: Scored, columns: Columns, exclusions: Sequence[ColumnCheck]) -> Scored:
    """Add cross-model exclusions; where one applies it decides alone (its reasons only)."""
    if not exclusions:
        return scored
    excluded = refusal_masks(columns, exclusions)
    if not excluded.any():
        return replace(scored, reasons=(*scored.reasons, *(c.reason for c in exclusions)))
    shift = np.uint64(len(scored.reasons))
    masks = np.where(excluded != 0, excluded << shift, scored.masks)
    return replace(scored, masks=masks, reasons=(*scored.reasons, *(c.reason for c in exclusions)))


@dataclass(frozen=True, slots=True)
class FormulaModel:
    """A score given by a formula on the typed columns (NPI, CTS5): its card, output
    dtypes, domain checks and the function computing its outputs."""

    card: ModelCard
    dtypes: dict[str, pl.DataType]
    checks: tuple[ColumnCheck, ...]
    outputs: Callable[[Columns, BoolArray], Outputs]
    categories: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def score_columns(self, columns: Columns) -> Scored:
        """The outputs for every row; rows outside the domain carry the reasons."""
        return score_on_columns(
            self.card.id,
            columns,
            self.card.inputs,
            self.dtypes,
            self.checks,
            self.outputs,
            self.categories,
        )

    def score(self, frame: pl.DataFrame) -> pl.DataFrame:
        """:meth:`score_columns` of a typed cohort frame, as a frame."""
        return self.score_columns(Columns.of_frame(frame)).frame(refused_name(self.card.id))
