"""Model terms: how input columns become the columns a fitted Cox model multiplies.

One definition serves fitting (:mod:`vigil.evaluate._fit` builds the design matrix with it)
and scoring (:class:`vigil.risk.fitted.FittedCoxModel`), so a model file is always scored
exactly as it was fitted. Each term is a polars expression over the input frame.

Term specs (the ``terms`` of a model file, and what ``vigil fit --terms`` parses):

========================================  ====================================================
``{"kind": "linear", "column", "scale"}``  :math:`x / s`
``{"kind": "fp", "column", "powers",``     fractional polynomial of :math:`u = x / s`:
``"scale"}``                               power 0 is :math:`\\ln u`; a repeated power
                                           multiplies by :math:`\\ln u` (Royston & Altman 1994)
``{"kind": "rcs", "column", "knots"}``     restricted cubic spline, linear beyond the outer
                                           knots (Harrell 2015, section 2.4.5)
``{"kind": "bands", "column", "cuts"}``    one indicator per band above the first:
                                           :math:`c_{k-1} < x \\le c_k` and :math:`x > c_K`
``{"kind": "equals", "column", "value"}``  indicator of one code, e.g. menopausal status "post"
========================================  ====================================================

References
----------
1. Royston P, Altman DG. Regression using fractional polynomials of continuous covariates:
   parsimonious parametric modelling. Appl Stat 1994;43:429-467. doi:10.2307/2986270
2. Harrell FE. Regression Modeling Strategies, 2nd ed. Springer, 2015.
   doi:10.1007/978-3-319-19425-7
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl

from vigil.errors import VigilError

__all__ = ["FP_POWERS", "Term", "rcs_knot_quantiles", "term_from_spec"]

FP_POWERS: tuple[float, ...] = (-2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0, 3.0)
"""The conventional fractional-polynomial power set (Royston & Altman 1994)."""

# Harrell 2015, Table 2.3: knot placement by quantile for 3-7 knots.
_RCS_QUANTILES: dict[int, tuple[float, ...]] = {
    3: (0.10, 0.50, 0.90),
    4: (0.05, 0.35, 0.65, 0.95),
    5: (0.05, 0.275, 0.50, 0.725, 0.95),
    6: (0.05, 0.23, 0.41, 0.59, 0.77, 0.95),
    7: (0.025, 0.1833, 0.3417, 0.50, 0.6583, 0.8167, 0.975),
}


def rcs_knot_quantiles(k: int) -> tuple[float, ...]:
    """Harrell's default knot quantiles for a spline with ``k`` knots (3-7)."""
    if k not in _RCS_QUANTILES:
        msg = f"a restricted cubic spline needs 3-7 knots (got {k})"
        raise VigilError(msg)
    return _RCS_QUANTILES[k]


def _number(spec: Mapping[str, Any], key: str, default: float | None = None) -> float:
    value = spec.get(key, default)
    if not isinstance(value, int | float) or isinstance(value, bool):
        msg = f"term {spec.get('name', spec)!r}: {key!r} must be a number (got {value!r})"
        raise VigilError(msg)
    return float(value)


def _numbers(spec: Mapping[str, Any], key: str) -> tuple[float, ...]:
    values = spec.get(key)
    if not isinstance(values, list | tuple) or not values:
        msg = f"term {spec.get('name', spec)!r}: {key!r} must be a list of numbers"
        raise VigilError(msg)
    return tuple(_number({key: v}, key) for v in values)


@dataclass(frozen=True, slots=True)
class Term:
    """One model term: the columns it makes from one input column."""

    name: str
    kind: str
    column: str
    params: Mapping[str, Any]

    @property
    def outputs(self) -> tuple[str, ...]:
        """Names of the design columns, e.g. ``age_fp1``, ``age_fp2``."""
        count = {
            "linear": 1,
            "equals": 1,
            "fp": len(self.params.get("powers", ())),
            "rcs": len(self.params.get("knots", ())) - 1,
            "bands": len(self.params.get("cuts", ())),
        }[self.kind]
        if count == 1 and self.kind in ("linear", "equals"):
            return (self.name,)
        return tuple(f"{self.name}_{i}" for i in range(1, count + 1))

    def expressions(self) -> list[pl.Expr]:
        """The design columns as polars expressions over the input frame."""
        x = pl.col(self.column)
        if self.kind == "linear":
            return [(x.cast(pl.Float64) / self.params["scale"]).alias(self.name)]
        if self.kind == "equals":
            value = self.params["value"]
            if isinstance(value, str):
                hit = x.cast(pl.String) == value
            else:
                hit = x.cast(pl.Float64) == float(value)
            return [hit.cast(pl.Float64).alias(self.name)]
        if self.kind == "fp":
            return _fp(x.cast(pl.Float64) / self.params["scale"], self.params["powers"], self)
        if self.kind == "rcs":
            return _rcs(x.cast(pl.Float64), self.params["knots"], self)
        cuts = self.params["cuts"]
        xf = x.cast(pl.Float64)
        exprs = []
        for i, low in enumerate(cuts):
            band = xf > low
            if i + 1 < len(cuts):
                band = band & (xf <= cuts[i + 1])
            exprs.append(band.cast(pl.Float64).alias(self.outputs[i]))
        return exprs

    def as_spec(self) -> dict[str, Any]:
        return {"name": self.name, "kind": self.kind, "column": self.column, **self.params}


