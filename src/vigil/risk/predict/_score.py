"""PREDICT v2.1, v3.0 and v3.1 as risk models that score the typed cohort frame."""

from __future__ import annotations

from dataclasses import dataclass

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
from vigil.risk.predict._inputs import inputs_from_frame
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


def _checks(version: Version, frame: pl.DataFrame) -> list[Check]:
    low, high = AGE_RANGE_YEARS
    age, size, nodes = pl.col("age"), pl.col("size_mm"), pl.col("nodes_positive")
    checks = value_checks(needed_columns(version), frame, unknown_ok=_UNKNOWN_OK)
    # NaN (unknown) is refused above; polars orders NaN above every number, so exclude it.
    checks += [
        Check(
            age.is_not_nan() & ((age < low) | (age > high)),
            f"age is outside {low:g}-{high:g} years, the range PREDICT accepts",
        ),
        Check(
            size.is_not_nan() & ((size <= 0) | (size > MAX_SIZE_MM)),
            f"size_mm is outside (0, {MAX_SIZE_MM:g}] mm, the range PREDICT accepts",
        ),
        Check(
            nodes.is_not_nan() & ((nodes < 0) | (nodes > MAX_NODES)),
            f"nodes_positive is outside 0-{MAX_NODES:g}, the range PREDICT accepts",
        ),
    ]
    if version is not Version.V2_1:
        heart = (
            pl.col("heart_dose_gy")
            if "heart_dose_gy" in frame.columns
            else pl.lit(None, dtype=pl.Float64)
        )
        checks += [
            Check(
                (pl.col("radiotherapy") == "yes") & (heart.is_null() | heart.is_nan()),
                "heart_dose_gy is missing; PREDICT v3 needs the mean heart dose when "
                "radiotherapy is given",
            ),
            Check(heart < 0, "heart_dose_gy is negative"),
        ]
    return checks


@dataclass(frozen=True, slots=True)
class PredictModel:
    """One PREDICT version; see its :attr:`card`."""

    version: Version
    card: ModelCard

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
        names = list(output_columns(self.version))
        refused = refused_name(self.card.id)
        absent = missing_columns_reason(frame, needed_columns(self.version))
        if absent is not None:
            return pl.DataFrame(
                [pl.Series(name, [None] * frame.height, dtype=pl.Float64) for name in names]
                + [pl.Series(refused, [absent] * frame.height, dtype=pl.String)]
            )
        reasons = refusal_reasons(frame, _checks(self.version, frame)).alias(refused)
        scored = reasons.is_null()
        values = self._values(frame, scored.to_numpy())
        return (
            pl.DataFrame(values)
            .with_columns(pl.when(scored).then(pl.col(name)).alias(name) for name in names)
            .with_columns(reasons)
        )

    def _values(self, frame: pl.DataFrame, scored: NDArray[np.bool_]) -> dict[str, pl.Series]:
        prefix = output_prefix(self.version)
        chain = COEFFICIENTS[self.version].chain
        summary = summarise_at(self.version, inputs_from_frame(frame, scored), HORIZONS)
        n = frame.height
        out: dict[str, pl.Series] = {}

        def put(name: str, values: NDArray[np.float64] | None) -> None:
            if values is None:
                out[name] = pl.Series(name, [None] * n, dtype=pl.Float64)
            else:
                out[name] = pl.Series(name, values, dtype=pl.Float64)

        for i, h in enumerate(HORIZONS):
            survival = summary.overall_survival[:, i]  # (columns, patients)
            put(f"{prefix}_os_{h}y_surgery_only", survival[0])
            put(f"{prefix}_os_{h}y_treated", survival[-1])
            put(f"{prefix}_bc_death_{h}y_surgery_only", summary.breast_cancer_mortality_surgery[i])
            put(f"{prefix}_bc_death_{h}y_treated", summary.breast_cancer_mortality_treated[i])
            for suffix, treatment in BENEFITS:
                # Column j holds the first j treatments of the chain; the benefit of the
                # j-th is the survival gained by adding it.
                j = chain.index(treatment) + 1 if treatment in chain else None
                gain = None if j is None else survival[j] - survival[j - 1]
                put(f"{prefix}_benefit_{h}y_{suffix}", gain)
            put(f"{prefix}_benefit_{h}y_all", survival[-1] - survival[0])
        return out


PREDICT_V21 = PredictModel(Version.V2_1, predict_card(Version.V2_1))
PREDICT_V30 = PredictModel(Version.V3_0, predict_card(Version.V3_0))
PREDICT_V31 = PredictModel(Version.V3_1, predict_card(Version.V3_1))
