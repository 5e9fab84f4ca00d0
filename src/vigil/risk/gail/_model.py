"""The Gail model (NCI BCRAT) on the typed cohort frame."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import polars as pl
from numpy.typing import NDArray

from vigil.risk._base import (
    Check,
    ModelCard,
    missing_columns_reason,
    refusal_reasons,
    refused_name,
    value_checks,
)
from vigil.risk.gail._absolute_risk import absolute_risk
from vigil.risk.gail._card import CARD, FIVE_YEARS, MIN_AGE_YEARS, PROJECTION_END_AGE_YEARS
from vigil.risk.gail._recode import NULLIPAROUS_CODE, UNKNOWN_CODE, BcraInputs, recode
from vigil.risk.gail._relative_risk import relative_risk

__all__ = ["GAIL", "NEEDED_COLUMNS", "OUTPUT_COLUMNS", "GailModel"]

NEEDED_COLUMNS = (
    "age",
    "age_menarche",
    "age_first_birth",
    "relatives",
    "biopsies",
    "atypical_hyperplasia",
    "race",
)
"""Cohort-table columns the model reads (``nulliparous`` too, when present)."""

OUTPUT_COLUMNS = (
    "gail_5y",
    "gail_lifetime",
    "gail_5y_average",
    "gail_lifetime_average",
    "gail_relative_risk_under_50",
    "gail_relative_risk_50_plus",
)

REFUSED = refused_name(CARD.id)

# BCRA race codes 1..11 in the order of the cohort contract's race codes
# (docs/cohort-table.md; BCRA 2.1.2 documentation of `Race`).
_RACE_CODES = {
    "white": 1,
    "black": 2,
    "hispanic_us": 3,
    "other": 4,
    "hispanic_foreign": 5,
    "chinese": 6,
    "japanese": 7,
    "filipino": 8,
    "hawaiian": 9,
    "other_pacific": 10,
    "other_asian": 11,
}
_HYPERPLASIA_CODES = {"no": 0.0, "yes": 1.0, "unknown": UNKNOWN_CODE}

# Flags from BCRA's checks, attached to the frame so the reasons can quote the cells.
_RULE_A = "__gail_rule_a"
_MENARCHE_BAD = "__gail_menarche_bad"
_FIRST_BIRTH_BAD = "__gail_first_birth_bad"
_RELATIVES_BAD = "__gail_relatives_bad"
_NOT_SCORED = "__gail_not_scored"


def _check_frame(frame: object) -> pl.DataFrame:
    if isinstance(frame, pl.LazyFrame):
        msg = "GAIL.score needs a DataFrame; call .collect() on the LazyFrame first"
        raise TypeError(msg)
    if not isinstance(frame, pl.DataFrame):
        msg = f"GAIL.score needs a polars DataFrame (got {type(frame).__name__})"
        raise TypeError(msg)
    return frame


def _nulliparous(frame: pl.DataFrame) -> pl.Expr:
    # validate_cohort adds `nulliparous`; a frame without it has no nulliparous women.
    if "nulliparous" in frame.columns:
        return pl.col("nulliparous").fill_null(False)
    return pl.lit(False)


def _bcra_codes(frame: pl.DataFrame) -> pl.DataFrame:
    """The cohort columns in BCRA's layout: unknown (NaN) -> 99, nulliparous -> 98.

    Empty cells stay null (NaN in numpy); those rows are refused as missing.
    """
    biopsies = pl.col("biopsies").cast(pl.Float64)
    hyperplasia = pl.col("atypical_hyperplasia").cast(pl.String)
    first_birth = pl.col("age_first_birth").cast(pl.Float64)
    return frame.select(
        pl.col("age").cast(pl.Float64).alias("T1"),
        biopsies.fill_nan(UNKNOWN_CODE).alias("N_Biop"),
        # BCRA needs HypPlas 99 when there was no biopsy (rule A): with 0 biopsies the
        # hyperplasia answer is not used.
        pl.when(biopsies == 0)
        .then(pl.lit(UNKNOWN_CODE))
        .otherwise(hyperplasia.replace_strict(_HYPERPLASIA_CODES, default=None))
        .alias("HypPlas"),
        pl.col("age_menarche").cast(pl.Float64).fill_nan(UNKNOWN_CODE).alias("AgeMen"),
        pl.when(_nulliparous(frame))
        .then(pl.lit(NULLIPAROUS_CODE))
        .otherwise(first_birth.fill_nan(UNKNOWN_CODE))
        .alias("Age1st"),
        pl.col("relatives").cast(pl.Float64).fill_nan(UNKNOWN_CODE).alias("N_Rels"),
        pl.col("race")
        .cast(pl.String)
        .replace_strict(_RACE_CODES, default=None, return_dtype=pl.Float64)
        .alias("Race"),
    )


def _column(codes: pl.DataFrame, name: str) -> NDArray[np.float64]:
    return codes[name].fill_null(np.nan).to_numpy().astype(np.float64, copy=False)


def _checks(frame: pl.DataFrame) -> list[Check]:
    """Why a row is refused. ``{column}`` in a reason is replaced by that row's cell."""
    age = pl.col("age")
    hyperplasia = pl.col("atypical_hyperplasia").cast(pl.String)
    race = pl.col("race").cast(pl.String)
    first_birth_missing = pl.col("age_first_birth").is_null() & ~_nulliparous(frame)
    unknown_ok = [name for name in NEEDED_COLUMNS if name not in ("age", "race")]
    return [
        *value_checks(
            [name for name in NEEDED_COLUMNS if name != "age_first_birth"], frame, unknown_ok
        ),
        Check(
            first_birth_missing,
            "age_first_birth is missing; give an age, unknown or nulliparous",
        ),
        # NCI BCRAT: the tool "only calculates risk for women 35 years of age or older".
        Check(
            age < MIN_AGE_YEARS,
            "age is {age}; the Gail model (NCI BCRAT) is for women aged 35 or older",
        ),
        # BCRA 2.1.2 refuses T1 >= 90: its rates stop at age 90.
        Check(
            age >= PROJECTION_END_AGE_YEARS,
            "age is {age}; the Gail model projects risk only up to age 90, so age must be below 90",
        ),
        Check(
            race.is_not_null() & ~race.is_in(list(_RACE_CODES)),
            "race is {race}; expected one of " + ", ".join(_RACE_CODES),
        ),
        Check(
            hyperplasia.is_not_null() & ~hyperplasia.is_in(list(_HYPERPLASIA_CODES)),
            "atypical_hyperplasia is {atypical_hyperplasia}; expected yes, no or unknown",
        ),
        Check(
            (hyperplasia == "yes") & (pl.col("biopsies") == 0),
            "atypical_hyperplasia is yes but biopsies is 0",
        ),
        # BCRA rule A: HypPlas must be 99 when the number of biopsies is unknown.
        Check(
            pl.col(_RULE_A) & hyperplasia.is_not_null(),
            "atypical_hyperplasia is {atypical_hyperplasia} but biopsies is unknown; the "
            "Gail model (BCRA) uses hyperplasia only with a known number of biopsies, so it "
            "must be unknown",
        ),
        Check(
            pl.col(_MENARCHE_BAD) & pl.col("age_menarche").is_not_null() & age.is_not_null(),
            "age_menarche is {age_menarche}; the Gail model (BCRA) needs it above 0 and not "
            "after age ({age})",
        ),
        Check(
            pl.col(_FIRST_BIRTH_BAD)
            & ~first_birth_missing
            & pl.col("age_menarche").is_not_null()
            & age.is_not_null(),
            "age_first_birth is {age_first_birth}; the Gail model (BCRA) needs it not before "
            "age_menarche ({age_menarche}) and not after age ({age})",
        ),
        Check(
            pl.col(_RELATIVES_BAD) & pl.col("relatives").is_not_null(),
            "relatives is {relatives}; the Gail model (BCRA) needs a whole number below 99 "
            "or unknown",
        ),
    ]


