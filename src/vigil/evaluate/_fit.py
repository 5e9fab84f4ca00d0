"""Fit a Cox proportional-hazards model (scikit-survival) into a Vigil model file's contents.

Why scikit-survival: it is maintained, takes Breslow's handling of ties (the method of the
papers we reproduce, and of Stata's ``stcox``), has a scikit-learn interface, and Vigil
already depends on it; lifelines is kept as a benchmark peer only. See
``docs/validation/fitting.md``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl
from sksurv.linear_model import CoxPHSurvivalAnalysis
from sksurv.util import Surv

from vigil.errors import VigilError
from vigil.evaluate._checks import FloatArray, check_survival
from vigil.risk.fitted import FORMAT, Term, rcs_knot_quantiles, term_from_spec
from vigil.risk.fitted._model import FORMAT_VERSION

__all__ = ["CoxModelFit", "fit_cox", "parse_terms"]

_CALL = re.compile(r"^\s*(\w+)\s*\((.*)\)\s*$")


def _value(text: str) -> str | float:
    try:
        return float(text)
    except ValueError:
        return text.strip().strip("'\"")


def parse_terms(text: str) -> list[dict[str, Any]]:
    """Parse ``vigil fit --terms``: term specs joined by ``+``.

    ``age`` (linear), ``linear(er_fmol, scale=1000)``, ``fp(age, 3, 3, scale=100)``,
    ``rcs(age, k=4)`` or ``rcs(age, knots=40|55|70)``, ``bands(size_mm, 20, 50)``,
    ``equals(menopausal_status, post)``; ``name=...`` renames a term.
    """
    specs: list[dict[str, Any]] = []
    for raw in text.split("+"):
        part = raw.strip()
        if not part:
            msg = f"terms: empty term in {text!r}"
            raise VigilError(msg)
        match = _CALL.match(part)
        if match is None:
            if not re.fullmatch(r"\w+", part):
                msg = f"terms: cannot read {part!r} (expected a column or kind(column, ...))"
                raise VigilError(msg)
            specs.append({"kind": "linear", "column": part, "name": part})
            continue
        kind, inner = match.group(1), match.group(2)
        args = [a.strip() for a in inner.split(",") if a.strip()]
        if not args:
            msg = f"terms: {part!r} names no column"
            raise VigilError(msg)
        spec: dict[str, Any] = {"kind": kind, "column": args[0], "name": args[0]}
        positional: list[str | float] = []
        for arg in args[1:]:
            if "=" in arg:
                key, value = (s.strip() for s in arg.split("=", 1))
                if key == "knots":
                    spec["knots"] = [float(v) for v in value.split("|")]
                else:
                    spec[key] = _value(value)
            else:
                positional.append(_value(arg))
        if kind == "fp":
            spec["powers"] = positional
        elif kind == "bands":
            spec["cuts"] = positional
        elif kind == "equals":
            if len(positional) != 1:
                msg = f"terms: {part!r} needs exactly one value"
                raise VigilError(msg)
            spec["value"] = positional[0]
        elif positional:
            msg = f"terms: {part!r} takes no positional values"
            raise VigilError(msg)
        specs.append(spec)
    return specs


def _resolve(spec: Mapping[str, Any], frame: pl.DataFrame) -> Term:
    """A term, with spline knots placed at Harrell's quantiles when only ``k`` was given."""
    column = spec.get("column")
    if column not in frame.columns:
        msg = f"terms: no column {column!r} in the table (it has {', '.join(frame.columns)})"
        raise VigilError(msg)
    if spec.get("kind") == "rcs" and "knots" not in spec:
        k = int(spec.get("k", 4))
        values = frame.get_column(str(column)).cast(pl.Float64).drop_nulls().to_numpy()
        knots = np.quantile(values, rcs_knot_quantiles(k)).tolist()
        spec = {key: v for key, v in spec.items() if key != "k"} | {"knots": knots}
    return term_from_spec(spec)


@dataclass(frozen=True, slots=True)
class CoxModelFit:
    """A fitted model: the model file's contents and the fit's statistics.

    ``spec`` is what ``vigil fit`` writes as JSON; ``coef`` and ``se`` are in the order of
    ``names``; ``dropped`` counts rows left out for a missing value.
    """

    spec: dict[str, Any]
    names: tuple[str, ...]
    coef: FloatArray
    se: FloatArray
    loglik: float
    n: int
    events: int
    dropped: int


