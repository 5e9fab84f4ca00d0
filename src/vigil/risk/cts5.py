"""Clinical Treatment Score post-5 years (CTS5): late distant recurrence after endocrine therapy.

.. math::

    \\mathrm{CTS5} = 0.438\\,N + 0.988\\,(0.093\\,S - 0.001\\,S^2 + 0.375\\,G + 0.017\\,A)

with N the nodal category (0, 1, 2-3, 4-9, >= 10 positive nodes scored 0-4), S the invasive
size in mm capped at 30, G the grade (1-3) and A the age in years.

References
----------
1. Dowsett M, Sestak I, Regan MM, et al. Integration of clinical variables for the
   prediction of late distant recurrence in patients with estrogen receptor-positive
   breast cancer treated with 5 years of endocrine therapy: CTS5. J Clin Oncol
   2018;36:1941-1948. doi:10.1200/JCO.2017.76.4258
2. Sestak I, Regan MM, Cuzick J, Dowsett M. CTS5 abstract GS6-01, San Antonio Breast
   Cancer Symposium 2017 ("tumour size (capped at 30mm)").
"""

from __future__ import annotations

import numpy as np
import polars as pl
from numpy.typing import NDArray

from vigil.risk._base import ModelCard
from vigil.risk._columns import (
    BoolArray,
    ColumnCheck,
    Columns,
    FloatArray,
    FormulaModel,
    Outputs,
    column_value_checks,
)

__all__ = [
    "CTS5",
    "CTS5_GROUPS",
    "CTS5_HIGH_ABOVE",
    "CTS5_LOW_BELOW",
    "cts5_group",
    "cts5_late_distant_recurrence",
    "cts5_score",
]

# Dowsett 2018, Results: low < 3.13 (< 5 % DR in years 5-10), intermediate 3.13-3.86,
# high > 3.86 (> 10 %). Both bounds belong to the intermediate group.
CTS5_LOW_BELOW = 3.13
CTS5_HIGH_ABOVE = 3.86

# Abstract GS6-01 (SABCS 2017): size capped at 30 mm.
SIZE_CAP_MM = 30.0

# Cox form DR(5-10) = 1 - exp(-H0 * exp(CTS5)). H0 = 0.00223 is not from a primary source:
# it reproduces the paper's cut-points (3.13 -> 4.97 %, 3.86 -> 10.04 %), see the card.
_BASELINE_HAZARD = 0.00223

CARD = ModelCard(
    id="cts5",
    name="Clinical Treatment Score post-5 years (CTS5)",
    version="Dowsett 2018 (pooled ATAC + BIG 1-98 formula)",
    source="Dowsett et al., J Clin Oncol 2018;36:1941, doi:10.1200/JCO.2017.76.4258",
    reference_implementation=(
        "Formula and risk groups from the paper; the 30 mm size cap from the developers' "
        "SABCS 2017 abstract GS6-01. No reference code is published."
    ),
    intended_use=(
        "At the end of 5 years of adjuvant endocrine therapy, to inform the decision to "
        "extend it: the risk of distant recurrence in years 5-10 of ER-positive early "
        "breast cancer that has not recurred. Present the risk group first."
    ),
    validity_domain=(
        "ER-positive invasive breast cancer",
        "adjuvant endocrine therapy taken (the score applies after 5 years of it)",
        "free of distant recurrence at 5 years (not known to the table: the user's claim)",
        "size, grade, node count and age known",
    ),
    inputs=("age", "size_mm", "grade", "nodes_positive", "er", "endocrine"),
    outputs={
        "cts5": "CTS5 score",
        "cts5_group": "low (< 3.13), intermediate (3.13-3.86) or high (> 3.86)",
        "cts5_late_distant_recurrence": (
            "approximate probability of distant recurrence in years 5-10 (fraction); see notes"
        ),
    },
    notes=(
        "Score-to-probability: no primary source was found (the JCO supplement and the "
        "official calculator's code were not available). Vigil uses 1 - exp(-0.00223 * "
        "exp(CTS5)), a Cox form that reproduces the paper's cut-points (4.97 % at 3.13, "
        "10.04 % at 3.86). Treat it as an approximation; the risk group is the validated "
        "output.",
        "Developed in postmenopausal women (ATAC, validated in BIG 1-98); Richman 2020 "
        "(Breast Cancer Res Treat 186:115) found it prognostic in premenopausal women too.",
        "External validations (e.g. GEICAM 2025, Richman 2020) mostly find CTS5 "
        "overestimates risk, most in the high group.",
    ),
)


def _node_category(nodes: FloatArray) -> FloatArray:
    # Dowsett 2018, Methods: 0, 1, 2-3, 4-9, >= 10 positive nodes scored 0-4. Counts are
    # whole numbers (the cohort contract), so the category counts the thresholds passed.
    out: FloatArray = (nodes >= 1).astype(np.float64) + (nodes >= 2) + (nodes >= 4) + (nodes >= 10)
    return out


def cts5_score(
    age: FloatArray, size_mm: FloatArray, grade: FloatArray, nodes_positive: FloatArray
) -> FloatArray:
    """The CTS5 score (Dowsett 2018, final model), size capped at 30 mm."""
    size = np.minimum(size_mm, SIZE_CAP_MM)
    clinical = 0.093 * size - 0.001 * size**2 + 0.375 * grade + 0.017 * age
    out: FloatArray = 0.438 * _node_category(nodes_positive) + 0.988 * clinical
    return out


CTS5_GROUPS: tuple[str, ...] = ("low", "intermediate", "high")
CTS5_GROUP_DTYPE = pl.Enum(list(CTS5_GROUPS))


def cts5_group(score: FloatArray) -> NDArray[np.int8]:
    """Index into :data:`CTS5_GROUPS`; scores are rounded to 10 decimals first so a
    cut-point is exact (both cut-points belong to the intermediate group)."""
    exact = np.round(score, 10)
    out: NDArray[np.int8] = (exact >= CTS5_LOW_BELOW).astype(np.int8) + (exact > CTS5_HIGH_ABOVE)
    return out


def cts5_late_distant_recurrence(score: FloatArray) -> FloatArray:
    """Approximate P(distant recurrence in years 5-10); see the model card's notes."""
    out: FloatArray = 1 - np.exp(-_BASELINE_HAZARD * np.exp(score))
    return out


_CHECKS = [
    *column_value_checks(CARD.inputs),
    ColumnCheck(
        lambda c: ~c.is_code("er", "positive") & ~c.missing("er"),
        "CTS5 is only for ER-positive breast cancer (Dowsett 2018)",
    ),
    ColumnCheck(
        lambda c: ~c.is_code("endocrine", "yes") & ~c.missing("endocrine"),
        "CTS5 applies after 5 years of endocrine therapy, and none was recorded",
    ),
]
_DTYPES: dict[str, pl.DataType] = {
    "cts5": pl.Float64(),
    "cts5_group": CTS5_GROUP_DTYPE,
    "cts5_late_distant_recurrence": pl.Float64(),
}


def _outputs(columns: Columns, _scored: BoolArray) -> Outputs:
    score = cts5_score(
        columns.number("age"),
        columns.number("size_mm"),
        columns.number("grade"),
        columns.number("nodes_positive"),
    )
    return {
        "cts5": score,
        "cts5_group": cts5_group(score),
        "cts5_late_distant_recurrence": cts5_late_distant_recurrence(score),
    }


CTS5 = FormulaModel(CARD, _DTYPES, tuple(_CHECKS), _outputs, {"cts5_group": CTS5_GROUPS})