def _cell_text(name: str, frame: pl.DataFrame) -> pl.Expr:
    """A cell as a reason quotes it: ``34`` not ``34.0``, ``unknown`` for NaN."""
    col = pl.col(name)
    dtype = frame.schema[name]
    if dtype.is_float():
        text = col.cast(pl.String).str.replace(r"\.0$", "")
        text = pl.when(col.is_nan()).then(pl.lit("unknown")).otherwise(text)
    else:
        text = col.cast(pl.String)
    return text.fill_null("empty")


def _quote_cells(reason: pl.Expr, frame: pl.DataFrame) -> pl.Expr:
    for name in NEEDED_COLUMNS:
        reason = reason.str.replace_all("{" + name + "}", _cell_text(name, frame), literal=True)
    return reason


@dataclass(frozen=True, slots=True)
class GailModel:
    """The NCI Breast Cancer Risk Assessment Tool (Gail model), BCRA 2.1.2.

    ``score`` maps the typed cohort frame (``vigil.facts.validate_cohort(...).valid``) to
    BCRA's inputs (unknown -> 99, nulliparous -> 98, HypPlas 99 when there was no biopsy,
    T1 = age, T2 = min(age + 5, 90) and 90) and returns, one row per input row in order,
    ``gail_5y``, ``gail_lifetime``, their average-woman comparators (probabilities 0-1),
    the relative risks below and from age 50, and ``gail_refused`` (reason, or null).
    Refused rows have null outputs. See :data:`CARD` for the domain and the sources.

    Notes
    -----
    The risks are those of :func:`~vigil.risk.gail.bcra_absolute_risk` divided by 100.

    References
    ----------
    .. [1] Gail MH et al. JNCI 1989;81:1879-86. doi:10.1093/jnci/81.24.1879
    .. [2] Costantino JP et al. JNCI 1999;91:1541-48. doi:10.1093/jnci/91.18.1541
    .. [3] Gail MH et al. JNCI 2007;99:1782-92. doi:10.1093/jnci/djm223
    .. [4] Matsuno RK et al. JNCI 2011;103:951-61. doi:10.1093/jnci/djr154
    .. [5] Banegas MP et al. JNCI 2017;109:djw215. doi:10.1093/jnci/djw215
    """

    card: ModelCard = field(default=CARD)

    def score(self, frame: pl.DataFrame) -> pl.DataFrame:
        """Output columns plus ``gail_refused``, one row per row of ``frame``, same order.

        Raises
        ------
        TypeError
            When ``frame`` is not a polars DataFrame.
        """
        frame = _check_frame(frame)
        absent = missing_columns_reason(frame, NEEDED_COLUMNS)
        if absent is not None:
            return _all_refused(frame.height, absent)
        codes = _bcra_codes(frame)
        t1 = _column(codes, "T1")
        five_year_end = np.minimum(t1 + FIVE_YEARS, PROJECTION_END_AGE_YEARS)
        lifetime_end = np.full(t1.shape, PROJECTION_END_AGE_YEARS)
        inputs = BcraInputs(
            t1,
            five_year_end,
            *(_column(codes, name) for name in ("N_Biop", "HypPlas", "AgeMen")),
            *(_column(codes, name) for name in ("Age1st", "N_Rels", "Race")),
        )
        # One recode serves both horizons: T2 only enters BCRA's checks through
        # T1 < T2 <= 90, which min(age + 5, 90) and 90 pass or fail together.
        categories = recode(inputs)
        rr = relative_risk(categories)
        risks = {
            "gail_5y": absolute_risk(categories, rr, t1, five_year_end, average_woman=False),
            "gail_lifetime": absolute_risk(categories, rr, t1, lifetime_end, average_woman=False),
            "gail_5y_average": absolute_risk(categories, rr, t1, five_year_end, average_woman=True),
            "gail_lifetime_average": absolute_risk(
                categories, rr, t1, lifetime_end, average_woman=True
            ),
            "gail_relative_risk_under_50": rr.rr_star1,
            "gail_relative_risk_50_plus": rr.rr_star2,
        }
        not_scored = categories.error | np.logical_or.reduce(
            [~np.isfinite(value) for value in risks.values()]
        )
        flagged = frame.with_columns(
            pl.Series(_RULE_A, categories.hyperplasia_rule_a),
            pl.Series(_MENARCHE_BAD, ~categories.menarche_valid),
            pl.Series(_FIRST_BIRTH_BAD, ~categories.first_birth_valid),
            pl.Series(_RELATIVES_BAD, ~categories.relatives_valid),
            pl.Series(_NOT_SCORED, not_scored),
        )
        refused = _refusals(flagged, frame)
        out = pl.DataFrame([pl.Series(name, value) for name, value in risks.items()])
        out = out.with_columns(refused)
        return out.select(
            *(
                pl.when(pl.col(REFUSED).is_null()).then(pl.col(name)).alias(name)
                for name in OUTPUT_COLUMNS
            ),
            pl.col(REFUSED),
        )


