"""The cohort table's columns: names, codes and ranges (a public contract).

``docs/cohort-table.md`` documents the same columns; a test keeps the two in step.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from vigil.facts._codes import Race

__all__ = ["COLUMNS", "COLUMNS_BY_NAME", "ColumnSpec"]


@dataclass(frozen=True, slots=True)
class ColumnSpec:
    """One column of the cohort table.

    ``kind`` is ``id`` (text key), ``code`` (one of ``codes``) or ``number`` (a finite
    number in ``[minimum, maximum]``, a whole number if ``integer``; ``unknown`` allowed if
    ``allow_unknown``; ``extra_codes`` are other words accepted in place of a number).
    """

    name: str
    kind: Literal["id", "code", "number"]
    description: str
    required: bool = False
    codes: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    integer: bool = False
    allow_unknown: bool = False
    extra_codes: tuple[str, ...] = ()
    exclusive_minimum: bool = False


_YES_NO = ("yes", "no")

COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("patient_id", "id", "Unique row key (pseudonymous; 1-64 characters).", True),
    ColumnSpec(
        "age",
        "number",
        "Years: at diagnosis for patients, today's age for unaffected women.",
        True,
        minimum=0,
        maximum=120,
    ),
    ColumnSpec("menopausal_status", "code", "At diagnosis.", codes=("pre", "post", "unknown")),
    ColumnSpec(
        "size_mm",
        "number",
        "Invasive tumour size, millimetres.",
        minimum=0,
        maximum=500,
        exclusive_minimum=True,
        allow_unknown=True,
    ),
    ColumnSpec(
        "grade",
        "number",
        "Histological grade.",
        minimum=1,
        maximum=3,
        integer=True,
        allow_unknown=True,
    ),
    ColumnSpec(
        "nodes_positive",
        "number",
        "Positive axillary nodes.",
        minimum=0,
        maximum=100,
        integer=True,
        allow_unknown=True,
    ),
    ColumnSpec(
        "nodes_examined", "number", "Axillary nodes examined.", minimum=0, maximum=100, integer=True
    ),
    ColumnSpec(
        "micrometastases_only", "code", "All positive nodes are micrometastases.", codes=_YES_NO
    ),
    ColumnSpec(
        "er",
        "code",
        "Oestrogen receptor (positive at >= 1 % of cells).",
        codes=("positive", "negative", "unknown"),
    ),
    ColumnSpec("pr", "code", "Progesterone receptor.", codes=("positive", "negative", "unknown")),
    ColumnSpec(
        "her2", "code", "HER2 status (ASCO/CAP).", codes=("positive", "negative", "unknown")
    ),
    ColumnSpec(
        "ki67",
        "code",
        "Ki-67: positive means > 10 % of cells.",
        codes=("positive", "negative", "unknown"),
    ),
    ColumnSpec(
        "detection", "code", "How the cancer was found.", codes=("screening", "symptoms", "unknown")
    ),
    ColumnSpec(
        "chemo",
        "code",
        "Chemotherapy regimen generation.",
        codes=("none", "second_gen", "third_gen"),
    ),
    ColumnSpec("endocrine", "code", "Adjuvant endocrine therapy.", codes=_YES_NO),
    ColumnSpec("trastuzumab", "code", "Adjuvant trastuzumab.", codes=_YES_NO),
    ColumnSpec("bisphosphonate", "code", "Adjuvant bisphosphonate.", codes=_YES_NO),
    ColumnSpec("radiotherapy", "code", "Adjuvant radiotherapy.", codes=_YES_NO),
    ColumnSpec("smoker", "code", "Current smoker.", codes=_YES_NO),
    ColumnSpec(
        "heart_dose_gy", "number", "Mean heart dose of radiotherapy, gray.", minimum=0, maximum=60
    ),
    ColumnSpec(
        "age_menarche",
        "number",
        "Age at first period, years.",
        minimum=5,
        maximum=25,
        allow_unknown=True,
    ),
    ColumnSpec(
        "age_first_birth",
        "number",
        "Age at first live birth, years.",
        minimum=9,
        maximum=60,
        allow_unknown=True,
        extra_codes=("nulliparous",),
    ),
    ColumnSpec(
        "relatives",
        "number",
        "First-degree relatives with breast cancer.",
        minimum=0,
        maximum=30,
        integer=True,
        allow_unknown=True,
    ),
    ColumnSpec(
        "biopsies",
        "number",
        "Breast biopsies ever.",
        minimum=0,
        maximum=50,
        integer=True,
        allow_unknown=True,
    ),
    ColumnSpec(
        "atypical_hyperplasia",
        "code",
        "Atypical hyperplasia in a biopsy.",
        codes=("yes", "no", "unknown"),
    ),
    ColumnSpec(
        "race", "code", "Race/ethnicity, NCI BCRAT groups.", codes=tuple(r.value for r in Race)
    ),
)

COLUMNS += (
    ColumnSpec(
        "sex", "code", "Sex (PREDICT and BCRAT were developed in women).", codes=("female", "male")
    ),
    ColumnSpec("er_hscore", "number", "ER H-score (0-300).", minimum=0, maximum=300),
    ColumnSpec(
        "er_fmol",
        "number",
        "ER by ligand-binding assay, fmol/mg protein (as in the Rotterdam data).",
        minimum=0,
        maximum=10_000,
    ),
    ColumnSpec("pr_hscore", "number", "PR H-score (0-300).", minimum=0, maximum=300),
    ColumnSpec("ki67_percent", "number", "Ki-67, percent of tumour cells.", minimum=0, maximum=100),
    ColumnSpec(
        "her2_ihc", "code", "HER2 immunohistochemistry score.", codes=("0", "1+", "2+", "3+")
    ),
    ColumnSpec(
        "setting",
        "code",
        "Systemic therapy before surgery (neoadjuvant) or after it (adjuvant).",
        codes=("adjuvant", "neoadjuvant"),
    ),
)

COLUMNS_BY_NAME: dict[str, ColumnSpec] = {spec.name: spec for spec in COLUMNS}
