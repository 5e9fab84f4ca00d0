"""BCRA's input checks and risk-factor categories (``recode.check(Raw_Ind = 1)``), vectorised.

The rules are those of the R package BCRA 2.1.2, as described in
``tests/fixtures/bcra/README.md`` (written from the package's behaviour; no BCRA code is
copied). Inputs use BCRA's own layout and codes (99 unknown, 98 nulliparous).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from vigil.risk.gail._tables import FIRST_AGE, LAST_AGE, N_RACES

__all__ = [
    "HYPERPLASIA_RR_ATYPICAL",
    "HYPERPLASIA_RR_NOT_ATYPICAL",
    "BcraInputs",
    "BcraRecode",
    "bcra_inputs",
    "bcra_recode",
    "recode",
]

UNKNOWN_CODE = 99.0
"""BCRA's code for an unknown value (N_Biop, HypPlas, AgeMen, Age1st, N_Rels)."""

NULLIPAROUS_CODE = 98.0
"""BCRA's Age1st code for a woman with no live birth."""

# Hyperplasia multipliers R_Hyp for biopsied women: Gail 1989 JNCI 81:1879 (the "atypical
# hyperplasia" adjustment of the BCDDP model), as coded in BCRA 2.1.2 recode.check.
HYPERPLASIA_RR_NOT_ATYPICAL = 0.93
"""R_Hyp when a biopsy showed no atypical hyperplasia (HypPlas 0)."""

HYPERPLASIA_RR_ATYPICAL = 1.82
"""R_Hyp when a biopsy showed atypical hyperplasia (HypPlas 1)."""

# BCRA race codes (BCRA 2.1.2 documentation of `Race`).
BLACK = 2
HISPANIC_US = 3
HISPANIC_FOREIGN = 5
FIRST_ASIAN = 6


@dataclass(frozen=True, slots=True)
class BcraInputs:
    """The eight BCRA inputs as equal-length float64 arrays (see :func:`bcra_recode`)."""

    T1: NDArray[np.float64]
    T2: NDArray[np.float64]
    N_Biop: NDArray[np.float64]
    HypPlas: NDArray[np.float64]
    AgeMen: NDArray[np.float64]
    Age1st: NDArray[np.float64]
    N_Rels: NDArray[np.float64]
    Race: NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class BcraRecode:
    """The result of BCRA's checks and recoding, one element per woman.

    Categories are float arrays holding 0, 1, 2 (3 for first birth) or NaN where BCRA gives
    ``NA`` (or the letters ``A``/``B`` for the biopsy category). They are the values *after*
    the race-specific regrouping, as ``recode.check`` returns them, also in refused rows.

    Attributes
    ----------
    error:
        ``Error_Ind == 1``: the row is refused and gets no risk.
    t1_valid, t2_valid:
        ``set_T1_missing`` / ``set_T2_missing`` are not NA: 20 <= T1 < 90 and T1 < T2;
        T2 <= 90 and T1 < T2.
    biopsy_category:
        ``NB_Cat`` (0/1/2); NaN when missing or when rule A or B applies.
    hyperplasia_rule_a:
        Rule A (``NB_Cat``/``set_HyperP_missing`` = ``A``): N_Biop is 0 or 99 but HypPlas
        is not 99.
    hyperplasia_rule_b:
        Rule B (``B``): 0 < N_Biop < 99 but HypPlas is not 0, 1 or 99.
    hyperplasia_multiplier:
        ``R_Hyp`` (1, 0.93 or 1.82); NaN when it cannot be determined.
    menarche_category, first_birth_category, relatives_category:
        ``AM_Cat``, ``AF_Cat``, ``NR_Cat``.
    menarche_valid, first_birth_valid, relatives_valid:
        The input passed BCRA's check (before regrouping; Age1st is never checked for
        African-American women).
    race_valid:
        Race is one of the integers 1..11 (``set_Race_missing`` is not ``U``).
    missing_input:
        Some input is NaN. BCRA's handling of ``NA`` is not consistent; such rows are refused.
    race_code:
        Race as an integer 1..11 (an index into the tables); 0 where the race is invalid.
    """

    error: NDArray[np.bool_]
    t1_valid: NDArray[np.bool_]
    t2_valid: NDArray[np.bool_]
    biopsy_category: NDArray[np.float64]
    hyperplasia_rule_a: NDArray[np.bool_]
    hyperplasia_rule_b: NDArray[np.bool_]
    hyperplasia_multiplier: NDArray[np.float64]
    menarche_category: NDArray[np.float64]
    first_birth_category: NDArray[np.float64]
    relatives_category: NDArray[np.float64]
    menarche_valid: NDArray[np.bool_]
    first_birth_valid: NDArray[np.bool_]
    relatives_valid: NDArray[np.bool_]
    race_valid: NDArray[np.bool_]
    missing_input: NDArray[np.bool_]
    race_code: NDArray[np.intp]


