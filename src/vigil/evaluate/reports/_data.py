"""The public cohorts in ``data/``, read and put into cohort-table vocabulary (a shell).

Every derivation follows a cited source and is written once here: the Royston & Altman
(2013) development and validation sets exactly as the R survival package's royston
vignette builds them, and METABRIC's columns mapped to the cohort table.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from vigil.errors import VigilError

__all__ = [
    "DAYS_PER_MONTH",
    "Y7_DAYS",
    "data_dir",
    "gbsg_validation",
    "metabric",
    "rotterdam_all",
    "rotterdam_development",
]

Y7_DAYS = 2557
"""``round(7 * 365.25)``: the 84-month censoring of Royston & Altman (2013)."""

DAYS_PER_MONTH = 365.25 / 12


def data_dir() -> Path:
    """``data/`` at the root of the source checkout (where the cohorts are shipped)."""
    folder = Path(__file__).resolve().parents[4] / "data"
    if not folder.is_dir():
        msg = f"the cohort data folder {folder} is missing: run from a source checkout"
        raise VigilError(msg)
    return folder


def _read(name: str, folder: Path | None) -> pl.DataFrame:
    path = (folder or data_dir()) / name
    if not path.is_file():
        msg = f"{path} is missing (see data/README.md)"
        raise VigilError(msg)
    return pl.read_csv(path, infer_schema_length=10_000)


_SIZE_BAND_MM = {"<=20": 10.0, "20-50": 35.0, ">50": 60.0}
"""Rotterdam records size only as a band; a representative size inside each band lets the
``bands(size_mm, 20, 50)`` term read it (only the band reaches the model)."""


def _cohort_columns(frame: pl.DataFrame) -> pl.DataFrame:
    """Rotterdam/GBSG columns renamed to the cohort table's vocabulary."""
    return frame.with_columns(
        patient_id=pl.col("pid").cast(pl.String),
        age=pl.col("age").cast(pl.Float64),
        menopausal_status=pl.when(pl.col("meno") == 1)
        .then(pl.lit("post"))
        .otherwise(pl.lit("pre")),
        nodes_positive=pl.col("nodes").cast(pl.Float64),
        grade=pl.col("grade").cast(pl.Float64),
        er_fmol=pl.col("er").cast(pl.Float64),
        pr_fmol=pl.col("pgr").cast(pl.Float64),
        endocrine=pl.when(pl.col("hormon") == 1).then(pl.lit("yes")).otherwise(pl.lit("no")),
    )


def rotterdam_all(folder: Path | None = None) -> pl.DataFrame:
    """All 2982 Rotterdam patients; RFS as in ``?rotterdam`` (relapse, else death)."""
    raw = _read("rotterdam.csv", folder)
    return _cohort_columns(raw).with_columns(
        size_mm=pl.col("size").replace_strict(_SIZE_BAND_MM, return_dtype=pl.Float64),
        rfs_days=pl.when(pl.col("recur") == 1).then("rtime").otherwise("dtime").cast(pl.Float64),
        rfs_event=pl.max_horizontal("recur", "death").cast(pl.Int64),
        os_days=pl.col("dtime").cast(pl.Float64),
        os_event=pl.col("death").cast(pl.Int64),
    )


def rotterdam_development(folder: Path | None = None) -> pl.DataFrame:
    """Node-positive Rotterdam patients, RFS censored at 84 months (n = 1546, 965 events).

    As survival's royston vignette (``r7``): relapse and death each censored at
    ``round(7 * 365.25)`` days, RFS time the relapse time if relapsed else the death or
    last follow-up time, event = relapse or death.
    """
    raw = _read("rotterdam.csv", folder).filter(pl.col("nodes") > 0)
    y7 = Y7_DAYS
    r7 = raw.with_columns(
        recur=pl.when(pl.col("rtime") > y7).then(0).otherwise(pl.col("recur")),
        rtime=pl.min_horizontal("rtime", pl.lit(y7)),
        death=pl.when(pl.col("dtime") > y7).then(0).otherwise(pl.col("death")),
        dtime=pl.min_horizontal("dtime", pl.lit(y7)),
    )
    return _cohort_columns(r7).with_columns(
        size_mm=pl.col("size").replace_strict(_SIZE_BAND_MM, return_dtype=pl.Float64),
        rfs_days=pl.when(pl.col("recur") == 1).then("rtime").otherwise("dtime").cast(pl.Float64),
        rfs_event=pl.max_horizontal("death", "recur").cast(pl.Int64),
    )