def _breslow_information(
    x: FloatArray, time: FloatArray, event: np.ndarray[Any, Any], beta: FloatArray
) -> FloatArray:
    """Observed information of the Breslow partial likelihood (for standard errors).

    Sums are gathered per distinct time first, so memory is (times x p x p), not n x p x p.
    """
    order = np.argsort(time, kind="stable")
    x, t, e = x[order], time[order], event[order]
    first = np.flatnonzero(np.concatenate(([True], t[1:] != t[:-1])))
    r = np.exp(x @ beta)
    p = x.shape[1]
    r0 = np.add.reduceat(r, first)
    r1 = np.add.reduceat(r[:, None] * x, first, axis=0)
    r2 = np.zeros((first.shape[0], p, p))
    for a in range(p):
        r2[:, a, :] = np.add.reduceat(r[:, None] * x[:, a : a + 1] * x, first, axis=0)
    s0 = np.cumsum(r0[::-1])[::-1]
    s1 = np.cumsum(r1[::-1], axis=0)[::-1]
    s2 = np.cumsum(r2[::-1], axis=0)[::-1]
    deaths = np.add.reduceat(e.astype(np.float64), first)
    mean = s1 / s0[:, None]
    per_time = s2 / s0[:, None, None] - mean[:, :, None] * mean[:, None, :]
    return np.asarray(np.einsum("t,tab->ab", deaths, per_time))


def _summary(
    frame: pl.DataFrame,
    terms: Sequence[Term],
    domain: Mapping[str, tuple[float | None, float | None]],
) -> list[dict[str, Any]]:
    """Each input's training summary and validity domain.

    A numeric input read through a smooth term (linear, fp, rcs) is valid within the
    training range unless ``domain`` widens or opens it (None = no bound); one read only
    through ``bands`` or ``equals`` has no range (its categories cover every value).
    """
    smooth = {t.column for t in terms if t.kind in ("linear", "fp", "rcs")}
    out: list[dict[str, Any]] = []
    for name in dict.fromkeys(t.column for t in terms):
        col = frame.get_column(name)
        if col.dtype.is_numeric():
            values = col.cast(pl.Float64)
            low, high = float(values.min()), float(values.max())  # type: ignore[arg-type]
            bounds: tuple[float | None, float | None] = (
                (low, high) if name in smooth else (None, None)
            )
            bounds = domain.get(name, bounds)
            out.append(
                {
                    "column": name,
                    "kind": "number",
                    "min": bounds[0],
                    "max": bounds[1],
                    "training": {"min": low, "max": high, "mean": float(values.mean())},  # type: ignore[arg-type]
                }
            )
        else:
            counts = col.cast(pl.String).value_counts(sort=True)
            out.append(
                {
                    "column": name,
                    "kind": "code",
                    "codes": sorted(str(v) for v in counts.get_column(name).to_list()),
                    "training": {"counts": {str(k): int(v) for k, v in counts.iter_rows()}},
                }
            )
    return out


