"""Reproduce Royston & Altman (2013): develop on Rotterdam, validate on GBSG (a shell).

Writes ``docs/validation/rotterdam-gbsg.md`` with its SVG plots and the shipped model
file ``src/vigil/risk/fitted/rotterdam-rfs.json``. Every number is computed here, from
``data/``, through the same code a user runs (``vigil.evaluate``, ``FittedCoxModel``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from vigil.evaluate import (
    Validation,
    calibration_by_group,
    cumulative_dynamic_auc,
    kaplan_meier,
    validate,
)
from vigil.evaluate._fit import CoxModelFit, fit_cox, parse_terms
from vigil.evaluate.reports import _plots
from vigil.evaluate.reports._cohort import typed_table
from vigil.evaluate.reports._data import gbsg_validation, rotterdam_development
from vigil.evaluate.reports._text import calibration_rows, fmt, fmt_ci, table
from vigil.risk.fitted import FittedCoxModel, model_from_spec

__all__ = ["TERMS", "RotterdamResult", "rotterdam_gbsg"]

TERMS = (
    "fp(age, 3, 3, scale=100) + equals(menopausal_status, post, name=post_menopausal) + "
    "bands(size_mm, 20, 50, name=size) + fp(nodes_positive, -0.5) + "
    "linear(er_fmol, scale=1000) + equals(endocrine, yes, name=endocrine)"
)
"""Royston & Altman 2013, Table 2: FP2 age (3, 3) on age/100, menopause, size bands,
FP1 nodes^-0.5, ER/1000, hormonal therapy."""

# Royston & Altman 2013, Table 2, as quoted in survival's royston vignette. The paper's
# 0.31 for size > 50 mm is coded against 20-50 mm; on our coding (against <= 20) it is
# 0.23 + 0.31 = 0.54.
PAPER = {
    "age_1": 1.07,
    "age_2": 9.13,
    "post_menopausal": 0.46,
    "size_1": 0.23,
    "size_2": 0.54,
    "nodes_positive_1": -1.74,
    "er_fmol": -0.34,
    "endocrine": -0.35,
}
LABELS = {
    "age_1": "(age/100)³",
    "age_2": "(age/100)³ · ln(age/100)",
    "post_menopausal": "postmenopausal",
    "size_1": "size 20–50 mm",
    "size_2": "size > 50 mm",
    "nodes_positive_1": "nodes^−0.5",
    "er_fmol": "ER (fmol) / 1000",
    "endocrine": "hormonal therapy",
}
HORIZON_DAYS = round(5 * 365.25)
DOMAIN: dict[str, tuple[float | None, float | None]] = {
    # Rotterdam's ages run 24-90; the FP2 age curve is smooth below, and GBSG (21-80), on
    # which the paper validated every patient, starts at 21: adults from 18 are scored.
    "age": (18.0, 90.0),
    # nodes^-0.5 flattens out: counts above Rotterdam's 34 (GBSG has up to 51) are scored.
    "nodes_positive": (1.0, None),
    "er_fmol": (0.0, None),
}
BOOTSTRAP = 200
SEED = 2013


@dataclass(frozen=True, slots=True)
class RotterdamResult:
    fit: CoxModelFit
    model: FittedCoxModel
    development: Validation
    validation: Validation


def _card(development: Validation | None, validation: Validation | None) -> dict[str, Any]:
    figures = ""
    if development is not None and validation is not None:
        figures = (
            f" Apparent performance in Rotterdam: Harrell's C "
            f"{development.harrell_c.value:.3f}, D {development.d_statistic.value:.2f}. "
            f"External validation in GBSG (686 patients, RFS censored at 84 months): "
            f"Harrell's C {fmt_ci(validation.harrell_c)}, D {fmt_ci(validation.d_statistic, 2)}, "
            f"calibration slope {fmt_ci(validation.calibration_slope, 2)}, observed/expected "
            f"5-year risk {fmt_ci(validation.observed_expected, 2)} (95 % bootstrap intervals)."
        )
    return {
        "name": "Rotterdam relapse-free survival model (Royston & Altman 2013 reproduction)",
        "source": (
            "Fitted by Vigil on the node-positive patients of the Rotterdam tumour bank "
            "(R survival 3.5-3 data set `rotterdam`; n = 1546, 965 events), reproducing "
            "Royston P, Altman DG, BMC Med Res Methodol 2013;13:33, "
            "doi:10.1186/1471-2288-13-33, Table 2"
        ),
        "reference_implementation": (
            "R survival 3.5-3 coxph(..., ties = 'breslow') as in the package's royston "
            "vignette; Vigil's coefficients, standard errors and baseline hazard agree with "
            "it to 1e-12 (tests/evaluate/test_reproduction.py). Regenerate with "
            "`python -m vigil.evaluate.reports rotterdam-gbsg`."
        ),
        "intended_use": (
            "Relapse-free survival (relapse or death, whichever first) 1-7 years after "
            "surgery for node-positive primary breast cancer, for research and teaching: a "
            "transparent, externally validated example, not a treatment-decision tool."
        ),
        "validity_domain": [
            "node-positive (1 or more positive axillary nodes) primary operable breast cancer",
            "age 18-90 years (Rotterdam's range 24-90, widened to adults: the paper's "
            "GBSG validation includes women aged 21-23); 1 or more positive nodes, any count",
            "ER measured by ligand-binding assay (column er_fmol, fmol as recorded in the "
            "1978-1993 Rotterdam data); not an immunohistochemistry percentage",
            "horizons 1-7 years (the data were censored at 84 months)",
        ],
        "notes": [
            "Developed on patients treated 1978-1993; adjuvant therapy has changed since, "
            "so absolute risks describe that era." + figures,
            "Rotterdam records tumour size only as <= 20, 20-50 and > 50 mm; the model reads "
            "size_mm through those bands.",
        ],
    }


def fit_rotterdam(folder: Path | None = None) -> CoxModelFit:
    """The Royston & Altman model fitted on the development data."""
    development = rotterdam_development(folder)
    return fit_cox(
        development,
        "rfs_days",
        "rfs_event",
        parse_terms(TERMS),
        model_id="rotterdam-rfs",
        outcome="relapse or death",
        time_unit_days=1.0,
        horizons_years=tuple(range(1, 8)),
        card=_card(None, None),
        version="1.0 (Royston & Altman 2013 reproduction)",
        domain=DOMAIN,
        training={
            "data": "data/rotterdam.csv (R survival 3.5-3 `rotterdam`), nodes > 0",
            "endpoint": "relapse or death, censored at round(7 * 365.25) = 2557 days",
            "time_unit": "days",
        },
    )


def _score(model: FittedCoxModel, frame: pl.DataFrame) -> pl.DataFrame:
    typed = typed_table(
        frame.select(
            "patient_id",
            "age",
            "menopausal_status",
            "size_mm",
            "nodes_positive",
            "endocrine",
            "er_fmol",
            "rfs_days",
            "rfs_event",
        )
    )
    return pl.concat([typed.valid, model.score(typed.valid)], how="horizontal")


def _validate(model: FittedCoxModel, scored: pl.DataFrame, n_bootstrap: int) -> Validation:
    lp = scored.get_column(model.lp_column).to_numpy()
    risk = scored.get_column(model.risk_column(5)).to_numpy()
    return validate(
        scored.get_column("rfs_days").to_numpy(),
        scored.get_column("rfs_event").to_numpy(),
        lp,
        float(HORIZON_DAYS),
        predicted_risk=risk,
        linear_predictor=lp,
        n_bootstrap=n_bootstrap,
        seed=SEED,
        workers=2,
    )


def rotterdam_gbsg(folder: Path | None = None, n_bootstrap: int = BOOTSTRAP) -> RotterdamResult:
    """Fit, score both cohorts through the model file's code path, validate."""
    first = fit_rotterdam(folder)
    model = model_from_spec(first.spec)
    development = _validate(model, _score(model, rotterdam_development(folder)), 0)
    validation = _validate(model, _score(model, gbsg_validation(folder)), n_bootstrap)
    spec = {**first.spec, "card": _card(development, validation)}
    spec["validation"] = {
        "data": "data/gbsg.csv (R survival 3.5-3 `gbsg`), RFS censored at 2557 days",
        **{k: v for k, v in validation.as_dict().items() if k != "calibration"},
    }
    return RotterdamResult(first, model_from_spec(spec), development, validation)