def _as_float_array(name: str, value: ArrayLike) -> NDArray[np.float64]:
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        msg = f"{name!r} must be numeric (got {type(value).__name__})"
        raise ValueError(msg) from exc
    if array.ndim > 1:
        msg = f"{name!r} must be a scalar or a 1-D array (got {array.ndim} dimensions)"
        raise ValueError(msg)
    return array


def bcra_inputs(
    *,
    T1: ArrayLike,  # noqa: N803  (BCRA's column names)
    T2: ArrayLike,  # noqa: N803
    N_Biop: ArrayLike,  # noqa: N803
    HypPlas: ArrayLike,  # noqa: N803
    AgeMen: ArrayLike,  # noqa: N803
    Age1st: ArrayLike,  # noqa: N803
    N_Rels: ArrayLike,  # noqa: N803
    Race: ArrayLike,  # noqa: N803
) -> BcraInputs:
    """Check and broadcast the eight inputs to equal-length float64 arrays.

    Raises
    ------
    ValueError
        When an input is not numeric, has more than one dimension, or the lengths differ.
    """
    named = {
        "T1": T1,
        "T2": T2,
        "N_Biop": N_Biop,
        "HypPlas": HypPlas,
        "AgeMen": AgeMen,
        "Age1st": Age1st,
        "N_Rels": N_Rels,
        "Race": Race,
    }
    arrays = {name: _as_float_array(name, value) for name, value in named.items()}
    try:
        shaped = np.broadcast_arrays(*(np.atleast_1d(a) for a in arrays.values()))
    except ValueError as exc:
        lengths = ", ".join(f"{name} {a.size}" for name, a in arrays.items())
        msg = f"the inputs must have the same length (got {lengths})"
        raise ValueError(msg) from exc
    return BcraInputs(*(np.ascontiguousarray(a, dtype=np.float64) for a in shaped))


