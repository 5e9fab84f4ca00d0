"""The models Vigil knows, by id, and the exclusions that apply across models."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl

from vigil.errors import VigilError
from vigil.risk._base import Check, RiskModel
from vigil.risk._columns import ColumnCheck, Columns
from vigil.risk.cts5 import CTS5
from vigil.risk.fitted import FITTED_MODELS
from vigil.risk.gail import GAIL
from vigil.risk.magee import MAGEE3
from vigil.risk.npi import NPI
from vigil.risk.predict import PREDICT_V21, PREDICT_V30, PREDICT_V31

__all__ = ["MODELS", "Exclusion", "column_exclusions", "exclusions", "resolve_models"]

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


@dataclass(frozen=True, slots=True)
class Exclusion:
    """A row is excluded where ``column`` holds ``equals`` (or, if ``equals`` is None,
    holds anything). Absent from the table: the exclusion does not apply."""

    column: str
    equals: str | None
    reason: str

    def check(self) -> Check:
        col = pl.col(self.column)
        return Check(col.is_not_null() if self.equals is None else col == self.equals, self.reason)

    def column_check(self) -> ColumnCheck:
        if self.equals is None:
            return ColumnCheck(lambda c: ~c.missing(self.column), self.reason)
        value = self.equals
        return ColumnCheck(lambda c: c.is_code(self.column, value), self.reason)


_NEOADJUVANT = "the pathology of an untreated tumour; it is not valid after neoadjuvant therapy"

# Exclusions that need columns outside a model's own inputs (optional in the table).
_EXCLUSIONS: dict[str, tuple[Exclusion, ...]] = {
    **{
        model_id: (
            Exclusion("sex", "male", "PREDICT was developed and validated in women only"),
            Exclusion("setting", "neoadjuvant", "PREDICT needs " + _NEOADJUVANT),
        )
        for model_id in _PREDICT_IDS
    },
    "npi": (Exclusion("setting", "neoadjuvant", "NPI uses " + _NEOADJUVANT),),
    "gail": (
        Exclusion("sex", "male", "the Gail model is for women only"),
        Exclusion(
            "er",
            None,
            "the Gail model is for women without breast cancer, and this row "
            "describes a breast cancer",
        ),
    ),
}


def exclusions(model_id: str, frame: pl.DataFrame) -> list[Check]:
    """The cross-model exclusions for ``model_id`` that the frame's columns allow."""
    return [e.check() for e in _EXCLUSIONS.get(model_id, ()) if e.column in frame.columns]


def column_exclusions(model_id: str, columns: Columns) -> list[ColumnCheck]:
    """:func:`exclusions` for a model scored on :class:`Columns`."""
    return [e.column_check() for e in _EXCLUSIONS.get(model_id, ()) if columns.has(e.column)]


def resolve_models(models: Sequence[str] | None) -> list[RiskModel]:
    """Models by id, in the order asked; all of them when ``models`` is None."""
    if models is None:
        return list(MODELS.values())
    unknown = [m for m in models if m not in MODELS]
    if unknown:
        msg = f"unknown model(s) {', '.join(unknown)}; valid: {', '.join(MODELS)}"
        raise VigilError(msg)
    return [MODELS[m] for m in dict.fromkeys(models)]