def fit_cox(
    frame: pl.DataFrame,
    time: str,
    event: str,
    terms: Sequence[Mapping[str, Any]],
    *,
    model_id: str,
    outcome: str,
    time_unit_days: float = 1.0,
    horizons_years: Sequence[int] = (1, 2, 3, 4, 5, 6, 7),
    card: Mapping[str, Any] | None = None,
    version: str = "1.0",
    training: Mapping[str, Any] | None = None,
    domain: Mapping[str, tuple[float | None, float | None]] | None = None,
) -> CoxModelFit:
    """Fit a Cox model (Breslow ties) and return the contents of its model file.

    Parameters
    ----------
    frame : polars.DataFrame
        Training data: the time and event columns and every column the terms use.
    time, event : str
        Column names of follow-up time (unit: ``time_unit_days`` days) and event (0/1).
    terms : sequence of term specs
        See :mod:`vigil.risk.fitted._terms` and :func:`parse_terms`.
    model_id, outcome : str
        The model's id (e.g. ``rotterdam-rfs``) and its outcome in words.
    horizons_years : sequence of int
        Years at which the model reports the probability of the event.
    card, version, training : mapping, optional
        The model card's text fields, the model's version and where the data came from.
    domain : mapping of column to (low, high), optional
        Validity bounds that replace the training range (None = unbounded).

    Returns
    -------
    CoxModelFit

    Notes
    -----
    Maximises the Breslow partial likelihood with scikit-survival's
    ``CoxPHSurvivalAnalysis(alpha=0, ties="breslow")`` (Newton-Raphson) and stores the
    Breslow estimate of the baseline cumulative hazard at a linear predictor of 0,

    .. math:: \\hat H_0(t) = \\sum_{t_i \\le t} \\frac{d_i}{\\sum_{j \\in R(t_i)}
              e^{x_j^\\top \\hat\\beta}}

    Rows with a missing value in a used column are left out and counted. The validity
    domain is the training data's range of every numeric input and its set of codes.

    References
    ----------
    1. Cox DR. Regression models and life-tables. J R Stat Soc B 1972;34:187-220.
       doi:10.1111/j.2517-6161.1972.tb00899.x
    2. Breslow NE. Covariance analysis of censored survival data. Biometrics
       1974;30:89-99. doi:10.2307/2529620
    3. Pölsterl S. scikit-survival: a library for time-to-event analysis built on top of
       scikit-learn. J Mach Learn Res 2020;21:1-6.
    """
    for name in (time, event):
        if name not in frame.columns:
            msg = f"no column {name!r} in the table (it has {', '.join(frame.columns)})"
            raise VigilError(msg)
    resolved = [_resolve(spec, frame) for spec in terms]
    inputs = list(dict.fromkeys(term.column for term in resolved))
    used = frame.select([time, event, *inputs])
    complete = used.drop_nulls()
    floats = [c for c in complete.columns if complete.schema[c].is_float()]
    if floats:
        complete = complete.filter(~pl.any_horizontal([pl.col(c).is_nan() for c in floats]))
    dropped = frame.height - complete.height
    t, e = check_survival(
        complete.get_column(time).cast(pl.Float64).to_numpy(),
        complete.get_column(event).cast(pl.Float64).to_numpy(),
    )
    design = complete.select([expr for term in resolved for expr in term.expressions()])
    names = tuple(design.columns)
    x = design.to_numpy().astype(np.float64)
    if not np.isfinite(x).all():
        bad = [n for n, ok in zip(names, np.isfinite(x).all(axis=0), strict=True) if not ok]
        msg = f"terms {bad} are not finite for some rows (e.g. log or power of 0)"
        raise VigilError(msg)
    model = CoxPHSurvivalAnalysis(alpha=0.0, ties="breslow", n_iter=200, tol=1e-12)
    model.fit(x, Surv.from_arrays(e, t))
    beta = np.asarray(model.coef_, dtype=np.float64)
    information = _breslow_information(x, t, e, beta)
    se = np.sqrt(np.diag(np.linalg.inv(information)))
    step = model.cum_baseline_hazard_
    baseline_time = np.asarray(step.x, dtype=np.float64)
    baseline = np.asarray(step.y, dtype=np.float64)
    lp = x @ beta
    order = np.argsort(t, kind="stable")
    risk = np.cumsum(np.exp(lp[order])[::-1])[::-1]
    first = np.searchsorted(t[order], t[order], side="left")
    loglik = float((lp[order] - np.log(risk[first]))[e[order]].sum())
    domains = _summary(complete, resolved, domain or {})
    spec: dict[str, Any] = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "id": model_id,
        "version": version,
        "outcome": outcome,
        "time_unit_days": time_unit_days,
        "horizons_years": list(horizons_years),
        "card": {
            "name": f"Cox model {model_id}",
            "source": "Fitted by Vigil (vigil.evaluate fit_cox)",
            "reference_implementation": "scikit-survival CoxPHSurvivalAnalysis, Breslow ties",
            "intended_use": "Research use; validate before any other use.",
            "validity_domain": ["the training data's range of every input"],
            **(card or {}),
        },
        "inputs": domains,
        "terms": [term.as_spec() for term in resolved],
        "coefficients": dict(zip(names, beta.tolist(), strict=True)),
        "standard_errors": dict(zip(names, se.tolist(), strict=True)),
        "baseline": {"time": baseline_time.tolist(), "cumulative_hazard": baseline.tolist()},
        "fit": {
            "method": "Cox proportional hazards, Breslow ties",
            "library": "scikit-survival CoxPHSurvivalAnalysis(alpha=0, ties='breslow')",
            "n": int(t.shape[0]),
            "events": int(e.sum()),
            "rows_dropped_missing": int(dropped),
            "loglik": loglik,
            "time_column": time,
            "event_column": event,
            "linear_predictor_mean": float(lp.mean()),
        },
        "training": dict(training or {}),
    }
    return CoxModelFit(
        spec=spec,
        names=names,
        coef=beta,
        se=se,
        loglik=loglik,
        n=int(t.shape[0]),
        events=int(e.sum()),
        dropped=int(dropped),
    )