def _fp(u: pl.Expr, powers: Sequence[float], term: Term) -> list[pl.Expr]:
    # Royston & Altman 1994: u**p, with p = 0 meaning ln(u); each repeat of a power
    # multiplies the previous term by ln(u).
    exprs: list[pl.Expr] = []
    previous: float | None = None
    current = u
    for i, p in enumerate(powers):
        base = u.log() if p == 0 else u.pow(p)
        current = current * u.log() if previous == p else base
        exprs.append(current.alias(term.outputs[i]))
        previous = p
    return exprs


def _rcs(x: pl.Expr, knots: Sequence[float], term: Term) -> list[pl.Expr]:
    # Harrell 2015, eq. 2.25, with the basis scaled by (t_k - t_1)^2 as in rms::rcspline.eval.
    t = list(knots)
    k = len(t)
    norm = (t[-1] - t[0]) ** 2

    def cube(v: float) -> pl.Expr:
        return pl.max_horizontal(x - v, pl.lit(0.0)).pow(3)

    exprs = [x.alias(term.outputs[0])]
    for j in range(k - 2):
        basis = (
            cube(t[j])
            - cube(t[k - 2]) * (t[k - 1] - t[j]) / (t[k - 1] - t[k - 2])
            + cube(t[k - 1]) * (t[k - 2] - t[j]) / (t[k - 1] - t[k - 2])
        ) / norm
        exprs.append(basis.alias(term.outputs[j + 1]))
    return exprs


def term_from_spec(spec: Mapping[str, Any]) -> Term:
    """A :class:`Term` from its JSON spec, with every parameter checked."""
    kind = spec.get("kind")
    column = spec.get("column")
    if not isinstance(column, str) or not column:
        msg = f"term {spec!r}: 'column' must name an input column"
        raise VigilError(msg)
    name = spec.get("name", column)
    if not isinstance(name, str):
        msg = f"term {spec!r}: 'name' must be text"
        raise VigilError(msg)
    params: dict[str, Any]
    if kind == "linear":
        params = {"scale": _number(spec, "scale", 1.0)}
    elif kind == "fp":
        powers = _numbers(spec, "powers")
        bad = [p for p in powers if p not in FP_POWERS]
        if bad or len(powers) > 2:
            msg = f"term {name!r}: fp powers must be 1 or 2 of {FP_POWERS} (got {list(powers)})"
            raise VigilError(msg)
        params = {"powers": list(powers), "scale": _number(spec, "scale", 1.0)}
    elif kind == "rcs":
        knots = _numbers(spec, "knots")
        if len(knots) < 3 or any(b <= a for a, b in itertools.pairwise(knots)):
            msg = f"term {name!r}: rcs needs 3 or more increasing knots (got {list(knots)})"
            raise VigilError(msg)
        params = {"knots": list(knots)}
    elif kind == "bands":
        cuts = _numbers(spec, "cuts")
        if any(b <= a for a, b in itertools.pairwise(cuts)):
            msg = f"term {name!r}: band cuts must increase (got {list(cuts)})"
            raise VigilError(msg)
        params = {"cuts": list(cuts)}
    elif kind == "equals":
        value = spec.get("value")
        if not isinstance(value, str | int | float):
            msg = f"term {name!r}: 'value' must be a code or a number (got {value!r})"
            raise VigilError(msg)
        params = {"value": value}
    else:
        msg = f"term {name!r}: kind must be one of linear, fp, rcs, bands, equals (got {kind!r})"
        raise VigilError(msg)
    return Term(name=name, kind=str(kind), column=column, params=params)