def bcra_recode(
    *,
    T1: ArrayLike,  # noqa: N803  (BCRA's column names)
    T2: ArrayLike,  # noqa: N803
    N_Biop: ArrayLike,  # noqa: N803
    HypPlas: ArrayLike,  # noqa: N803
    AgeMen: ArrayLike,  # noqa: N803
    Age1st: ArrayLike,  # noqa: N803
    N_Rels: ArrayLike,  # noqa: N803
    Race: ArrayLike,  # noqa: N803
) -> BcraRecode:
    """Check and categorise BCRA inputs, as ``BCRA::recode.check(data, Raw_Ind = 1)``.

    Parameters
    ----------
    All keyword-only, named as BCRA's data-frame columns; scalars broadcast.

    T1:
        Current age, years; valid 20 <= T1 < 90.
    T2:
        Age at the end of the projection, years; valid T1 < T2 <= 90 (never capped).
    N_Biop:
        Number of breast biopsies; 99 unknown. 0 or 99 need HypPlas 99 (rule A).
    HypPlas:
        Atypical hyperplasia in a biopsy: 0 no, 1 yes, 99 unknown or not applicable.
    AgeMen:
        Age at menarche, years; 99 unknown. Valid 0 < AgeMen <= T1.
    Age1st:
        Age at first live birth, years; 98 nulliparous, 99 unknown. Valid AgeMen <= Age1st
        <= T1 (when AgeMen is known); not checked for African-American women.
    N_Rels:
        First-degree relatives with breast cancer; 99 unknown. Valid 0, 1, 2 <= N_Rels < 99.
    Race:
        1 White, 2 African-American, 3 Hispanic US-born, 4 Other (Native American or
        unknown), 5 Hispanic foreign-born, 6 Chinese, 7 Japanese, 8 Filipino, 9 Hawaiian,
        10 Other Pacific Islander, 11 Other Asian.

    Returns
    -------
    BcraRecode
        Error indicator and categories, one element per woman.

    Raises
    ------
    ValueError
        When an input is not numeric or the lengths differ.

    Notes
    -----
    Categories (all races, before regrouping): biopsies NB = 0 for N_Biop 0 or 99, 1 for
    N_Biop = 1, 2 otherwise (any other number, as BCRA does); menarche AM = 0 (>= 14 or 99),
    1 (12 to < 14), 2 (< 12); first birth AF = 0 (< 20 or 99), 1 (20 to < 25),
    2 (25 to < 30 or 98), 3 (30 to < 98); relatives NR = 0 (0 or 99), 1, 2 (2 to < 99).
    Regrouping (after the checks): African-American AF = 0 and AM 2 -> 1 (Gail 2007);
    Hispanic NB 2 -> 1, AF 20-29 -> 1 and >= 30 or nulliparous -> 2, NR 2 -> 1, and for
    US-born women AM = 0 (Banegas 2017); Asian and Pacific Islander NR 2 -> 1 (Matsuno 2011).

    References
    ----------
    .. [1] Gail MH et al. Projecting individualized probabilities of developing breast
       cancer for white females who are being examined annually. JNCI 1989;81:1879-86.
       doi:10.1093/jnci/81.24.1879
    .. [2] BCRA 2.1.2, R package (CRAN, 2020), ``recode.check``.
    """
    return recode(
        bcra_inputs(
            T1=T1,
            T2=T2,
            N_Biop=N_Biop,
            HypPlas=HypPlas,
            AgeMen=AgeMen,
            Age1st=Age1st,
            N_Rels=N_Rels,
            Race=Race,
        )
    )


