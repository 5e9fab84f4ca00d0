"""Published models on public cohorts: NPI, PREDICT v2.1/v3.0/v3.1 and CTS5 (a shell).

Writes ``docs/validation/published-models.md`` and its plots. Every model is scored with
``vigil.risk.score_table`` on the typed cohort frame (``vigil.facts.validate_cohort``), as
a user's table would be.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from vigil.evaluate import (
    Validation,
    aalen_johansen,
    kaplan_meier,
    validate,
)
from vigil.evaluate.reports import _plots
from vigil.evaluate.reports._cohort import typed_table
from vigil.evaluate.reports._data import (
    gbsg_validation,
    metabric,
    rotterdam_all,
)
from vigil.evaluate.reports._text import fmt_ci, table
from vigil.risk import score_table

__all__ = ["Evaluation", "evaluations", "write_published"]

SEED = 1982
PREDICT = ("predict-v2.1", "predict-v3.0", "predict-v3.1")
# METABRIC records radiotherapy but not the heart dose PREDICT v3 needs, nor smoking:
# a mean heart dose of 2 Gy (typical of tangential breast radiotherapy) and "not a current
# smoker" are assumed; both are stated in the report.
ASSUMED_HEART_DOSE_GY = 2.0


@dataclass(frozen=True, slots=True)
class Evaluation:
    model: str
    cohort: str
    endpoint: str
    horizon_years: float
    validation: Validation
    refused: int
    notes: str = ""


def _metabric_scored() -> pl.DataFrame:
    text = metabric().with_columns(
        micrometastases_only=pl.lit("no"),
        smoker=pl.lit("no"),
        heart_dose_gy=pl.when(pl.col("radiotherapy") == "yes")
        .then(pl.lit(str(ASSUMED_HEART_DOSE_GY)))
        .otherwise(pl.lit("0")),
    )
    typed = typed_table(text).valid
    return score_table(typed, ["npi", "cts5", *PREDICT])


def _run(
    frame: pl.DataFrame,
    time: str,
    event: str,
    score: pl.Expr,
    *,
    horizon: float,
    bootstrap: int,
    risk: pl.Expr | None = None,
) -> tuple[Validation, int]:
    chosen = frame.select(
        pl.col(time).cast(pl.Float64).alias("t"),
        pl.col(event).cast(pl.Float64).alias("e"),
        score.cast(pl.Float64).alias("s"),
        (risk if risk is not None else pl.lit(None)).cast(pl.Float64).alias("r"),
    )
    keep = chosen.filter(
        pl.col("t").is_not_null() & pl.col("e").is_not_null() & pl.col("s").is_not_null()
    )
    refused = chosen.height - keep.height
    v = validate(
        keep.get_column("t").to_numpy(),
        keep.get_column("e").to_numpy(),
        keep.get_column("s").to_numpy(),
        horizon,
        predicted_risk=None if risk is None else keep.get_column("r").to_numpy(),
        n_bootstrap=bootstrap,
        seed=SEED,
        workers=2,
    )
    return v, refused


def _cts5_landmark(scored: pl.DataFrame) -> pl.DataFrame:
    """ER-positive, endocrine-treated, alive and relapse-free at 60 months; time from 60."""
    return scored.filter(
        (pl.col("er") == "positive")
        & (pl.col("endocrine") == "yes")
        & (pl.col("relapse_months") > 60)
        & (pl.col("os_months") > 60)
    ).with_columns(
        # Relapses after year 10 are not counted; those patients stay event-free through it.
        landmark_months=pl.col("relapse_months") - 60,
        landmark_event=pl.when(pl.col("relapse_months") > 120)
        .then(0)
        .otherwise(pl.col("relapse_event")),
    )


def evaluations(bootstrap: int) -> tuple[list[Evaluation], dict[str, Any]]:
    """Every validation on this page, and what the plots need."""
    found: list[Evaluation] = []
    rot = score_table(
        typed_table(
            rotterdam_all().select(
                "patient_id",
                "age",
                "size_mm",
                "grade",
                "nodes_positive",
                "rfs_days",
                "rfs_event",
                "os_days",
                "os_event",
            )
        ).valid,
        ["npi"],
    )
    for endpoint, t, e in (
        ("RFS (relapse or death)", "rfs_days", "rfs_event"),
        ("overall survival", "os_days", "os_event"),
    ):
        v, refused = _run(rot, t, e, pl.col("npi"), horizon=5 * 365.25, bootstrap=bootstrap)
        found.append(
            Evaluation(
                "npi",
                "Rotterdam (all 2982)",
                endpoint,
                5,
                v,
                refused,
                "size known only as a band (≤20, 20–50, >50 mm): NPI uses 10, 35, 60 mm",
            )
        )
    gb = score_table(
        typed_table(
            gbsg_validation().select(
                "patient_id", "age", "size_mm", "grade", "nodes_positive", "rfs_days", "rfs_event"
            )
        ).valid,
        ["npi"],
    )
    v, refused = _run(
        gb, "rfs_days", "rfs_event", pl.col("npi"), horizon=5 * 365.25, bootstrap=bootstrap
    )
    found.append(
        Evaluation("npi", "GBSG (686, node-positive)", "RFS, censored at 84 months", 5, v, refused)
    )
    mb = _metabric_scored()
    for endpoint, t, e in (
        ("overall survival", "os_months", "os_event"),
        ("breast-cancer death (others censored)", "os_months", "dss_event"),
        ("relapse (deaths censored)", "relapse_months", "relapse_event"),
    ):
        v, refused = _run(mb, t, e, pl.col("npi"), horizon=120.0, bootstrap=bootstrap)
        found.append(Evaluation("npi", "METABRIC", endpoint, 10, v, refused))
    tables: dict[str, Any] = {}
    for model_id in PREDICT:
        prefix = model_id.replace("-", "_").replace(".", "")
        risk = 1 - pl.col(f"{prefix}_os_10y_treated")
        v, refused = _run(
            mb, "os_months", "os_event", risk, horizon=120.0, bootstrap=bootstrap, risk=risk
        )
        found.append(
            Evaluation(
                model_id,
                "METABRIC",
                "overall survival",
                10,
                v,
                refused,
                "treatments as recorded; chemotherapy taken as 2nd generation",
            )
        )
        tables[model_id] = v.calibration
    landmark = _cts5_landmark(mb)
    v, refused = _run(
        landmark,
        "landmark_months",
        "landmark_event",
        pl.col("cts5"),
        horizon=60.0,
        bootstrap=bootstrap,
        risk=pl.col("cts5_late_distant_recurrence"),
    )
    found.append(
        Evaluation(
            "cts5",
            "METABRIC ER+, endocrine therapy, relapse-free and alive at 5 y",
            "any relapse in years 5–10 (deaths censored)",
            5,
            v,
            refused,
            "METABRIC's relapse includes local relapse, CTS5 predicts distant",
        )
    )
    tables["cts5"] = v.calibration
    return found, {"metabric": mb, "calibration": tables, "landmark": landmark}


def _bc_death_rows(mb: pl.DataFrame) -> list[list[str]]:
    """PREDICT's 10-year breast-cancer death against the Aalen-Johansen incidence."""
    rows = []
    for model_id in PREDICT:
        prefix = model_id.replace("-", "_").replace(".", "")
        col = f"{prefix}_bc_death_10y_treated"
        sub = mb.filter(pl.col(col).is_not_null() & pl.col("os_months").is_not_null())
        cause = np.where(
            sub.get_column("dss_event").to_numpy() == 1,
            1,
            np.where(sub.get_column("os_event").to_numpy() == 1, 2, 0),
        )
        aj = aalen_johansen(sub.get_column("os_months").to_numpy(), cause)
        _, cif = aj.at(120.0)
        observed = float(cif[0])
        expected = float(sub.get_column(col).mean())  # type: ignore[arg-type]
        rows.append(
            [
                model_id,
                f"{sub.height}",
                f"{100 * expected:.1f} %",
                f"{100 * observed:.1f} %",
                f"{observed / expected:.2f}",
            ]
        )
    return rows


