"""A relapse-free survival model fitted on METABRIC, validated across its cohorts (a shell).

Development: METABRIC cohorts 1-3; validation: cohorts 4 and 5 (other contributing
centres), a geographic split. Endpoint: relapse or death, whichever first, censored at
10 years. Writes ``docs/validation/metabric-rfs.md``, its plots and the shipped model
file ``src/vigil/risk/fitted/metabric-rfs.json``.
"""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl

from vigil.errors import VigilError
from vigil.evaluate import Validation, validate
from vigil.evaluate._fit import CoxModelFit, fit_cox, parse_terms
from vigil.evaluate.reports import _plots
from vigil.evaluate.reports._cohort import typed_table
from vigil.evaluate.reports._data import DAYS_PER_MONTH, metabric
from vigil.evaluate.reports._text import calibration_rows, fmt_ci, table
from vigil.risk.fitted import FittedCoxModel, model_from_spec

__all__ = ["TERMS", "write_metabric"]

TERMS = (
    "rcs(age, k=4) + fp(size_mm, 0, name=log_size) + bands(nodes_positive, 0, 3, 9, name=nodes) "
    "+ bands(grade, 1, 2, name=grade) + equals(er, positive, name=er_positive) "
    "+ equals(her2, positive, name=her2_positive) + equals(endocrine, yes, name=endocrine)"
)
CENSOR_MONTHS = 120.0
HORIZON_MONTHS = 60.0
SEED = 2016
COLUMNS = ("age", "size_mm", "nodes_positive", "grade", "er", "her2", "endocrine")


def _cohort() -> pl.DataFrame:
    typed = typed_table(metabric()).valid
    return typed.filter(pl.col("rfs_months").is_not_null()).with_columns(
        rfs10_event=pl.when(pl.col("rfs_months") > CENSOR_MONTHS)
        .then(0.0)
        .otherwise(pl.col("rfs_event")),
        rfs10_months=pl.min_horizontal(pl.col("rfs_months"), pl.lit(CENSOR_MONTHS)),
    )


def _card(validation: Validation | None) -> dict[str, object]:
    figures = ""
    if validation is not None:
        figures = (
            f" Validation in METABRIC cohorts 4-5 (n = {validation.n}): Harrell's C "
            f"{fmt_ci(validation.harrell_c)}, D {fmt_ci(validation.d_statistic, 2)}, "
            f"calibration slope {fmt_ci(validation.calibration_slope, 2)}, observed/expected "
            f"5-year risk {fmt_ci(validation.observed_expected, 2)}."
        )
    return {
        "name": "METABRIC relapse-free survival model",
        "source": (
            "Fitted by Vigil on METABRIC cohorts 1-3 (cBioPortal brca_metabric clinical data; "
            "Curtis et al., Nature 2012;486:346, doi:10.1038/nature10983; Pereira et al., "
            "Nat Commun 2016;7:11479, doi:10.1038/ncomms11479)"
        ),
        "reference_implementation": (
            "vigil.evaluate fit_cox (scikit-survival, Breslow ties); regenerate with "
            "`python -m vigil.evaluate.reports metabric-rfs`"
        ),
        "intended_use": (
            "Relapse-free survival (relapse or death, whichever first) 1-10 years after "
            "diagnosis of primary breast cancer, for research and teaching; not a "
            "treatment-decision tool."
        ),
        "validity_domain": [
            "primary breast cancer, age and size within the training data's range",
            "grade, node count, ER, HER2 and endocrine therapy known",
            "horizons 1-10 years (censored at 10 years in development)",
        ],
        "notes": [
            "Patients diagnosed 1977-2005; chemotherapy and HER2-targeted therapy were not "
            "modelled (not fully recorded)." + figures,
        ],
    }


def fit_metabric(frame: pl.DataFrame) -> CoxModelFit:
    development = frame.filter(pl.col("cohort").is_in([1.0, 2.0, 3.0]))
    return fit_cox(
        development.select(*COLUMNS, "rfs10_months", "rfs10_event"),
        "rfs10_months",
        "rfs10_event",
        parse_terms(TERMS),
        model_id="metabric-rfs",
        outcome="relapse or death",
        time_unit_days=DAYS_PER_MONTH,
        horizons_years=tuple(range(1, 11)),
        card=_card(None),
        version="1.0",
        training={
            "data": "data/metabric_clinical_cbioportal.csv, COHORT 1-3",
            "endpoint": "relapse (RFS_STATUS) or death (OS_STATUS), censored at 120 months",
            "time_unit": "months",
        },
    )


