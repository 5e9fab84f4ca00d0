"""A Cox model fitted by Vigil, loaded from its JSON model file and scored like any model.

The file holds the terms (how columns become covariates), the coefficients, the Breslow
baseline cumulative hazard at a linear predictor of 0, the training data's summary and
the validity domain derived from it. Scoring is vectorised polars: the linear predictor
:math:`\\eta = \\sum_k \\beta_k z_k(x)` and, at each horizon :math:`t`,
:math:`P(\\text{event by } t) = 1 - \\exp\\{-H_0(t)\\, e^{\\eta}\\}`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl

from vigil.errors import VigilError
from vigil.risk._base import Check, ModelCard, score_with_refusals, value_checks
from vigil.risk.fitted._terms import Term, term_from_spec

__all__ = ["FORMAT", "FittedCoxModel", "InputDomain", "model_from_spec"]

FORMAT = "vigil-cox-model"
FORMAT_VERSION = 1
DAYS_PER_YEAR = 365.25


@dataclass(frozen=True, slots=True)
class InputDomain:
    """Where the training data lay for one input column: a range or a set of codes."""

    column: str
    kind: str  # "number" or "code"
    low: float | None = None
    high: float | None = None
    codes: tuple[str, ...] = ()

    def checks(self) -> list[Check]:
        col = pl.col(self.column)
        if self.kind == "number":
            found: list[Check] = []
            if self.low is not None:
                found.append(
                    Check(
                        col.cast(pl.Float64) < self.low,
                        f"{self.column} is below {self.low:g}, outside the model's domain",
                    )
                )
            if self.high is not None:
                found.append(
                    Check(
                        col.cast(pl.Float64) > self.high,
                        f"{self.column} is above {self.high:g}, outside the model's domain",
                    )
                )
            return found
        allowed = ", ".join(self.codes)
        return [
            Check(
                ~col.cast(pl.String).is_in(list(self.codes)),
                f"{self.column} must be one of {allowed} (the codes in the training data)",
            )
        ]


@dataclass(frozen=True, slots=True)
class FittedCoxModel:
    """A fitted Cox model that satisfies :class:`vigil.risk.RiskModel`."""

    card: ModelCard
    terms: tuple[Term, ...]
    coefficients: tuple[float, ...]
    baseline_time: tuple[float, ...]
    baseline_cumhaz: tuple[float, ...]
    time_unit_days: float
    horizons_years: tuple[int, ...]
    domains: tuple[InputDomain, ...]
    spec: Mapping[str, Any]

    @property
    def prefix(self) -> str:
        return self.card.id.replace("-", "_").replace(".", "")

    @property
    def lp_column(self) -> str:
        return f"{self.prefix}_lp"

    def risk_column(self, years: int) -> str:
        return f"{self.prefix}_event_{years}y"

    def design(self) -> list[pl.Expr]:
        """Every design column as an expression, in coefficient order."""
        return [expr for term in self.terms for expr in term.expressions()]

    def linear_predictor(self) -> pl.Expr:
        parts = [expr * beta for expr, beta in zip(self.design(), self.coefficients, strict=True)]
        return pl.sum_horizontal(parts)

    def cumulative_hazard_at(self, years: float) -> float:
        """Breslow :math:`H_0` at ``years`` (a step function; 0 before the first event)."""
        t = years * DAYS_PER_YEAR / self.time_unit_days
        i = int(np.searchsorted(self.baseline_time, t, side="right")) - 1
        return 0.0 if i < 0 else float(self.baseline_cumhaz[i])

    def outputs(self) -> dict[str, pl.Expr]:
        lp = pl.col(self.lp_column)
        out = {self.lp_column: self.linear_predictor()}
        for years in self.horizons_years:
            h0 = self.cumulative_hazard_at(years)
            out[self.risk_column(years)] = 1.0 - (-h0 * lp.exp()).exp()
        return out

    def checks(self, frame: pl.DataFrame) -> list[Check]:
        found = value_checks(self.card.inputs, frame)
        for domain in self.domains:
            found += domain.checks()
        return found

    def score(self, frame: pl.DataFrame) -> pl.DataFrame:
        """Linear predictor and event probabilities; rows outside the domain are refused."""
        dtypes: dict[str, pl.DataType] = {self.lp_column: pl.Float64()}
        dtypes |= {self.risk_column(y): pl.Float64() for y in self.horizons_years}
        return score_with_refusals(
            frame, self.card, dtypes, self.outputs, lambda: self.checks(frame)
        )


def _text(spec: Mapping[str, Any], key: str) -> str:
    value = spec.get(key)
    if not isinstance(value, str) or not value:
        msg = f"model file: {key!r} must be text (got {value!r})"
        raise VigilError(msg)
    return value


def _texts(spec: Mapping[str, Any], key: str) -> tuple[str, ...]:
    values = spec.get(key, [])
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        msg = f"model file: {key!r} must be a list of text"
        raise VigilError(msg)
    return tuple(values)


def _floats(values: Any, key: str) -> tuple[float, ...]:
    if not isinstance(values, list) or not all(isinstance(v, int | float) for v in values):
        msg = f"model file: {key!r} must be a list of numbers"
        raise VigilError(msg)
    return tuple(float(v) for v in values)


def _domains(spec: Sequence[Mapping[str, Any]]) -> tuple[InputDomain, ...]:
    out: list[InputDomain] = []
    for item in spec:
        column, kind = item.get("column"), item.get("kind")
        if not isinstance(column, str) or kind not in ("number", "code"):
            msg = f"model file: bad input domain {item!r}"
            raise VigilError(msg)
        if kind == "number":
            low, high = item.get("min"), item.get("max")
            for bound in (low, high):
                if bound is not None and not isinstance(bound, int | float):
                    msg = f"model file: inputs.{column} bounds must be numbers or null"
                    raise VigilError(msg)
            out.append(
                InputDomain(
                    column,
                    kind,
                    low=None if low is None else float(low),
                    high=None if high is None else float(high),
                )
            )
        else:
            out.append(InputDomain(column, kind, codes=_texts(item, "codes")))
    return tuple(out)


def model_from_spec(spec: Mapping[str, Any]) -> FittedCoxModel:
    """Build a model from the parsed JSON of a model file, checking every part."""
    if spec.get("format") != FORMAT or spec.get("format_version") != FORMAT_VERSION:
        msg = (
            f"not a Vigil model file: expected format {FORMAT!r} version {FORMAT_VERSION} "
            f"(got {spec.get('format')!r} version {spec.get('format_version')!r})"
        )
        raise VigilError(msg)
    terms = tuple(term_from_spec(t) for t in spec.get("terms", []))
    if not terms:
        msg = "model file: 'terms' is empty"
        raise VigilError(msg)
    names = [name for term in terms for name in term.outputs]
    coef = spec.get("coefficients", {})
    if not isinstance(coef, dict) or sorted(coef) != sorted(names):
        msg = f"model file: 'coefficients' must give exactly {names} (got {sorted(coef)})"
        raise VigilError(msg)
    baseline = spec.get("baseline", {})
    times = _floats(baseline.get("time"), "baseline.time")
    cumhaz = _floats(baseline.get("cumulative_hazard"), "baseline.cumulative_hazard")
    if len(times) != len(cumhaz) or not times:
        msg = "model file: baseline time and cumulative_hazard must be equally long"
        raise VigilError(msg)
    card_spec = spec.get("card", {})
    domains = _domains(spec.get("inputs", []))
    horizons = tuple(int(h) for h in _floats(spec.get("horizons_years"), "horizons_years"))
    model_id = _text(spec, "id")
    prefix = model_id.replace("-", "_").replace(".", "")
    outputs = {f"{prefix}_lp": "linear predictor (log relative hazard; higher = higher risk)"}
    outcome = _text(spec, "outcome")
    outputs |= {
        f"{prefix}_event_{y}y": f"probability of {outcome} by {y} year{'' if y == 1 else 's'} "
        "(fraction)"
        for y in horizons
    }
    card = ModelCard(
        id=model_id,
        name=_text(card_spec, "name"),
        version=_text(spec, "version"),
        source=_text(card_spec, "source"),
        reference_implementation=_text(card_spec, "reference_implementation"),
        intended_use=_text(card_spec, "intended_use"),
        validity_domain=_texts(card_spec, "validity_domain"),
        inputs=tuple(d.column for d in domains),
        outputs=outputs,
        notes=_texts(card_spec, "notes"),
    )
    unknown = sorted({t.column for t in terms} - set(card.inputs))
    if unknown:
        msg = f"model file: terms use columns not listed in 'inputs': {unknown}"
        raise VigilError(msg)
    return FittedCoxModel(
        card=card,
        terms=terms,
        coefficients=tuple(float(coef[name]) for name in names),
        baseline_time=times,
        baseline_cumhaz=cumhaz,
        time_unit_days=float(spec.get("time_unit_days", 1.0)),
        horizons_years=horizons,
        domains=domains,
        spec=spec,
    )