def recode(x: BcraInputs) -> BcraRecode:
    """:func:`bcra_recode` on already-checked inputs."""
    t1, t2, race = x.T1, x.T2, x.Race
    nan = np.nan
    missing_input = np.zeros(t1.shape, dtype=bool)
    for array in (t1, t2, x.N_Biop, x.HypPlas, x.AgeMen, x.Age1st, x.N_Rels, race):
        missing_input |= np.isnan(array)

    # Ages: BCRA 2.1.2 documentation, 20 <= T1 < T2 <= 90; T2 is not capped.
    t1_valid = (t1 >= FIRST_AGE) & (t1 < LAST_AGE) & (t1 < t2)
    t2_valid = (t2 <= LAST_AGE) & (t1 < t2)

    race_valid = (race >= 1) & (race <= N_RACES) & (race == np.floor(race))
    race_code = np.where(race_valid, race, 0).astype(np.intp)
    black = race_code == BLACK
    hispanic = (race_code == HISPANIC_US) | (race_code == HISPANIC_FOREIGN)
    asian = race_code >= FIRST_ASIAN

    n_biop, hyp = x.N_Biop, x.HypPlas
    no_biopsy = (n_biop == 0) | (n_biop == UNKNOWN_CODE)
    hyp_known = ~np.isnan(hyp)
    hyp_code_ok = (hyp == 0) | (hyp == 1) | (hyp == UNKNOWN_CODE)
    # Rule A: without a (known) biopsy, HypPlas must be 99. Rule B: with one, 0, 1 or 99.
    rule_a = no_biopsy & hyp_known & (hyp != UNKNOWN_CODE)
    rule_b = (n_biop > 0) & (n_biop < UNKNOWN_CODE) & hyp_known & ~hyp_code_ok
    biopsy = np.select(
        [np.isnan(n_biop) | rule_a | rule_b, no_biopsy, n_biop == 1], [nan, 0.0, 1.0], 2.0
    )
    multiplier = np.select(
        [
            rule_a | rule_b | np.isnan(n_biop),
            no_biopsy,
            hyp == 0,
            hyp == 1,
            hyp == UNKNOWN_CODE,
        ],
        [nan, 1.0, HYPERPLASIA_RR_NOT_ATYPICAL, HYPERPLASIA_RR_ATYPICAL, 1.0],
        nan,
    )

    age_men = x.AgeMen
    menarche_valid = ~np.isnan(age_men) & (
        (age_men == UNKNOWN_CODE) | ((age_men > 0) & (age_men <= t1))
    )
    menarche = np.select(
        [~menarche_valid, age_men == UNKNOWN_CODE, age_men >= 14, age_men >= 12],
        [nan, 0.0, 0.0, 1.0],
        2.0,
    )

    age_1st = x.Age1st
    first_birth_valid = black | (
        ~np.isnan(age_1st)
        & ~((age_1st > NULLIPAROUS_CODE) & (age_1st < UNKNOWN_CODE))
        & ~(age_1st > UNKNOWN_CODE)
        & ~((age_1st < age_men) & (age_men != UNKNOWN_CODE))
        & ~((age_1st > t1) & (age_1st < NULLIPAROUS_CODE))
    )
    first_birth = np.select(
        [
            ~first_birth_valid,
            black,
            (age_1st == UNKNOWN_CODE) | (age_1st < 20),
            age_1st < 25,
            (age_1st < 30) | (age_1st == NULLIPAROUS_CODE),
        ],
        [nan, 0.0, 0.0, 1.0, 2.0],
        3.0,
    )

    n_rels = x.N_Rels
    relatives = np.select(
        [
            (n_rels == 0) | (n_rels == UNKNOWN_CODE),
            n_rels == 1,
            (n_rels >= 2) & (n_rels < UNKNOWN_CODE),
        ],
        [0.0, 1.0, 2.0],
        nan,
    )
    relatives_valid = ~np.isnan(relatives)

    error = (
        missing_input
        | ~t1_valid
        | ~t2_valid
        | rule_a
        | rule_b
        | ~menarche_valid
        | ~first_birth_valid
        | ~relatives_valid
        | ~race_valid
    )

    # Race-specific regrouping, applied after the checks (also in refused rows).
    # African-American (CARE, Gail 2007 JNCI 99:1782): menarche < 12 joins 12-13.
    menarche = np.where(black & (menarche == 2), 1.0, menarche)
    # Hispanic (SFBCS, Banegas 2017 JNCI 109:djw215): any biopsy counts as one; BCRA also
    # shows NB 0 for a rule-A row.
    biopsy = np.where(hispanic & no_biopsy, 0.0, biopsy)
    biopsy = np.where(hispanic & (biopsy == 2), 1.0, biopsy)
    # US-born Hispanic: menarche is not in the model.
    menarche = np.where(race_code == HISPANIC_US, 0.0, menarche)
    # Hispanic first birth: 20-29 -> 1, then >= 30 (or nulliparous) -> 2.
    first_birth = np.where(
        hispanic & (first_birth == 2) & (age_1st != NULLIPAROUS_CODE), 1.0, first_birth
    )
    first_birth = np.where(hispanic & (first_birth == 3), 2.0, first_birth)
    # Hispanic (Banegas 2017) and Asian (AABCS, Matsuno 2011 JNCI 103:951): 2+ relatives -> 1.
    relatives = np.where((hispanic | asian) & (relatives == 2), 1.0, relatives)

    return BcraRecode(
        error=error,
        t1_valid=t1_valid,
        t2_valid=t2_valid,
        biopsy_category=biopsy,
        hyperplasia_rule_a=rule_a,
        hyperplasia_rule_b=rule_b,
        hyperplasia_multiplier=multiplier,
        menarche_category=menarche,
        first_birth_category=first_birth,
        relatives_category=relatives,
        menarche_valid=menarche_valid,
        first_birth_valid=first_birth_valid,
        relatives_valid=relatives_valid,
        race_valid=race_valid,
        missing_input=missing_input,
        race_code=race_code,
    )
