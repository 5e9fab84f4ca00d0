"""The models Vigil knows, by id, and the exclusions that apply across models."""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from vigil.errors import VigilError
from vigil.risk._base import Check, RiskModel
from vigil.risk.cts5 import CTS5
from vigil.risk.fitted import FITTED_MODELS
from vigil.risk.gail import GAIL
from vigil.risk.magee import MAGEE3
from vigil.risk.npi import NPI
from vigil.risk.predict import PREDICT_V21, PREDICT_V30, PREDICT_V31

__all__ = ["MODELS", "exclusions", "resolve_models"]

_ALL: tuple[RiskModel, ...] = (
    NPI,
    CTS5,
    PREDICT_V21,
    PREDICT_V30,
    PREDICT_V31,
    GAIL,
    MAGEE3,
    *FITTED_MODELS,
)
MODELS: dict[str, RiskModel] = {model.card.id: model for model in _ALL}

_PREDICT_IDS = ("predict-v2.1", "predict-v3.0", "predict-v3.1")

# Exclusions that need columns outside a model's own inputs (optional in the table):
# model id -> [(column the check reads, check)]. Applied only when the column is present.
_EXCLUSIONS: dict[str, list[tuple[str, Check]]] = {
    **{
        model_id: [
            (
                "sex",
                Check(
                    pl.col("sex") == "male",
                    "PREDICT was developed and validated in women only",
                ),
            ),
            (
                "setting",
                Check(
                    pl.col("setting") == "neoadjuvant",
                    "PREDICT needs the pathology of an untreated tumour; it is not valid "
                    "after neoadjuvant therapy",
                ),
            ),
        ]
        for model_id in _PREDICT_IDS
    },
    "npi": [
        (
            "setting",
            Check(
                pl.col("setting") == "neoadjuvant",
                "NPI uses the pathology of an untreated tumour; it is not valid after "
                "neoadjuvant therapy",
            ),
        )
    ],
    "gail": [
        ("sex", Check(pl.col("sex") == "male", "the Gail model is for women only")),
        (
            "er",
            Check(
                pl.col("er").is_not_null(),
                "the Gail model is for women without breast cancer, and this row "
                "describes a breast cancer",
            ),
        ),
    ],
}


def exclusions(model_id: str, frame: pl.DataFrame) -> list[Check]:
    """The cross-model exclusions for ``model_id`` that the frame's columns allow."""
    return [check for column, check in _EXCLUSIONS.get(model_id, []) if column in frame.columns]


def resolve_models(models: Sequence[str] | None) -> list[RiskModel]:
    """Models by id, in the order asked; all of them when ``models`` is None."""
    if models is None:
        return list(MODELS.values())
    unknown = [m for m in models if m not in MODELS]
    if unknown:
        msg = f"unknown model(s) {', '.join(unknown)}; valid: {', '.join(MODELS)}"
        raise VigilError(msg)
    return [MODELS[m] for m in dict.fromkeys(models)]