def _validate(model: FittedCoxModel, frame: pl.DataFrame, bootstrap: int) -> Validation:
    scored = pl.concat([frame, model.score(frame)], how="horizontal").filter(
        pl.col(model.lp_column).is_not_null()
    )
    lp = scored.get_column(model.lp_column).to_numpy()
    return validate(
        scored.get_column("rfs10_months").to_numpy(),
        scored.get_column("rfs10_event").to_numpy(),
        lp,
        HORIZON_MONTHS,
        predicted_risk=scored.get_column(model.risk_column(5)).to_numpy(),
        linear_predictor=lp,
        n_bootstrap=bootstrap,
        seed=SEED,
        workers=2,
    )


def write_metabric(docs: Path, models: Path, bootstrap: int) -> list[Path]:
    docs.mkdir(parents=True, exist_ok=True)
    frame = _cohort()
    fit = fit_metabric(frame)
    model = model_from_spec(fit.spec)
    dev = _validate(model, frame.filter(pl.col("cohort").is_in([1.0, 2.0, 3.0])), 0)
    val_frame = frame.filter(pl.col("cohort").is_in([4.0, 5.0]))
    val = _validate(model, val_frame, bootstrap)
    spec = {**fit.spec, "card": _card(val)}
    spec["validation"] = {
        "data": "METABRIC COHORT 4-5",
        **{k: v for k, v in val.as_dict().items() if k != "calibration"},
    }
    model_path = models / "metabric-rfs.json"
    model_path.write_text(json.dumps(spec, indent=1) + "\n")
    if val.calibration is None or dev.calibration is None:
        msg = "the METABRIC validation produced no calibration table"
        raise VigilError(msg)
    (docs / "metabric-rfs-calibration.svg").write_text(
        _plots.calibration_svg(
            [
                ("cohorts 1-3 (development)", dev.calibration),
                ("cohorts 4-5 (validation)", val.calibration),
            ],
            "METABRIC RFS model: 5-year risk of relapse or death",
        )
    )
    coef_rows = [
        [n, f"{c:.3f}", f"{s:.3f}"] for n, c, s in zip(fit.names, fit.coef, fit.se, strict=True)
    ]
    perf = [
        [name, fmt_ci(getattr(dev, key)), fmt_ci(getattr(val, key))]
        for name, key in (
            ("Harrell's C", "harrell_c"),
            ("Uno's C (τ = 5 y)", "uno_c"),
            ("AUC at 5 years", "auc_at_horizon"),
            ("D", "d_statistic"),
            ("R²_D", "r2_d"),
            ("calibration slope", "calibration_slope"),
            ("observed / expected at 5 y", "observed_expected"),
            ("Brier score at 5 y", "brier_at_horizon"),
        )
    ]
    deciles = [str(i + 1) for i in range(val.calibration.n.shape[0])]
    text = (
        f"""# A relapse-free survival model fitted on METABRIC

Regenerate (numbers, plot and the shipped model file
`src/vigil/risk/fitted/metabric-rfs.json`) with
`.venv/bin/python -m vigil.evaluate.reports metabric-rfs`.

- **Data:** `data/metabric_clinical_cbioportal.csv` (see data/README.md). Endpoint:
  relapse or death, whichever first (`RFS_STATUS` relapse, else `OS_STATUS` death at
  `OS_MONTHS`), censored at 120 months. METABRIC's own RFS counts relapse only; deaths
  are added here to make conventional RFS.
- **Development:** cohorts 1–3, n = {fit.n} ({fit.events} events; {fit.dropped} rows left
  out for a missing value). **Validation:** cohorts 4–5 (other centres), n = {val.n}
  ({val.events} events).
- **Terms:** `{TERMS}` — restricted cubic spline in age (4 knots at Harrell's quantiles),
  log size, node bands 0 / 1–3 / 4–9 / ≥ 10, grade bands, ER, HER2, endocrine therapy;
  Cox model with Breslow ties (scikit-survival).

## Coefficients

"""
        + table(["term", "coefficient", "SE"], coef_rows)
        + """

## Performance (95 % bootstrap intervals on validation)

"""
        + table(["metric", "cohorts 1–3 (apparent)", "cohorts 4–5 (validation)"], perf)
        + """

## Calibration at 5 years, validation cohorts (deciles of predicted risk)

"""
        + table(
            ["decile", "n", "events by 5 y", "predicted", "observed (95 % CI)"],
            calibration_rows(val.calibration, deciles),
        )
        + f"""

![calibration](metabric-rfs-calibration.svg)

## Findings

- Discrimination in the other centres: Harrell's C {fmt_ci(val.harrell_c)}, D
  {fmt_ci(val.d_statistic, 2)}; calibration slope {fmt_ci(val.calibration_slope, 2)}.
- Calibration in the large at 5 years: observed/expected {fmt_ci(val.observed_expected, 2)}.
- Treatments were partly recorded and chemotherapy is not modelled; the model describes
  patients of 1977–2005 and is shipped as `metabric-rfs` for research use.
"""
    )
    path = docs / "metabric-rfs.md"
    path.write_text(text)
    return [path, model_path]
