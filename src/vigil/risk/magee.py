"""Magee equation 3: an estimate of the Oncotype DX recurrence score from immunohistochemistry.

.. math::

    \\mathrm{ME3} = 24.30812 - 0.02177\\,\\mathrm{ER_H} - 0.02884\\,\\mathrm{PR_H}
                  + \\beta_{\\mathrm{HER2}} + 0.18649\\,\\mathrm{Ki67\\%}

with H-scores 0-300 and the HER2 term 0 (IHC 0/1+), 1.46495 (IHC 2+, equivocal) or
12.75525 (IHC 3+).

References
----------
1. Klein ME, Dabbs DJ, Shuai Y, et al. Prediction of the Oncotype DX recurrence score: use
   of pathology-generated equations derived by linear regression analysis. Mod Pathol
   2013;26:658-664. doi:10.1038/modpathol.2013.36
2. Farrugia DJ, Landmann A, Zhu L, et al. Magee Equation 3 predicts pathologic response to
   neoadjuvant systemic chemotherapy. Mod Pathol 2017;30:1078-1085 (the equation as printed).
3. Bhargava R, et al. Mod Pathol 2020;33:1563 (cut-points used by the Magee Decision
   Algorithm: < 18 low, 18 to < 31 intermediate, >= 31 high).
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from vigil.risk._base import Check, ModelCard, score_with_refusals, value_checks

__all__ = ["MAGEE3", "Magee3Model"]

# Farrugia 2017, Methods (ME3 as printed); BMC Clin Pathol 2018;18:11 Table 3 agrees
# (-0.022, -0.029, 0.186, 1.47 for IHC 2+).
_INTERCEPT = 24.30812
_ER_H = -0.02177
_PR_H = -0.02884
_KI67 = 0.18649
_HER2 = {"0": 0.0, "1+": 0.0, "2+": 1.46495, "3+": 12.75525}

CARD = ModelCard(
    id="magee3",
    name="Magee equation 3 (estimated Oncotype DX recurrence score)",
    version="Klein 2013 / Farrugia 2017",
    source="Klein et al., Mod Pathol 2013;26:658; equation as printed in Farrugia et al., "
    "Mod Pathol 2017;30:1078",
    reference_implementation="No reference code; coefficients from the papers (cross-checked "
    "against BMC Clin Pathol 2018;18:11, Table 3).",
    intended_use="ER-positive early breast cancer, when deciding whether a genomic test is "
    "needed: an estimate of the recurrence score, not the score itself.",
    validity_domain=(
        "ER-positive invasive breast cancer",
        "ER and PR H-scores, Ki-67 % and HER2 IHC score all known",
    ),
    inputs=("er", "er_hscore", "pr_hscore", "ki67_percent", "her2_ihc"),
    outputs={
        "magee3": "estimated recurrence score (about 0-50)",
        "magee3_group": "low (< 18), intermediate (18 to < 31) or high (>= 31)",
    },
    notes=(
        "The HER2 term follows the IHC score (0/1+ negative, 2+ equivocal, 3+ positive), as "
        "in Klein 2013; an ISH result does not change it.",
        "IHC4 (Cuzick 2011) is not offered: the unit of its Ki-67 term (percent or fraction) "
        "could not be settled from the paper's text available here.",
    ),
)


def _score() -> pl.Expr:
    her2 = pl.col("her2_ihc").cast(pl.String).replace_strict(_HER2, return_dtype=pl.Float64)
    return (
        _INTERCEPT
        + _ER_H * pl.col("er_hscore")
        + _PR_H * pl.col("pr_hscore")
        + her2
        + _KI67 * pl.col("ki67_percent")
    )


def _group(score: pl.Expr) -> pl.Expr:
    return (
        pl.when(score < 18)
        .then(pl.lit("low"))
        .when(score < 31)
        .then(pl.lit("intermediate"))
        .otherwise(pl.lit("high"))
    )


@dataclass(frozen=True, slots=True)
class Magee3Model:
    card: ModelCard = CARD

    def score(self, frame: pl.DataFrame) -> pl.DataFrame:
        return score_with_refusals(
            frame,
            self.card,
            {"magee3": pl.Float64(), "magee3_group": pl.String()},
            lambda: {"magee3": _score(), "magee3_group": _group(pl.col("magee3"))},
            lambda: [
                *value_checks(self.card.inputs, frame),
                Check(pl.col("er") != "positive", "Magee equation 3 is for ER-positive cancer"),
            ],
        )


MAGEE3 = Magee3Model()