def _refusals(flagged: pl.DataFrame, frame: pl.DataFrame) -> pl.Series:
    """The ``gail_refused`` column: every reason that applies, with the cells quoted."""
    reasons = refusal_reasons(flagged, _checks(frame)).alias(REFUSED)
    # A row BCRA does not score is refused even when no specific rule above names it.
    refused = flagged.select(
        pl.when(reasons.is_null() & pl.col(_NOT_SCORED))
        .then(pl.lit("the Gail model (BCRA 2.1.2) does not score this row"))
        .otherwise(reasons)
        .alias(REFUSED)
    ).to_series()
    rows = refused.is_not_null().arg_true()
    if rows.len() == 0:
        return refused
    # Quoting cells is string work: done on the refused rows only.
    quoted = (
        flagged[rows]
        .with_columns(refused.gather(rows))
        .select(_quote_cells(pl.col(REFUSED), frame))
        .to_series()
    )
    return refused.scatter(rows, quoted)


def _all_refused(height: int, reason: str) -> pl.DataFrame:
    return pl.DataFrame(
        {
            **{name: pl.Series(name, [None] * height, dtype=pl.Float64) for name in OUTPUT_COLUMNS},
            REFUSED: pl.Series(REFUSED, [reason] * height, dtype=pl.String),
        }
    )


GAIL = GailModel()
"""The Gail model (NCI BCRAT), card id ``gail``."""