def _groups(development_lp: np.ndarray[Any, Any], lp: np.ndarray[Any, Any]) -> Any:
    # Royston & Altman 2013, Figure 2: groups cut at the 16th, 50th and 84th centiles of
    # the development PI.
    cuts = np.quantile(development_lp, [0.16, 0.5, 0.84])
    return np.searchsorted(cuts, lp, side="right")


def write_report(result: RotterdamResult, docs: Path, r_reference: dict[str, Any]) -> Path:
    """Write the Markdown report and its plots; return the report's path."""
    docs.mkdir(parents=True, exist_ok=True)
    model = result.model
    dev = _score(model, rotterdam_development())
    val = _score(model, gbsg_validation())
    dev_lp = dev.get_column(model.lp_column).to_numpy()
    names = list(result.fit.names)
    r_coef = dict(zip(names, r_reference["cox_rotterdam"]["coef"], strict=True))
    coef_rows = [
        [
            LABELS[n],
            f"{PAPER[n]:.2f}",
            f"{r_coef[n]:.3f}",
            f"{c:.3f}",
            f"{se:.3f}",
            f"{abs(c - r_coef[n]):.1e}",
        ]
        for n, c, se in zip(names, result.fit.coef, result.fit.se, strict=True)
    ]
    d, v = result.development, result.validation
    rc = r_reference["concordance"]
    rr = r_reference["royston"]
    rs = r_reference["calibration_slope"]["gbsg"]
    perf = [
        [
            "Harrell's C",
            fmt(d.harrell_c.value),
            fmt_ci(v.harrell_c),
            f"{rc['rotterdam_pi']['c']:.6f} / {rc['gbsg_pi']['c']:.6f}",
        ],
        [
            "Royston-Sauerbrei D",
            fmt(d.d_statistic.value),
            fmt_ci(v.d_statistic),
            f"{rr['rotterdam']['D']:.6f} / {rr['gbsg']['D']:.6f}",
        ],
        [
            "R²_D",
            fmt(d.r2_d.value),
            fmt_ci(v.r2_d),
            f"{rr['rotterdam']['R2']:.6f} / {rr['gbsg']['R2']:.6f}",
        ],
        [
            "calibration slope of the PI",
            "1 (by construction)",
            fmt_ci(v.calibration_slope),
            f"— / {rs['slope']:.6f}",
        ],
        ["Uno's C (τ = 5 years)", fmt(d.uno_c.value), fmt_ci(v.uno_c), "—"],
        [
            "AUC at 5 years (cumulative/dynamic)",
            fmt(d.auc_at_horizon.value),
            fmt_ci(v.auc_at_horizon),
            "—",
        ],
        [
            "Brier score at 5 years",
            fmt(d.brier_at_horizon.value if d.brier_at_horizon else None),
            fmt_ci(v.brier_at_horizon),
            "—",
        ],
        [
            "observed / expected risk at 5 years",
            fmt(d.observed_expected.value if d.observed_expected else None),
            fmt_ci(v.observed_expected),
            "—",
        ],
    ]
    labels = ["< 16th centile", "16th–50th", "50th–84th", "> 84th centile"]
    tables = []
    for name, frame in (("Rotterdam (development)", dev), ("GBSG (validation)", val)):
        lp = frame.get_column(model.lp_column).to_numpy()
        cal = calibration_by_group(
            frame.get_column("rfs_days").to_numpy(),
            frame.get_column("rfs_event").to_numpy(),
            frame.get_column(model.risk_column(5)).to_numpy(),
            float(HORIZON_DAYS),
            _groups(dev_lp, lp),
        )
        tables.append((name, cal))
    (docs / "rotterdam-gbsg-calibration.svg").write_text(
        _plots.calibration_svg(tables, "5-year risk of relapse or death by PI group")
    )
    curves = []
    for name, frame in (("Rotterdam", dev), ("GBSG", val)):
        group = _groups(dev_lp, frame.get_column(model.lp_column).to_numpy())
        for g, label in enumerate(labels):
            mine = group == g
            curves.append(
                (
                    f"{name} {label}",
                    kaplan_meier(
                        frame.get_column("rfs_days").to_numpy()[mine],
                        frame.get_column("rfs_event").to_numpy()[mine],
                    ),
                )
            )
    (docs / "rotterdam-gbsg-km.svg").write_text(
        _plots.km_svg(
            curves,
            "Relapse-free survival by PI group (Royston & Altman Fig. 2)",
            365.25,
            "years since surgery",
        )
    )
    years = np.arange(1, 7) * 365.25
    aucs = [
        (
            name,
            cumulative_dynamic_auc(
                frame.get_column("rfs_days").to_numpy(),
                frame.get_column("rfs_event").to_numpy(),
                frame.get_column(model.lp_column).to_numpy(),
                years,
            ),
        )
        for name, frame in (("Rotterdam", dev), ("GBSG", val))
    ]
    (docs / "rotterdam-gbsg-auc.svg").write_text(
        _plots.auc_svg(aucs, "Time-dependent AUC of the PI", 365.25)
    )
    coef_gap = max(abs(result.fit.coef - np.array(r_reference["cox_rotterdam"]["coef"])))
    cal_text = "\n\n".join(
        f"**{name}**\n\n"
        + table(
            ["PI group", "n", "events by 5 y", "predicted", "observed (95 % CI)"],
            calibration_rows(cal, labels),
        )
        for name, cal in tables
    )
    text = (
        f"""# Royston & Altman (2013) reproduced: Rotterdam → GBSG

Regenerate everything on this page (numbers, plots and the shipped model file
`src/vigil/risk/fitted/rotterdam-rfs.json`) with

```sh
.venv/bin/python -m vigil.evaluate.reports rotterdam-gbsg
```

Royston P, Altman DG. External validation of a Cox prognostic model: principles and
methods. *BMC Med Res Methodol* 2013;13:33. doi:10.1186/1471-2288-13-33.

## Data and endpoint

- **Development:** Rotterdam tumour bank (`data/rotterdam.csv`, R survival 3.5-3),
  node-positive patients: n = {result.fit.n}, {result.fit.events} events. Relapse-free
  survival (RFS) = relapse or death, whichever first, each censored at
  round(7 × 365.25) = 2557 days, exactly as survival's `royston` vignette builds `r7`
  (deaths after a censored relapse time count as RFS events; the paper's 965 events).
- **Validation:** GBSG-2 trial (`data/gbsg.csv`), n = {v.n}, {v.events} RFS events within
  84 months (censored there too; the trial's follow-up ends at 2659 days).
- Model (paper's Table 2): FP2 in age/100 with powers (3, 3), menopausal status, size
  bands (≤ 20, 20–50, > 50 mm), FP1 nodes^−0.5, ER/1000, hormonal therapy; Cox model with
  Breslow ties, fitted with scikit-survival (see [fitting.md](fitting.md)).

## Coefficients

| term | paper | R survival 3.5-3 | Vigil | SE (Vigil) | abs. difference from R |
|---|---|---|---|---|---|
"""
        + "\n".join("| " + " | ".join(r) + " |" for r in coef_rows)
        + f"""

The paper's 0.31 for size > 50 mm is coded against 20–50 mm; against ≤ 20 mm it is
0.23 + 0.31 = 0.54 (survival vignette). Log partial likelihood: Vigil
{result.fit.loglik:.6f}, R {r_reference["cox_rotterdam"]["loglik"][1]:.6f}.

## Performance

Development = apparent performance in Rotterdam; validation = GBSG with 95 % percentile
bootstrap intervals ({v.n_bootstrap} resamples, seed {v.seed}). The last column is R
survival 3.5-3 on the same data (`concordance(..., reverse = TRUE)`, `royston()`,
`coxph(Surv ~ PI, ties = "breslow")`; development / validation), from
`tests/fixtures/evaluate/r_reference.json`; the tests pin Vigil to these to 1e-8.

"""
        + table(
            ["metric", "Rotterdam (development)", "GBSG (validation, 95 % CI)", "R survival"], perf
        )
        + f"""

R's `concordance(timewt = "n/G2")` gives {rc["gbsg_pi_n_g2"]["c"]:.4f} for Uno-type
weights on GBSG (no truncation); Vigil's Uno's C follows scikit-survival's
`concordance_index_ipcw` (truncated at 5 years), which weights by Ĝ(t) rather than Ĝ(t−).

## Calibration at 5 years

Groups cut at the 16th, 50th and 84th centiles of the development PI (the paper's
Figure 2). Observed = Kaplan–Meier risk of relapse or death by 5 years in the group.

{cal_text}

![calibration](rotterdam-gbsg-calibration.svg)

![Kaplan–Meier by PI group](rotterdam-gbsg-km.svg)

![time-dependent AUC](rotterdam-gbsg-auc.svg)

## Findings

- The reproduced coefficients equal R survival's to within {coef_gap:.0e}
  and match the paper's Table 2 to its two decimals.
- Discrimination transports: Harrell's C falls only from {d.harrell_c.value:.3f} to
  {v.harrell_c.value:.3f} and D from {d.d_statistic.value:.2f} to {v.d_statistic.value:.2f};
  the calibration slope {v.calibration_slope.value if v.calibration_slope else float("nan"):.2f}
  is close to 1, so the PI's spread is right in GBSG.
- Calibration in the large: {_oe_sentence(v)}
- By PI group (table above), {_groups_sentence(tables[1][1])}
- The shipped model `rotterdam-rfs` is this fit; its card carries these figures.
"""
    )
    path = docs / "rotterdam-gbsg.md"
    path.write_text(text)
    return path


def _groups_sentence(cal: Any) -> str:
    inside = int(
        ((cal.observed_lower <= cal.predicted) & (cal.predicted <= cal.observed_upper)).sum()
    )
    return (
        f"the predicted 5-year risk lies inside the observed 95 % interval in {inside} of "
        f"{cal.n.shape[0]} GBSG groups."
    )


def _oe_sentence(v: Validation) -> str:
    oe = v.observed_expected
    if oe is None or oe.lower is None or oe.upper is None:
        return "not computed."
    verdict = (
        "the interval includes 1, so the 5-year risks are calibrated in the large"
        if oe.lower <= 1 <= oe.upper
        else "the model over-predicts"
        if oe.upper < 1
        else "the model under-predicts"
    )
    return f"observed/expected 5-year risk in GBSG is {fmt_ci(oe, 2)}: {verdict}."


def write_model_file(result: RotterdamResult, folder: Path) -> Path:
    path = folder / "rotterdam-rfs.json"
    path.write_text(json.dumps(result.model.spec, indent=1) + "\n")
    return path
