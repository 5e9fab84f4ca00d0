"""Validate a cohort table (one row per patient) with vectorised polars checks.

Every bad cell is reported (row, column, value, reason); rows with any problem are set
aside, the rest are returned typed. No row is dropped without a reported reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import polars as pl

from vigil.errors import VigilError
from vigil.facts._schema import COLUMNS, COLUMNS_BY_NAME, ColumnSpec

__all__ = ["ROW", "CohortTable", "validate_cohort"]

ROW = "row"
"""Name of the 1-based data-row number column (the header is not counted)."""

ERROR_SCHEMA: pl.Schema = pl.Schema(
    {
        ROW: pl.Int64(),
        "column": pl.String(),
        "value": pl.String(),
        "reason": pl.String(),
    }
)


@dataclass(frozen=True, slots=True)
class CohortTable:
    """Result of validating a cohort table.

    Attributes
    ----------
    valid:
        The rows without problems, typed: codes as ``pl.Enum``; numbers as ``Float64``
        with ``NaN`` for ``unknown`` and null for an empty cell; ``age_first_birth`` null
        and ``nulliparous`` true for ``nulliparous``. Keeps the ``row`` column.
    errors:
        One row per problem: ``row``, ``column``, ``value``, ``reason``.
    n_rows:
        Rows read.
    unknown_columns:
        Columns not in the contract (kept out of ``valid``; often a misspelling).
    """

    valid: pl.DataFrame
    errors: pl.DataFrame
    n_rows: int
    unknown_columns: tuple[str, ...]

    @property
    def n_bad_rows(self) -> int:
        return self.n_rows - self.valid.height


def _check_frame(frame: object) -> pl.DataFrame:
    # A LazyFrame is refused rather than collected behind the caller's back
    # (as scikit-survival's dataframe adapter does).
    if isinstance(frame, pl.LazyFrame):
        msg = "validate_cohort needs a DataFrame; call .collect() on the LazyFrame first"
        raise TypeError(msg)
    if not isinstance(frame, pl.DataFrame):
        msg = f"validate_cohort needs a polars DataFrame (got {type(frame).__name__})"
        raise TypeError(msg)
    missing = [s.name for s in COLUMNS if s.required and s.name not in frame.columns]
    if missing:
        msg = (
            f"the table lacks required column(s) {', '.join(missing)}; "
            f"it has: {', '.join(frame.columns) or 'no columns'}"
        )
        raise VigilError(msg)
    return frame


def validate_cohort(frame: pl.DataFrame) -> CohortTable:
    """Check every row of a cohort table against ``docs/cohort-table.md``.

    Parameters
    ----------
    frame:
        Cells of any type; they are read as text, so CSV and Parquet are checked alike.

    Raises
    ------
    VigilError
        When a required column is absent (nothing row-level can be said then).
    """
    frame = _check_frame(frame)
    unknown_columns = tuple(c for c in frame.columns if c not in COLUMNS_BY_NAME)
    plan = _plan(tuple(s.name for s in COLUMNS if s.name in frame.columns))
    parsed = (
        frame.lazy()
        .select(plan.text)
        .with_columns(plan.numbers)
        .with_columns(plan.column_reasons)
        .with_columns(plan.cross_reasons)
        .collect()
    )
    names, problems = plan.names, plan.problems
    any_bad = plan.any_bad
    bad = parsed.filter(any_bad)
    errors = (
        pl.concat(
            [
                bad.filter(pl.col(name).is_not_null()).select(
                    pl.col(ROW),
                    pl.lit(column).alias("column"),
                    pl.col(column).alias("value"),
                    pl.col(name).alias("reason"),
                )
                for name, (column, _) in zip(names, problems, strict=True)
            ],
            how="vertical",
        )
        .cast(ERROR_SCHEMA)
        .sort(ROW, "column")
        if bad.height
        else pl.DataFrame(schema=ERROR_SCHEMA)
    )
    good = parsed.filter(~any_bad) if bad.height else parsed
    return CohortTable(
        valid=good.select(plan.typed),
        errors=errors,
        n_rows=frame.height,
        unknown_columns=unknown_columns,
    )


@dataclass(frozen=True, slots=True)
class _Plan:
    """The polars expressions that check a table with these columns (built once, cached:
    building expressions costs more than running them on a one-row table)."""

    text: tuple[pl.Expr, ...]
    numbers: tuple[pl.Expr, ...]
    column_reasons: tuple[pl.Expr, ...]
    cross_reasons: tuple[pl.Expr, ...]
    names: tuple[str, ...]
    problems: tuple[tuple[str, pl.Expr], ...]
    any_bad: pl.Expr
    typed: tuple[pl.Expr, ...]


@cache
def _plan(columns: tuple[str, ...]) -> _Plan:
    known = [COLUMNS_BY_NAME[name] for name in columns]
    column_problems = [_column_problems(spec) for spec in known]
    # A combination is checked only between cells that are valid on their own, so one bad
    # cell is reported once, not again as a conflict (the cross rules read the _why columns).
    column_reasons = tuple(reason.alias(_why(column)) for column, reason in column_problems)
    problems = [(column, pl.col(_why(column))) for column, _ in column_problems]
    problems += _cross_column_problems(set(columns))
    names = tuple(f"__r{i}" for i in range(len(problems)))
    cross = tuple(reason.alias(name) for name, (_, reason) in zip(names, problems, strict=True))
    any_bad = pl.any_horizontal(pl.col(n).is_not_null() for n in names) if names else pl.lit(False)
    # Nulliparity is a fact of its own; the typed age_first_birth is null for it.
    extra = (
        [(pl.col("age_first_birth") == "nulliparous").alias("nulliparous")]
        if "age_first_birth" in columns
        else []
    )
    return _Plan(
        text=(
            pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias(ROW),
            *[_as_text(spec) for spec in known],
        ),
        numbers=tuple(
            _parse_number(spec).alias(_num(spec)) for spec in known if spec.kind == "number"
        ),
        column_reasons=column_reasons,
        cross_reasons=cross,
        names=names,
        problems=tuple(problems),
        any_bad=any_bad,
        typed=(pl.col(ROW), *[_typed(spec) for spec in known], *extra),
    )


def _why(column: str) -> str:
    return f"__why_{column}"


def _num(spec: ColumnSpec) -> str:
    return f"__num_{spec.name}"


def _as_text(spec: ColumnSpec) -> pl.Expr:
    """The cell as stripped text; empty text becomes null. Codes are lower-cased."""
    col = pl.col(spec.name).cast(pl.String).str.strip_chars()
    if spec.kind != "id":
        col = col.str.to_lowercase()
    return pl.when(col == "").then(None).otherwise(col).alias(spec.name)


def _words(spec: ColumnSpec) -> tuple[str, ...]:
    unknown: tuple[str, ...] = ("unknown",) if spec.allow_unknown else ()
    return unknown + spec.extra_codes


def _parse_number(spec: ColumnSpec) -> pl.Expr:
    col = pl.col(spec.name)
    return pl.when(col.is_in(_words(spec))).then(None).otherwise(col.cast(pl.Float64, strict=False))


def _valid_text(spec: ColumnSpec) -> str:
    if spec.kind == "code":
        return "one of " + ", ".join(spec.codes)
    low = "" if spec.minimum is None else f"{spec.minimum:g}"
    high = "" if spec.maximum is None else f"{spec.maximum:g}"
    opener = "(" if spec.exclusive_minimum else "["
    what = "a whole number" if spec.integer else "a number"
    text = f"{what} in {opener}{low}, {high}]"
    words = _words(spec)
    return text + (" or " + " or ".join(words) if words else "")


def _column_problems(spec: ColumnSpec) -> tuple[str, pl.Expr]:
    col = pl.col(spec.name)
    none = pl.lit(None, dtype=pl.String)
    expected = _valid_text(spec)
    missing = pl.lit("is empty; the column is required") if spec.required else none
    if spec.kind == "id":
        reason = (
            pl.when(col.is_null())
            .then(missing)
            .when(col.str.len_chars() > 64)
            .then(pl.lit("is longer than 64 characters"))
            .when(col.is_duplicated())
            .then(pl.lit("is used by more than one row; patient_id must be unique"))
            .otherwise(none)
        )
        return spec.name, reason
    if spec.kind == "code":
        reason = (
            pl.when(col.is_null())
            .then(missing)
            .when(~col.is_in(spec.codes))
            .then(pl.lit(f"is not valid; expected {expected}"))
            .otherwise(none)
        )
        return spec.name, reason
    num = pl.col(_num(spec))
    too_low = (
        (num <= spec.minimum if spec.exclusive_minimum else num < spec.minimum)
        if spec.minimum is not None
        else pl.lit(False)
    )
    too_high = num > spec.maximum if spec.maximum is not None else pl.lit(False)
    reason = (
        pl.when(col.is_null())
        .then(missing)
        .when(col.is_in(_words(spec)))
        .then(none)
        .when(num.is_null() | ~num.is_finite())
        .then(pl.lit(f"is not a number; expected {expected}"))
        .when(too_low | too_high)
        .then(pl.lit(f"is out of range; expected {expected}"))
        .when(pl.lit(spec.integer) & (num != num.floor()))
        .then(pl.lit(f"is not a whole number; expected {expected}"))
        .otherwise(none)
    )
    return spec.name, reason


def _cross_column_problems(present: set[str]) -> list[tuple[str, pl.Expr]]:
    """Impossible combinations, reported on the column that is most likely wrong."""
    none = pl.lit(None, dtype=pl.String)

    def n(name: str) -> pl.Expr:
        return pl.col(f"__num_{name}")

    def text(name: str) -> pl.Expr:
        return pl.col(name)

    rules: list[tuple[set[str], str, pl.Expr, pl.Expr]] = [
        (
            {"nodes_positive", "nodes_examined"},
            "nodes_positive",
            n("nodes_positive") > n("nodes_examined"),
            pl.format("exceeds nodes_examined ({})", text("nodes_examined")),
        ),
        (
            {"micrometastases_only", "nodes_positive"},
            "micrometastases_only",
            (text("micrometastases_only") == "yes") & (n("nodes_positive") == 0),
            pl.lit("is yes but nodes_positive is 0"),
        ),
        (
            {"radiotherapy", "heart_dose_gy"},
            "heart_dose_gy",
            (text("radiotherapy") == "no") & (n("heart_dose_gy") > 0),
            pl.lit("is above 0 but radiotherapy is no"),
        ),
        (
            {"age_first_birth", "age"},
            "age_first_birth",
            n("age_first_birth") > n("age"),
            pl.format("is after today's age ({})", text("age")),
        ),
        (
            {"age_first_birth", "age_menarche"},
            "age_first_birth",
            n("age_first_birth") < n("age_menarche"),
            pl.format("is before age_menarche ({})", text("age_menarche")),
        ),
        (
            {"age_menarche", "age"},
            "age_menarche",
            n("age_menarche") > n("age"),
            pl.format("is after today's age ({})", text("age")),
        ),
        (
            {"atypical_hyperplasia", "biopsies"},
            "atypical_hyperplasia",
            (text("atypical_hyperplasia") == "yes") & (n("biopsies") == 0),
            pl.lit("is yes but biopsies is 0"),
        ),
    ]
    out: list[tuple[str, pl.Expr]] = []
    for needs, column, condition, reason in rules:
        if needs <= present:
            # fill_null(False): a comparison with an empty or unknown cell is not a conflict.
            cells_valid = pl.all_horizontal(pl.col(_why(name)).is_null() for name in needs)
            conflict = condition.fill_null(False) & cells_valid
            out.append((column, pl.when(conflict).then(reason).otherwise(none)))
    return out


def _typed(spec: ColumnSpec) -> pl.Expr:
    col = pl.col(spec.name)
    if spec.kind == "id":
        return col
    if spec.kind == "code":
        return col.cast(pl.Enum(list(spec.codes)))
    return (
        pl.when(col == "unknown")
        .then(pl.lit(float("nan")))
        .otherwise(pl.col(_num(spec)))
        .alias(spec.name)
    )
