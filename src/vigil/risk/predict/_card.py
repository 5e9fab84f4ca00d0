"""The PREDICT model cards, validity domain and output column names."""

from __future__ import annotations

from vigil.risk._base import ModelCard, refused_name
from vigil.risk.predict._coefficients import (
    COEFFICIENTS,
    REFERENCE_COMMIT,
    REFERENCE_REPOSITORY,
    Treatment,
    Version,
)

__all__ = [
    "AGE_RANGE_YEARS",
    "BENEFITS",
    "HORIZONS",
    "MAX_NODES",
    "MAX_SIZE_MM",
    "model_id",
    "output_columns",
    "output_prefix",
    "predict_card",
]

HORIZONS: tuple[int, ...] = (5, 10, 15)
"""Years after diagnosis at which scores are reported."""

# The PREDICT web tool's input limits (WintonCentre/predict-v21-main,
# src/cljs/predict3/state/config.cljs: age {:min 25 :max 85}, size {:min 0 :max 500},
# nodes {:min 0 :max 100}). Size 0 is excluded: the models take its logarithm.
AGE_RANGE_YEARS = (25.0, 85.0)
MAX_SIZE_MM = 500.0
MAX_NODES = 100.0

BENEFITS: tuple[tuple[str, Treatment], ...] = (
    ("endocrine", Treatment.ENDOCRINE),
    ("chemo", Treatment.CHEMOTHERAPY),
    ("trastuzumab", Treatment.TRASTUZUMAB),
    ("bisphosphonate", Treatment.BISPHOSPHONATE),
    ("radiotherapy", Treatment.RADIOTHERAPY),
)
"""Benefit column suffix and the treatment it measures."""

_TREATMENT_WORDS = {
    Treatment.ENDOCRINE: "endocrine therapy",
    Treatment.RADIOTHERAPY: "radiotherapy",
    Treatment.CHEMOTHERAPY: "chemotherapy",
    Treatment.TRASTUZUMAB: "trastuzumab",
    Treatment.BISPHOSPHONATE: "bisphosphonates",
}

_REFERENCE_CALL = {
    Version.V2_1: (
        "script inst/Predict-v2.1-2018-04-07.R, evaluated with the patient's inputs "
        "(radiotherapy disabled there)"
    ),
    Version.V3_0: "function benefits30() in R/benefits30.R",
    Version.V3_1: ("function benefits31() in R/benefits31.R with inst/extdata/coefficients_v3.csv"),
}

_SOURCES = {
    Version.V2_1: (
        "Wishart et al., Breast Cancer Res 2010;12:R1, doi:10.1186/bcr2464; Candido dos "
        "Reis et al., Breast Cancer Res 2017;19:58, doi:10.1186/s13058-017-0852-3"
    ),
    Version.V3_0: (
        "Grootes, Wishart & Pharoah, npj Breast Cancer 2024, doi:10.1038/s41523-024-00612-y, "
        "on the v2.1 model of Candido dos Reis et al., Breast Cancer Res 2017;19:58"
    ),
    Version.V3_1: (
        "Grootes, Wishart & Pharoah, npj Breast Cancer 2024, doi:10.1038/s41523-024-00612-y"
    ),
}


def model_id(version: Version) -> str:
    """``predict-v2.1``, ``predict-v3.0`` or ``predict-v3.1``."""
    return f"predict-v{version.value}"


def output_prefix(version: Version) -> str:
    """``predict_v21``, ``predict_v30`` or ``predict_v31``."""
    return refused_name(model_id(version)).removesuffix("_refused")


def output_columns(version: Version) -> dict[str, str]:
    """Output column names, in order, with their meaning (the refusal column excluded)."""
    prefix = output_prefix(version)
    chain = COEFFICIENTS[version].chain
    order = " → ".join(_TREATMENT_WORDS[t] for t in chain)
    out: dict[str, str] = {}
    for h in HORIZONS:
        out |= {
            f"{prefix}_os_{h}y_surgery_only": f"overall survival {h} years after diagnosis, "
            "surgery alone (fraction)",
            f"{prefix}_os_{h}y_treated": f"overall survival at {h} years with every treatment "
            "chosen (fraction)",
            f"{prefix}_bc_death_{h}y_surgery_only": f"probability of death from breast cancer "
            f"by {h} years, surgery alone, other causes competing (fraction)",
            f"{prefix}_bc_death_{h}y_treated": f"probability of death from breast cancer by "
            f"{h} years with every treatment chosen (fraction)",
        }
        for suffix, treatment in BENEFITS:
            words = _TREATMENT_WORDS[treatment]
            if treatment in chain:
                text = (
                    f"gain in {h}-year overall survival from {words}, added in the order "
                    f"{order} (fraction; 0 when not chosen or it cannot act)"
                )
            else:
                text = f"null: PREDICT v{version.value} has no {words} term"
            out[f"{prefix}_benefit_{h}y_{suffix}"] = text
        out[f"{prefix}_benefit_{h}y_all"] = (
            f"gain in {h}-year overall survival from every treatment chosen: treated minus "
            "surgery alone, the sum of the benefit columns (fraction)"
        )
    return out


def _inputs(version: Version) -> tuple[str, ...]:
    common = (
        "age",
        "size_mm",
        "nodes_positive",
        "micrometastases_only",
        "grade",
        "er",
        "her2",
        "ki67",
        "detection",
        "chemo",
        "endocrine",
        "trastuzumab",
        "bisphosphonate",
    )
    if version is Version.V2_1:
        return common
    return (*common, "pr", "radiotherapy", "heart_dose_gy", "smoker")


