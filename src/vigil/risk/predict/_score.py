"""PREDICT v2.1, v3.0 and v3.1 as risk models that score the typed cohort frame."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import polars as pl
from numpy.typing import NDArray

from vigil.risk._base import ModelCard, refused_name
from vigil.risk._columns import (
    ColumnCheck,
    Columns,
    Outputs,
    Scored,
    column_value_checks,
    score_on_columns,
)
from vigil.risk.predict._card import (
    AGE_RANGE_YEARS,
    BENEFITS,
    HORIZONS,
    MAX_NODES,
    MAX_SIZE_MM,
    output_columns,
    output_prefix,
    predict_card,
)
from vigil.risk.predict._coefficients import COEFFICIENTS, Version
from vigil.risk.predict._inputs import inputs_from_columns
from vigil.risk.predict._model import summarise_at

__all__ = ["PREDICT_V21", "PREDICT_V30", "PREDICT_V31", "PredictModel", "needed_columns"]

# Unknown is imputed for these (see _inputs.py); for every other needed column it refuses.
_UNKNOWN_OK = ("grade", "pr", "her2", "ki67", "detection")


# Inputs a row can be scored without: micrometastases default to "no"; heart dose is
# needed only when radiotherapy was given (checked per row).
_OPTIONAL = ("micrometastases_only", "heart_dose_gy")


def needed_columns(version: Version) -> tuple[str, ...]:
    """Columns without which no row can be scored (optional ones are not listed)."""
    return tuple(c for c in predict_card(version).inputs if c not in _OPTIONAL)


def _checks(version: Version) -> list[ColumnCheck]:
    low, high = AGE_RANGE_YEARS
    # NaN (unknown) is refused by the value checks; numpy compares NaN as False.
    checks = column_value_checks(needed_columns(version), unknown_ok=_UNKNOWN_OK)
    checks += [
        ColumnCheck(
            lambda c: (c.number("age") < low) | (c.number("age") > high),
            f"age is outside {low:g}-{high:g} years, the range PREDICT accepts",
        ),
        ColumnCheck(
            lambda c: (c.number("size_mm") <= 0) | (c.number("size_mm") > MAX_SIZE_MM),
            f"size_mm is outside (0, {MAX_SIZE_MM:g}] mm, the range PREDICT accepts",
        ),
        ColumnCheck(
            lambda c: (c.number("nodes_positive") < 0) | (c.number("nodes_positive") > MAX_NODES),
            f"nodes_positive is outside 0-{MAX_NODES:g}, the range PREDICT accepts",
        ),
    ]
    if version is not Version.V2_1:
        checks += [
            ColumnCheck(
                lambda c: c.is_code("radiotherapy", "yes") & np.isnan(_heart(c)),
                "heart_dose_gy is missing; PREDICT v3 needs the mean heart dose when "
                "radiotherapy is given",
            ),
            ColumnCheck(lambda c: _heart(c) < 0, "heart_dose_gy is negative"),
        ]
    return checks


def _heart(columns: Columns) -> NDArray[np.float64]:
    if not columns.has("heart_dose_gy"):
        return np.full(columns.height, np.nan)
    return columns.number("heart_dose_gy")


@dataclass(frozen=True, slots=True)
class PredictModel:
    """One PREDICT version; see its :attr:`card`."""

    version: Version
    card: ModelCard
    # Scores blocks of patients on two threads itself (_model._for_blocks): score_table
    # gives it whole chunks rather than halves.
    threads_itself: ClassVar[bool] = True

    def score(self, frame: pl.DataFrame) -> pl.DataFrame:
        """Survival, breast-cancer death and treatment benefits at 5, 10 and 15 years.

        Parameters
        ----------
        frame:
            The typed cohort frame (``vigil.facts.validate_cohort(...).valid``).

        Returns
        -------
        polars.DataFrame
            One row per row of ``frame``, same order: the columns of
            ``card.outputs`` (fractions; null where refused) and ``<prefix>_refused``,
            the reasons a row was refused, null when it was scored.
        """
        return self.score_columns(Columns.of_frame(frame)).frame(refused_name(self.card.id))

    def score_columns(self, columns: Columns) -> Scored:
        """:meth:`score` on the typed cohort columns."""
        names = output_columns(self.version)
        return score_on_columns(
            self.card.id,
            columns,
            needed_columns(self.version),
            dict.fromkeys(names, pl.Float64()),
            _CHECKS[self.version],
            self._values,
        )

    def _values(self, columns: Columns, scored: NDArray[np.bool_]) -> Outputs:
        prefix = output_prefix(self.version)
        chain = COEFFICIENTS[self.version].chain
        summary = summarise_at(self.version, inputs_from_columns(columns, scored), HORIZONS)
        out: Outputs = {}
        for i, h in enumerate(HORIZONS):
            survival = summary.overall_survival[:, i]  # (columns, patients)
            out[f"{prefix}_os_{h}y_surgery_only"] = survival[0]
            out[f"{prefix}_os_{h}y_treated"] = survival[-1]
            out[f"{prefix}_bc_death_{h}y_surgery_only"] = summary.breast_cancer_mortality_surgery[i]
            out[f"{prefix}_bc_death_{h}y_treated"] = summary.breast_cancer_mortality_treated[i]
            for suffix, treatment in BENEFITS:
                # Column j holds the first j treatments of the chain; the benefit of the
                # j-th is the survival gained by adding it.
                j = chain.index(treatment) + 1 if treatment in chain else None
                gain = None if j is None else survival[j] - survival[j - 1]
                out[f"{prefix}_benefit_{h}y_{suffix}"] = gain
            out[f"{prefix}_benefit_{h}y_all"] = survival[-1] - survival[0]
        return out


_CHECKS = {version: _checks(version) for version in Version}

PREDICT_V21 = PredictModel(Version.V2_1, predict_card(Version.V2_1))
PREDICT_V30 = PredictModel(Version.V3_0, predict_card(Version.V3_0))
PREDICT_V31 = PredictModel(Version.V3_1, predict_card(Version.V3_1))
