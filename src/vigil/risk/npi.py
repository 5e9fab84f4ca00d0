"""Nottingham Prognostic Index (NPI) and its prognostic groups.

.. math:: \\mathrm{NPI} = 0.2 \\times \\text{size (cm)} + \\text{LN stage} + \\text{grade}

LN stage is 1 for node-negative disease, 2 for 1-3 positive nodes and 3 for 4 or more.

References
----------
1. Haybittle JL, Blamey RW, Elston CW, et al. A prognostic index in primary breast cancer.
   Br J Cancer 1982;45:361-366. doi:10.1038/bjc.1982.62
2. Galea MH, Blamey RW, Elston CE, Ellis IO. The Nottingham Prognostic Index in primary
   breast cancer. Breast Cancer Res Treat 1992;22:207-219. doi:10.1007/BF01840834
"""

from __future__ import annotations

import numpy as np
import polars as pl
from numpy.typing import NDArray

from vigil.risk._base import ModelCard
from vigil.risk._columns import (
    BoolArray,
    Columns,
    FloatArray,
    FormulaModel,
    Outputs,
    column_value_checks,
)

__all__ = ["NPI", "NPI_GROUPS", "npi_group", "npi_score"]

# Galea 1992, Table 1: upper bounds are inclusive (EPG <= 2.4, GPG 2.41-3.4,
# MPG 3.41-5.4, PPG > 5.4). genefu's npi() puts exactly 3.4 in "moderate"; we follow Galea.
NPI_GROUPS: tuple[tuple[float, str], ...] = (
    (2.4, "excellent"),
    (3.4, "good"),
    (5.4, "moderate"),
    (float("inf"), "poor"),
)

NPI_GROUP_DTYPE = pl.Enum([name for _, name in NPI_GROUPS])

# NPI is a sum of terms with one decimal of size (cm); rounding to 6 decimals removes
# binary floating-point noise (0.2 * 2.0 + 3 must be exactly 3.4 at the boundary).
_DECIMALS = 6

CARD = ModelCard(
    id="npi",
    name="Nottingham Prognostic Index",
    version="Galea 1992",
    source=(
        "Haybittle et al., Br J Cancer 1982;45:361 (formula); Galea et al., Breast Cancer "
        "Res Treat 1992;22:207 (four prognostic groups, Table 1)"
    ),
    reference_implementation=(
        "No single reference code; formula and groups from the papers. The group boundary "
        "at exactly 3.4 follows Galea 1992 (good), not genefu npi() (moderate)."
    ),
    intended_use=(
        "Prognostic grouping of operable primary invasive breast cancer after surgery, "
        "from pathology alone. A prognostic index, not a probability."
    ),
    validity_domain=(
        "invasive size > 0 mm, grade 1-3 known, positive axillary node count known",
        "primary operable invasive breast cancer; not after neoadjuvant therapy",
    ),
    inputs=("size_mm", "grade", "nodes_positive"),
    outputs={
        "npi": "Nottingham Prognostic Index (score, about 2.0-7.0)",
        "npi_group": "excellent (<= 2.4), good (<= 3.4), moderate (<= 5.4), poor (> 5.4)",
    },
    notes=(
        "LN stage 3 also applies to an involved apical or internal-mammary node; Vigil's "
        "facts record only the axillary count, so such nodes are not counted.",
        "Published 5-year survival by group (Galea 1992): about 93, 85, 70 and 50 %.",
    ),
)


_CHECKS = column_value_checks(CARD.inputs)
_DTYPES: dict[str, pl.DataType] = {"npi": pl.Float64(), "npi_group": NPI_GROUP_DTYPE}
_UPPERS = np.array([upper for upper, _ in NPI_GROUPS[:-1]])
_LABELS = tuple(name for _, name in NPI_GROUPS)


def npi_score(size_mm: FloatArray, nodes_positive: FloatArray, grade: FloatArray) -> FloatArray:
    """NPI = 0.2 x size (cm) + LN stage + grade, rounded to 6 decimals."""
    # Node counts are whole numbers (the cohort contract): 0 -> 1, 1-3 -> 2, >= 4 -> 3.
    ln_stage = 1.0 + (nodes_positive >= 1) + (nodes_positive >= 4)
    out: FloatArray = np.round(0.2 * (size_mm / 10) + ln_stage + grade, _DECIMALS)
    return out


def npi_group(score: FloatArray) -> NDArray[np.int8]:
    """Index into :data:`NPI_GROUPS`: the first group whose (inclusive) upper bound holds
    the score."""
    out = np.zeros(score.shape, dtype=np.int8)
    for upper in _UPPERS.tolist():
        out += score > upper
    return out


def _outputs(columns: Columns, _scored: BoolArray) -> Outputs:
    score = npi_score(
        columns.number("size_mm"), columns.number("nodes_positive"), columns.number("grade")
    )
    return {"npi": score, "npi_group": npi_group(score)}


NPI = FormulaModel(CARD, _DTYPES, tuple(_CHECKS), _outputs, {"npi_group": _LABELS})