def _domain(version: Version) -> tuple[str, ...]:
    low, high = AGE_RANGE_YEARS
    items = [
        "women with early invasive breast cancer treated with surgery first (not after "
        "neoadjuvant therapy, not metastatic, not for men)",
        f"age {low:g}-{high:g} years: the PREDICT web tool's input range (beyond it the "
        "formulas extrapolate: v3.1 gives no answer at 24 and below, and v3.0's ER-positive "
        "age term explodes at young ages)",
        f"invasive size above 0 and at most {MAX_SIZE_MM:g} mm (web tool range; size 0 "
        "has no logarithm)",
        f"positive nodes 0-{MAX_NODES:g} (web tool range), known",
        "ER status known; size, nodes and every treatment recorded",
    ]
    if version is not Version.V2_1:
        items.append(
            "smoking and radiotherapy recorded; mean heart dose recorded when radiotherapy is given"
        )
    return tuple(items)


def _notes(version: Version) -> tuple[str, ...]:
    chain = " → ".join(_TREATMENT_WORDS[t] for t in COEFFICIENTS[version].chain)
    notes = [
        "PREDICT estimates survival (death from breast cancer and from other causes), not "
        "recurrence.",
        f"Reproduces the reference implementation ({REFERENCE_REPOSITORY} at "
        f"{REFERENCE_COMMIT[:7]}, {_REFERENCE_CALL[version]}) to rounding error (< 1e-15) on "
        "the 80 fixture patients of tests/fixtures/predict, quirks included.",
        f"Benefits are gains in overall survival as treatments are added in the order {chain}"
        + (
            " (v2.1 defines no order; the web tool's order is used)"
            if version is Version.V2_1
            else " (the version's own order)"
        )
        + "; they sum to the all-treatments benefit. A treatment not chosen has benefit 0.",
        "Unknown grade is scored as 2.13; unknown mode of detection as 0.204 (the "
        "reference's values). Unknown HER2, Ki-67 or PR contribute no term. Ki-67 counts "
        "for ER-positive tumours only.",
        "Micrometastases only in one positive node is scored as 0.5 nodes (the reference "
        "repository's test call s200() and the web tool); with more nodes the count is used.",
        "Endocrine therapy acts only for ER-positive and trastuzumab only for HER2-positive "
        "tumours: otherwise it is scored with no effect (benefit 0), not refused.",
        "Bisphosphonates are applied whatever the menopausal status, as in the reference "
        "(whose comment says they apply to postmenopausal women only; nothing enforces it).",
        "Extended (10-year) endocrine therapy is not reported.",
    ]
    if version is not Version.V3_1:
        notes.append("No screening term for ER-negative tumours (the v2 indices).")
    if version is Version.V2_1:
        notes += [
            "Unknown grade in an ER-negative tumour scores like grade 1 (the ER-negative "
            "grade term is 1 only for grade exactly 2 or 3).",
            "No radiotherapy term (disabled in the reference script), so the radiotherapy "
            "benefit is null; PR, smoking and heart dose are not used.",
        ]
    if version is Version.V3_0:
        notes += [
            "Unknown grade in an ER-negative tumour scores like grade 2-3 (term 1 if grade >= 2).",
            "Quirk kept: the other-cause harms of chemotherapy (HR 1.2) and of radiotherapy "
            "(HR 1.04 per Gy of mean heart dose) are in every column, surgery alone "
            "included, so surgery-alone survival depends on the chemotherapy and "
            "radiotherapy chosen, and their benefits exclude their harms.",
            "The radiotherapy offsets (population 69 % irradiated, 2 Gy mean heart dose) are "
            "always applied, with or without radiotherapy.",
        ]
    if version is Version.V3_1:
        notes += [
            "Grade enters linearly for both ER groups (unknown = 2.13). Year of diagnosis is "
            "fixed at 2017.",
            "The radiotherapy offsets (population 69 % irradiated, 2 Gy mean heart dose) are "
            "always applied, with or without radiotherapy.",
            "The reference adds the heart-dose harm (HR 1.02 per Gy) to every radiotherapy "
            "column even without radiotherapy; Vigil uses the heart dose only when "
            "radiotherapy is yes (the cohort table refuses a dose without it), so the "
            "radiotherapy benefit of a patient without radiotherapy is 0.",
        ]
    if version is not Version.V2_1:
        notes.append(
            "An empty heart dose is read as 0 Gy when radiotherapy is no; with radiotherapy "
            "the row is refused."
        )
    return tuple(notes)


def predict_card(version: Version) -> ModelCard:
    """The model card of a PREDICT version."""
    return ModelCard(
        id=model_id(version),
        name=f"PREDICT Breast v{version.value}",
        version=version.value,
        source=_SOURCES[version],
        reference_implementation=(
            f"{REFERENCE_REPOSITORY} at commit {REFERENCE_COMMIT} (package predictv30r "
            f"0.3.2), {_REFERENCE_CALL[version]}"
        ),
        intended_use=(
            "Women with early invasive breast cancer after surgery: overall survival and "
            "breast-cancer death 5, 10 and 15 years after diagnosis, with surgery alone and "
            "with the adjuvant treatments chosen, and each treatment's gain in overall "
            "survival, to support treatment discussions. Not for ductal carcinoma in situ "
            "alone, metastatic disease, patients treated with neoadjuvant therapy, or men."
        ),
        validity_domain=_domain(version),
        inputs=_inputs(version),
        outputs=output_columns(version),
        notes=_notes(version),
    )