def gbsg_validation(folder: Path | None = None) -> pl.DataFrame:
    """The 686 GBSG patients, RFS (relapse or death) censored at 84 months like the
    development data; size in millimetres."""
    raw = _read("gbsg.csv", folder)
    y7 = Y7_DAYS
    return _cohort_columns(raw).with_columns(
        size_mm=pl.col("size").cast(pl.Float64),
        rfs_days=pl.min_horizontal("rfstime", pl.lit(y7)).cast(pl.Float64),
        rfs_event=pl.when(pl.col("rfstime") > y7).then(0).otherwise(pl.col("status")),
        rfs_days_uncensored=pl.col("rfstime").cast(pl.Float64),
        rfs_event_uncensored=pl.col("status"),
    )


def _yes_no(column: str) -> pl.Expr:
    return (
        pl.when(pl.col(column) == "YES")
        .then(pl.lit("yes"))
        .when(pl.col(column) == "NO")
        .then(pl.lit("no"))
        .otherwise(None)
    )


def _pos_neg(column: str) -> pl.Expr:
    return (
        pl.when(pl.col(column) == "Positive")
        .then(pl.lit("positive"))
        .when(pl.col(column) == "Negative")
        .then(pl.lit("negative"))
        .otherwise(None)
    )


def metabric(folder: Path | None = None) -> pl.DataFrame:
    """METABRIC (cBioPortal) in cohort-table text columns plus outcomes in months.

    Outcomes: ``os_*`` all-cause death; ``dss_*`` death from breast cancer (other deaths
    censored); ``relapse_*`` relapse only (as ``RFS_STATUS``: death without relapse is
    censored at death); ``rfs_*`` relapse or death, whichever first. Chemotherapy is
    recorded only as yes/no: "yes" is taken as a second-generation regimen (the cohort
    was treated 1977-2005); trastuzumab and bisphosphonates were not recorded and are
    taken as "no" (HER2-targeted therapy was not in use for most of the cohort).
    """
    raw = _read("metabric_clinical_cbioportal.csv", folder)
    text = pl.String
    return raw.select(
        patient_id=pl.col("PATIENT_ID"),
        cohort=pl.col("COHORT"),
        age=pl.col("AGE_AT_DIAGNOSIS").cast(text),
        menopausal_status=pl.col("INFERRED_MENOPAUSAL_STATE").str.to_lowercase(),
        size_mm=pl.col("TUMOR_SIZE").cast(text),
        grade=pl.col("GRADE").cast(text),
        nodes_positive=pl.col("LYMPH_NODES_EXAMINED_POSITIVE").cast(text),
        er=_pos_neg("ER_STATUS"),
        pr=_pos_neg("PR_STATUS"),
        her2=_pos_neg("HER2_STATUS"),
        chemo=pl.when(pl.col("CHEMOTHERAPY") == "YES")
        .then(pl.lit("second_gen"))
        .when(pl.col("CHEMOTHERAPY") == "NO")
        .then(pl.lit("none"))
        .otherwise(None),
        endocrine=_yes_no("HORMONE_THERAPY"),
        radiotherapy=_yes_no("RADIO_THERAPY"),
        trastuzumab=pl.lit("no"),
        bisphosphonate=pl.lit("no"),
        ki67=pl.lit("unknown"),
        detection=pl.lit("unknown"),
        npi_recorded=pl.col("NPI"),
        os_months=pl.col("OS_MONTHS"),
        os_event=(pl.col("OS_STATUS") == "1:DECEASED").cast(pl.Int64),
        dss_event=(pl.col("VITAL_STATUS") == "Died of Disease").cast(pl.Int64),
        relapse_months=pl.col("RFS_MONTHS"),
        relapse_event=(pl.col("RFS_STATUS") == "1:Recurred").cast(pl.Int64),
        rfs_months=pl.when(pl.col("RFS_STATUS") == "1:Recurred")
        .then(pl.col("RFS_MONTHS"))
        .otherwise(pl.col("OS_MONTHS")),
        rfs_event=(
            (pl.col("RFS_STATUS") == "1:Recurred") | (pl.col("OS_STATUS") == "1:DECEASED")
        ).cast(pl.Int64),
    )