def _verdict(e: Evaluation) -> str:
    oe = e.validation.observed_expected
    if oe is None or oe.lower is None or oe.upper is None:
        return ""
    if oe.lower > 1:
        return f"under-predicts: observed/expected {fmt_ci(oe, 2)}"
    if oe.upper < 1:
        return f"over-predicts: observed/expected {fmt_ci(oe, 2)}"
    return f"is calibrated in the large: observed/expected {fmt_ci(oe, 2)}"


def _findings(found: list[Evaluation]) -> str:
    npi = [e for e in found if e.model == "npi"]
    best = max(npi, key=lambda e: e.validation.harrell_c.value)
    low = min(e.validation.harrell_c.value for e in npi)
    lines = [
        f"- **NPI** separates risk in every cohort and endpoint: Harrell's C {low:.2f}–"
        f"{best.validation.harrell_c.value:.2f} (highest: {best.cohort}, {best.endpoint})."
    ]
    for e in found:
        if e.model.startswith("predict"):
            lines.append(
                f"- **{e.model}** on METABRIC 10-year all-cause mortality: C "
                f"{e.validation.harrell_c.value:.3f}; it {_verdict(e)}."
            )
        elif e.model == "cts5":
            lines.append(
                f"- **CTS5** (years 5–10, ER-positive, endocrine-treated): C "
                f"{e.validation.harrell_c.value:.3f}; it {_verdict(e)} — expected in part, as "
                "METABRIC counts local as well as distant relapses."
            )
    lines.append(
        "- The three PREDICT versions rank patients almost identically; they differ in "
        "calibration. A version that predicts far less mortality than observed here is a "
        "finding to check against the version's own validation papers before use in this "
        "population, not a reason to adjust it silently."
    )
    return "\n".join(lines)


def write_published(docs: Path, bootstrap: int) -> list[Path]:
    docs.mkdir(parents=True, exist_ok=True)
    found, extra = evaluations(bootstrap)
    rows = [
        [
            ev.model,
            ev.cohort,
            ev.endpoint,
            f"{ev.horizon_years:g} y",
            f"{ev.validation.n} ({ev.validation.events})",
            f"{ev.refused}",
            fmt_ci(ev.validation.harrell_c),
            fmt_ci(ev.validation.d_statistic, 2),
            fmt_ci(ev.validation.auc_at_horizon),
            fmt_ci(ev.validation.observed_expected, 2),
            fmt_ci(ev.validation.brier_at_horizon),
        ]
        for ev in found
    ]
    cal = extra["calibration"]
    (docs / "published-predict-calibration.svg").write_text(
        _plots.calibration_svg(
            [(m, cal[m]) for m in PREDICT], "PREDICT: 10-year all-cause mortality, METABRIC"
        )
    )
    (docs / "published-cts5-calibration.svg").write_text(
        _plots.calibration_svg([("CTS5", cal["cts5"])], "CTS5: relapse in years 5-10, METABRIC")
    )
    mb = extra["metabric"].filter(
        pl.col("npi").is_not_null()
        & pl.col("os_months").is_not_null()
        & pl.col("dss_event").is_not_null()
    )
    curves = []
    for group in ("excellent", "good", "moderate", "poor"):
        sub = mb.filter(pl.col("npi_group") == group)
        curves.append(
            (
                group,
                kaplan_meier(
                    sub.get_column("os_months").to_numpy(), sub.get_column("dss_event").to_numpy()
                ),
            )
        )
    (docs / "published-npi-metabric-km.svg").write_text(
        _plots.km_svg(
            curves, "METABRIC: breast-cancer-specific survival by NPI group", 12.0, "years"
        )
    )
    groups_text = "\n\n".join(
        f"**{m}** (deciles of predicted risk)\n\n"
        + table(
            ["decile", "n", "events by horizon", "predicted", "observed (95 % CI)"],
            [
                [
                    str(i + 1),
                    f"{int(n)}",
                    f"{int(d)}",
                    f"{100 * p:.1f} %",
                    f"{100 * o:.1f} % ({100 * lo:.1f}–{100 * hi:.1f})",
                ]
                for i, (n, d, p, o, lo, hi) in enumerate(
                    zip(
                        cal[m].n,
                        cal[m].events,
                        cal[m].predicted,
                        cal[m].observed,
                        cal[m].observed_lower,
                        cal[m].observed_upper,
                        strict=True,
                    )
                )
            ],
        )
        for m in (*PREDICT, "cts5")
    )
    text = (
        f"""# Published models on public cohorts

Regenerate with `.venv/bin/python -m vigil.evaluate.reports published` (numbers, plots).
Each model is scored by `vigil.risk.score_table` on the cohort table built from
`data/` (see [data/README.md](../../data/README.md) for provenance and caveats); the
metrics are `vigil.evaluate.validate` with 95 % percentile bootstrap intervals
({found[0].validation.n_bootstrap} resamples, seed {SEED}). "Refused" counts the rows a
model would not score (missing inputs or outside its domain) plus rows without outcome.
Poor calibration below is a finding about the model in that cohort, not an error.

"""
        + table(
            [
                "model",
                "cohort",
                "endpoint",
                "horizon",
                "n (events)",
                "refused / no outcome",
                "Harrell's C",
                "D",
                "AUC at horizon",
                "observed / expected",
                "Brier",
            ],
            rows,
        )
        + f"""

NPI is a prognostic index without probabilities, so it has no O/E or Brier score.

## Findings

{_findings(found)}

## Caveats that shape these numbers

- **METABRIC relapse** is relapse only: deaths without relapse are censored at death
  (data README). CTS5 predicts *distant* recurrence; METABRIC's relapse also counts local
  relapses, so observed risks are expected to run above CTS5's.
- **METABRIC treatments** are partial: chemotherapy is yes/no (taken as a
  second-generation regimen), trastuzumab and bisphosphonates are not recorded (taken
  as none), PREDICT v3's heart dose is assumed {ASSUMED_HEART_DOSE_GY:g} Gy when
  radiotherapy was given and smoking as "no", Ki-67 and mode of detection are unknown
  (PREDICT's own imputations apply), micrometastases as "no". The 524 MTS-T patients have
  no treatment or survival data and are refused.
- METABRIC patients were diagnosed 1977–2005; PREDICT v2.1 was developed on East Anglian
  patients of a similar era, which favours it.
- **PREDICT v3.1 predicts for a 2017 diagnosis.** Its reference code fixes the year of
  diagnosis at 2017, and its year term (coefficients_v3.csv: -0.048 per year after 2000
  for ER-positive, -0.046 for ER-negative disease) lowers breast-cancer mortality to
  exp(-0.048 x 17) = 0.44 of a year-2000 diagnosis. METABRIC's 1977-2005 patients died
  of breast cancer far more often than that, which explains most of v3.1's
  observed/expected here. Vigil's v3.1 equals the reference `benefits31()` to 5e-16
  (tests/risk/test_predict.py), so this is the model's behaviour, not an error in Vigil.
- **Rotterdam NPI** uses a representative size per band, so NPI there is approximate.
- **PREDICT breast-cancer death** is a crude probability (other causes compete): it is
  compared below with the Aalen–Johansen cumulative incidence of death from breast
  cancer at 10 years, not with Kaplan–Meier.

## PREDICT: 10-year breast-cancer death, observed (Aalen–Johansen) against predicted

"""
        + table(
            ["model", "n", "mean predicted", "observed (AJ)", "observed / expected"],
            _bc_death_rows(extra["metabric"]),
        )
        + f"""

## Calibration

{groups_text}

![PREDICT calibration](published-predict-calibration.svg)

![CTS5 calibration](published-cts5-calibration.svg)

![NPI groups in METABRIC](published-npi-metabric-km.svg)
"""
    )
    path = docs / "published-models.md"
    path.write_text(text)
    return [path]
