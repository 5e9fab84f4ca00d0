"""PREDICT v2.1 / v3.0 / v3.1 against the Winton Centre reference, and the refusals.

Golden values: ``tests/fixtures/predict/`` (README there). They were produced by the
reference R code, github WintonCentre/predict-v30-r at commit 42223bc, on the 80 patients
of ``patients.csv``:

- ``benefits30.csv``: ``predictv30r::benefits30(age.start.in = p$age, screen.in = p$screen,
  size.in = p$size_mm, grade.in = p$grade, nodes.in = p$nodes, er.in = p$er, her2.in =
  p$her2, ki67.in = p$ki67, pr.in = p$pr, generation.in = p$generation, horm.in = p$horm,
  traz.in = p$traz, bis.in = p$bis, radio.in = p$radio, heart.gy.in = p$heart_gy,
  smoker.in = p$smoker)``;
- ``benefits31.csv``: ``predictv30r::benefits31(<same arguments>)``;
- ``v21.csv``: the script ``inst/Predict-v2.1-2018-04-07.R`` with the patient's inputs.

Each case id below is ``v<version>-p<patient_id>``: the fixture's ``patient_id``.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vigil.errors import VigilError
from vigil.facts import validate_cohort
from vigil.risk import RiskModel, refused_name
from vigil.risk.predict import (
    HORIZONS,
    PREDICT_V21,
    PREDICT_V30,
    PREDICT_V31,
    PredictInputs,
    PredictModel,
    Version,
    chain_labels,
    output_columns,
    predict_survival,
    summarise_at,
)

FIXTURES = Path(__file__).parents[1] / "fixtures" / "predict"
REFERENCE_FILE = {
    Version.V2_1: "v21.csv",
    Version.V3_0: "benefits30.csv",
    Version.V3_1: "benefits31.csv",
}
MODELS = {Version.V2_1: PREDICT_V21, Version.V3_0: PREDICT_V30, Version.V3_1: PREDICT_V31}
VERSIONS = list(Version)
TOLERANCE = 1e-4  # absolute, on the fraction scale
# The arrays reproduce the reference to rounding (max 5e-16 seen); this tighter bound also
# catches a wrong last digit in a coefficient, which 1e-4 can miss.
EXACT = 1e-12
QUANTITIES = ("overall_survival", "breast_cancer_mortality", "other_mortality")
BENEFIT_SUFFIX = {
    "h": "endocrine",
    "c": "chemo",
    "t": "trastuzumab",
    "b": "bisphosphonate",
    "r": "radiotherapy",
}


@functools.cache
def patients() -> pl.DataFrame:
    """``patients.csv``: the reference's own argument coding (README, "Patients")."""
    return pl.read_csv(FIXTURES / "patients.csv")


@functools.cache
def reference(version: Version) -> pl.DataFrame:
    return pl.read_csv(FIXTURES / REFERENCE_FILE[version])


@functools.cache
def reference_values(version: Version) -> dict[tuple[int, int, str, str], float]:
    """(patient_id, horizon, treatment, quantity) → value, as written by the reference."""
    ref = reference(version)
    keys = zip(
        ref["patient_id"], ref["horizon_years"], ref["treatment"], ref["quantity"], strict=True
    )
    return dict(zip(keys, ref["value"], strict=True))


def reference_inputs() -> PredictInputs:
    """The exact reference arguments of every patient, as arrays (radio 0 with 5 Gy kept)."""
    p = patients()

    def codes(column: str, mapping: Mapping[int, int]) -> np.ndarray:
        return np.array([mapping[v] for v in p[column]], dtype=np.int8)

    marker = {0: 0, 1: 1, 9: 2}  # reference 0/1/9 → MarkerCode NEGATIVE/POSITIVE/UNKNOWN
    grade = p["grade"].cast(pl.Float64).to_numpy()
    return PredictInputs(
        age_years=p["age"].cast(pl.Float64).to_numpy(),
        tumour_size_mm=p["size_mm"].cast(pl.Float64).to_numpy(),
        nodes_positive=p["nodes"].cast(pl.Float64).to_numpy(),  # micromets already 0.5
        grade=np.where(grade == 9, np.nan, grade),
        er_positive=p["er"].to_numpy() == 1,
        pr=codes("pr", marker),
        her2=codes("her2", marker),
        ki67=codes("ki67", marker),
        detection=codes("screen", {0: 0, 1: 1, 2: 2}),
        chemo=codes("generation", {0: 0, 2: 1, 3: 2}),
        endocrine=p["horm"].to_numpy() == 1,
        trastuzumab=p["traz"].to_numpy() == 1,
        bisphosphonate=p["bis"].to_numpy() == 1,
        radiotherapy=p["radio"].to_numpy() == 1,
        heart_dose_gy=p["heart_gy"].cast(pl.Float64).to_numpy(),
        smoker=p["smoker"].to_numpy() == 1,
    )


def _cohort_row(p: Mapping[str, int | float]) -> dict[str, str]:
    """One fixture patient in cohort-table codes (docs/cohort-table.md)."""

    def yes(flag: int | float) -> str:
        return "yes" if flag == 1 else "no"

    status = {0: "negative", 1: "positive", 9: "unknown"}
    micromets = p["micromets"] == 1
    # The contract refuses a heart dose above 0 without radiotherapy: leave it empty then
    # (read as 0 Gy), which is how a valid table records it.
    heart = f"{p['heart_gy']:g}" if p["radio"] == 1 or p["heart_gy"] == 0 else ""
    return {
        "patient_id": f"p{p['patient_id']}",
        "age": f"{p['age']:g}",
        "menopausal_status": "post" if p["post_menopausal"] == 1 else "pre",
        "size_mm": f"{p['size_mm']:g}",
        # Micrometastases are coded as nodes 0.5 in the fixture: one node, micromets only.
        "nodes_positive": "1" if micromets else f"{p['nodes']:g}",
        "micrometastases_only": "yes" if micromets else "no",
        "grade": "unknown" if p["grade"] == 9 else f"{p['grade']:g}",
        "er": status[int(p["er"])],
        "pr": status[int(p["pr"])],
        "her2": status[int(p["her2"])],
        "ki67": status[int(p["ki67"])],
        "detection": {0: "symptoms", 1: "screening", 2: "unknown"}[int(p["screen"])],
        "chemo": {0: "none", 2: "second_gen", 3: "third_gen"}[int(p["generation"])],
        "endocrine": yes(p["horm"]),
        "trastuzumab": yes(p["traz"]),
        "bisphosphonate": yes(p["bis"]),
        "radiotherapy": yes(p["radio"]),
        "heart_dose_gy": heart,
        "smoker": yes(p["smoker"]),
    }


def typed(rows: Sequence[Mapping[str, str]]) -> pl.DataFrame:
    """Rows of contract codes through the real validator; every row must be valid."""
    text = pl.DataFrame(list(rows), schema=dict.fromkeys(rows[0], pl.String), orient="row")
    table = validate_cohort(text)
    assert table.errors.height == 0, table.errors
    return table.valid


@functools.cache
def cohort() -> pl.DataFrame:
    return typed([_cohort_row(p) for p in patients().iter_rows(named=True)])


@functools.cache
def scored(version: Version) -> pl.DataFrame:
    return MODELS[version].score(cohort())


def effective_chain(version: Version, patient: Mapping[str, int | float]) -> list[str]:
    """Reference labels equal to the score's columns for this patient.

    v3.1 adds the heart-dose term to its ``r`` columns even without radiotherapy (README,
    quirk 5); the cohort table cannot hold that dose, so for those patients the score
    equals the reference's columns without ``r`` (reported at year 10 only, tier C).
    """
    labels = list(chain_labels(version))
    if version is Version.V3_1 and patient["radio"] == 0 and patient["heart_gy"] > 0:
        kept = [[token for token in label.split("+") if token != "r"] for label in labels]
        return ["+".join(tokens) or "surgery" for tokens in kept]
    return labels


# --- the lower-level function, every year -------------------------------------------------


@pytest.mark.parametrize("version", VERSIONS, ids=lambda v: f"v{v}")
def test_predict_survival_matches_reference_every_year(version: Version) -> None:
    # Fixture rows: tier A (surgery and all treatments, years 1..15) and tier B (the
    # chain's other columns, years 5, 10, 15), three quantities.
    result = predict_survival(version, reference_inputs())
    ref = reference(version).filter(
        pl.col("treatment").is_in(result.columns) & pl.col("quantity").is_in(QUANTITIES)
    )
    # Per patient and quantity: 2 columns x 15 years + 3 (v2.1) or 4 (v3.x) columns x 3 years.
    assert ref.height == 80 * 3 * {Version.V2_1: 39, Version.V3_0: 42, Version.V3_1: 42}[version]
    column = np.array([result.column(t) for t in ref["treatment"]])
    year = ref["horizon_years"].to_numpy() - 1
    patient = ref["patient_id"].to_numpy() - 1
    for quantity, values, unit in (
        ("overall_survival", result.overall_survival, 100.0),  # percent in the fixture
        ("breast_cancer_mortality", result.breast_cancer_mortality, 1.0),
        ("other_mortality", result.other_mortality, 1.0),
    ):
        mask = (ref["quantity"] == quantity).to_numpy()
        got = values[column[mask], year[mask], patient[mask]]
        expected = ref["value"].to_numpy()[mask] / unit
        np.testing.assert_allclose(got, expected, rtol=0, atol=EXACT, err_msg=quantity)
    assert result.years.tolist() == list(range(1, 16))


def test_surgery_alone_and_all_treatments_are_reported_every_year() -> None:
    # Tier A of the fixture covers years 1..15 for surgery and the end of each chain.
    result = predict_survival(Version.V3_1, reference_inputs())
    ref = reference(Version.V3_1).filter(
        (pl.col("quantity") == "overall_survival")
        & pl.col("treatment").is_in(["surgery", "r+h+c+t+b"])
    )
    assert sorted(set(ref["horizon_years"])) == list(range(1, 16))
    assert ref.height == 80 * 15 * 2
    totals = result.breast_cancer_mortality + result.other_mortality
    np.testing.assert_allclose(totals, result.all_cause_mortality, rtol=0, atol=1e-15)


@pytest.mark.parametrize("version", [Version.V2_1, Version.V3_0], ids=lambda v: f"v{v}")
def test_cumulative_benefits_match_reference(version: Version) -> None:
    # benefits2.1 / benefits30: 100 * (pred.cum.all[surgery] - pred.cum.all[column]).
    result = predict_survival(version, reference_inputs())
    ref = reference(version).filter(
        (pl.col("quantity") == "benefit_overall_survival")
        & pl.col("treatment").is_in(result.columns)
    )
    assert ref.height > 0
    column = np.array([result.column(t) for t in ref["treatment"]])
    year = ref["horizon_years"].to_numpy() - 1
    patient = ref["patient_id"].to_numpy() - 1
    survival = result.overall_survival
    got = survival[column, year, patient] - survival[0, year, patient]
    np.testing.assert_allclose(got, ref["value"].to_numpy() / 100, rtol=0, atol=TOLERANCE)


def test_v31_incremental_benefits_match_rounded_reference() -> None:
    # benefits31's `benefits` tibble: round(100 * (A(from) - A(to)), 1) along r→h→c→t→b.
    result = predict_survival(Version.V3_1, reference_inputs())
    ref = reference(Version.V3_1).filter(
        pl.col("treatment").is_in(["r_benefit", "h_benefit", "c_benefit", "t_benefit", "b_benefit"])
    )
    survival = result.overall_survival
    step = {name: i + 1 for i, name in enumerate(["r", "h", "c", "t", "b"])}
    for patient_id, horizon, treatment, value in ref.select(
        "patient_id", "horizon_years", "treatment", "value"
    ).iter_rows():
        j = step[treatment.removesuffix("_benefit")]
        gain = (
            survival[j, horizon - 1, patient_id - 1] - survival[j - 1, horizon - 1, patient_id - 1]
        )
        assert abs(100 * gain - value) <= 0.05 + 1e-9, (patient_id, horizon, treatment)


def test_summary_agrees_with_full_result() -> None:
    inputs = reference_inputs()
    for version in VERSIONS:
        full = predict_survival(version, inputs)
        summary = summarise_at(version, inputs, HORIZONS)
        at = np.array(HORIZONS) - 1
        np.testing.assert_allclose(
            summary.overall_survival, full.overall_survival[:, at], rtol=0, atol=1e-14
        )
        np.testing.assert_allclose(
            summary.breast_cancer_mortality_treated,
            full.breast_cancer_mortality[-1][at],
            rtol=0,
            atol=1e-15,
        )


# --- the risk models on the typed cohort frame --------------------------------------------


def _lookup(
    version: Version, patient_id: int, horizon: int, label: str, quantity: str
) -> float | None:
    """A fixture value on the fraction scale; None where the fixture does not keep it."""
    if quantity == "benefit_overall_survival" and label == "surgery":
        return 0.0  # benefits2.1 / benefits30 are gains versus surgery
    value = reference_values(version).get((patient_id, horizon, label, quantity))
    if value is None:
        return None
    scale = 100.0 if quantity in {"overall_survival", "benefit_overall_survival"} else 1.0
    return value / scale


def _difference(after: float | None, before: float | None) -> float | None:
    return None if after is None or before is None else after - before


def _expected_scores(version: Version) -> list[tuple[str, int, str, float]]:
    """(case id, row, output column, expected) for every value the fixture determines.

    Benefits: v2.1 and v3.0 from the reference's cumulative benefit column (differences
    along the chain); v3.1 from overall-survival differences (its benefits are rounded).
    """
    prefix = refused_name(MODELS[version].card.id).removesuffix("_refused")
    benefit = "overall_survival" if version is Version.V3_1 else "benefit_overall_survival"
    tokens = [label.split("+")[-1] for label in chain_labels(version)]
    out: list[tuple[str, int, str, float]] = []
    for row, p in enumerate(patients().iter_rows(named=True)):
        labels = effective_chain(version, p)
        for h in HORIZONS:
            pid = p["patient_id"]
            wanted = {
                f"{prefix}_os_{h}y_surgery_only": _lookup(
                    version, pid, h, "surgery", "overall_survival"
                ),
                f"{prefix}_os_{h}y_treated": _lookup(
                    version, pid, h, labels[-1], "overall_survival"
                ),
                f"{prefix}_bc_death_{h}y_surgery_only": _lookup(
                    version, pid, h, "surgery", "breast_cancer_mortality"
                ),
                f"{prefix}_bc_death_{h}y_treated": _lookup(
                    version, pid, h, labels[-1], "breast_cancer_mortality"
                ),
                f"{prefix}_benefit_{h}y_all": _difference(
                    _lookup(version, pid, h, labels[-1], benefit),
                    _lookup(version, pid, h, "surgery", benefit),
                ),
            }
            for j in range(1, len(labels)):
                wanted[f"{prefix}_benefit_{h}y_{BENEFIT_SUFFIX[tokens[j]]}"] = _difference(
                    _lookup(version, pid, h, labels[j], benefit),
                    _lookup(version, pid, h, labels[j - 1], benefit),
                )
            case = f"v{version}-p{pid}"
            out += [(case, row, name, value) for name, value in wanted.items() if value is not None]
    return out


@pytest.mark.parametrize("version", VERSIONS, ids=lambda v: f"v{v}")
def test_score_matches_reference(version: Version) -> None:
    out = scored(version)
    assert out.height == 80
    assert out[refused_name(MODELS[version].card.id)].null_count() == 80
    expected = _expected_scores(version)
    assert len(expected) > 80 * 3 * 8
    errors = [
        (case, name, abs(out[name][row] - value))
        for case, row, name, value in expected
        if abs(out[name][row] - value) > TOLERANCE
    ]
    assert errors == []


def test_v31_radiotherapy_heart_quirk_kept_in_lower_level_but_not_in_scores() -> None:
    # Patient 44: radio 0 with 5 Gy. README quirk 5: at 10 years OS is 91.393 % for
    # surgery but 91.118 % for `r` in benefits31.
    values = reference_values(Version.V3_1)
    result = predict_survival(Version.V3_1, reference_inputs())
    assert result.overall_survival[1, 9, 43] == pytest.approx(
        values[(44, 10, "r", "overall_survival")] / 100, abs=TOLERANCE
    )
    assert (
        values[(44, 10, "r", "overall_survival")] < values[(44, 10, "surgery", "overall_survival")]
    )
    assert scored(Version.V3_1)["predict_v31_benefit_10y_radiotherapy"][43] == 0.0


# --- output contract ---------------------------------------------------------------------


@pytest.mark.parametrize("version", VERSIONS, ids=lambda v: f"v{v}")
def test_output_columns_and_card(version: Version) -> None:
    model: RiskModel = MODELS[version]
    card = model.card
    assert card.id == f"predict-v{version}"
    out = scored(version)
    assert out.columns == [*card.outputs, refused_name(card.id)]
    assert list(card.outputs) == list(output_columns(version))
    assert all(out[c].dtype == pl.Float64 for c in card.outputs)
    assert "10.1038/s41523-024-00612-y" in card.source or version is Version.V2_1
    assert "42223bc" in card.reference_implementation


@pytest.mark.parametrize("version", VERSIONS, ids=lambda v: f"v{v}")
def test_benefits_sum_to_all_and_probabilities_are_fractions(version: Version) -> None:
    out = scored(version)
    prefix = refused_name(MODELS[version].card.id).removesuffix("_refused")
    for h in HORIZONS:
        parts = [f"{prefix}_benefit_{h}y_{s}" for s in BENEFIT_SUFFIX.values()]
        total = out.select(pl.sum_horizontal(parts)).to_series().to_numpy()
        np.testing.assert_allclose(total, out[f"{prefix}_benefit_{h}y_all"], rtol=0, atol=1e-12)
        for kind in ("os", "bc_death"):
            for arm in ("surgery_only", "treated"):
                values = out[f"{prefix}_{kind}_{h}y_{arm}"].to_numpy()
                assert ((values >= 0) & (values <= 1)).all()


def test_v21_radiotherapy_benefit_is_null() -> None:
    out = scored(Version.V2_1)
    for h in HORIZONS:
        assert out[f"predict_v21_benefit_{h}y_radiotherapy"].null_count() == 80


def test_treatment_not_chosen_has_no_benefit() -> None:
    out = scored(Version.V3_0)
    p = patients()
    no_chemo = (p["generation"] == 0).to_numpy()
    no_traz = ((p["traz"] == 0) | (p["her2"] != 1)).to_numpy()
    assert (out["predict_v30_benefit_10y_chemo"].to_numpy()[no_chemo] == 0.0).all()
    assert (out["predict_v30_benefit_10y_trastuzumab"].to_numpy()[no_traz] == 0.0).all()


# --- refusals ---------------------------------------------------------------------------


def base_row(**changes: str) -> dict[str, str]:
    """The README's base case: fixture patient 11 with one macrometastatic node.

    Age 55, 22 mm, grade 2, ER+ PR+ HER2- Ki-67-, symptoms, 2nd-generation chemotherapy,
    endocrine, bisphosphonates, radiotherapy with 2 Gy to the heart, non-smoker.
    """
    row = _cohort_row(patients().row(10, named=True))
    return row | {"nodes_positive": "1", "micrometastases_only": "no"} | changes


def refusal(version: Version, frame: pl.DataFrame) -> list[str | None]:
    return MODELS[version].score(frame)[refused_name(MODELS[version].card.id)].to_list()


@pytest.mark.parametrize("version", VERSIONS, ids=lambda v: f"v{v}")
@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"age": "24"}, "age is outside 25-85"),
        ({"age": "86"}, "age is outside 25-85"),
        ({"er": ""}, "er is missing"),
        ({"er": "unknown"}, "er is unknown"),
        ({"size_mm": "unknown"}, "size_mm is unknown"),
        ({"nodes_positive": "unknown"}, "nodes_positive is unknown"),
        ({"chemo": ""}, "chemo is missing"),
        ({"grade": ""}, "grade is missing"),
    ],
    ids=[
        "age-24",
        "age-86",
        "er-missing",
        "er-unknown",
        "size-unknown",
        "nodes-unknown",
        "chemo-missing",
        "grade-missing",
    ],
)
def test_refusals(version: Version, changes: dict[str, str], words: str) -> None:
    frame = typed([base_row(patient_id="ok"), base_row(patient_id="bad", **changes)])
    reasons = refusal(version, frame)
    assert reasons[0] is None
    assert reasons[1] is not None
    assert words in reasons[1]
    out = MODELS[version].score(frame)
    assert out.row(1)[:-1] == (None,) * len(MODELS[version].card.outputs)


@pytest.mark.parametrize("version", VERSIONS, ids=lambda v: f"v{v}")
def test_domain_edges_are_scored(version: Version) -> None:
    frame = typed(
        [
            base_row(patient_id="a", age="25"),
            base_row(patient_id="b", age="85"),
            base_row(patient_id="c", size_mm="500", nodes_positive="100"),
            base_row(patient_id="d", grade="unknown", detection="unknown", her2="unknown"),
        ]
    )
    assert refusal(version, frame) == [None] * 4


@pytest.mark.parametrize("version", VERSIONS, ids=lambda v: f"v{v}")
def test_absent_column_refuses_every_row(version: Version) -> None:
    frame = cohort().drop("chemo")
    out = MODELS[version].score(frame)
    assert out.height == 80
    assert set(out[refused_name(MODELS[version].card.id)]) == {"the table has no column chemo"}
    assert all(out[c].null_count() == 80 for c in MODELS[version].card.outputs)


def test_v21_needs_no_v3_columns() -> None:
    frame = cohort().drop("pr", "radiotherapy", "heart_dose_gy", "smoker")
    assert refusal(Version.V2_1, frame) == [None] * 80
    assert set(refusal(Version.V3_1, frame)) == {"the table has no column pr, radiotherapy, smoker"}


@pytest.mark.parametrize("version", [Version.V3_0, Version.V3_1], ids=lambda v: f"v{v}")
def test_heart_dose_needed_only_with_radiotherapy(version: Version) -> None:
    frame = typed(
        [
            base_row(patient_id="rt-no-dose", radiotherapy="yes", heart_dose_gy=""),
            base_row(patient_id="no-rt-no-dose", radiotherapy="no", heart_dose_gy=""),
            base_row(patient_id="no-rt-zero", radiotherapy="no", heart_dose_gy="0"),
        ]
    )
    reasons = refusal(version, frame)
    assert reasons[0] is not None
    assert "heart_dose_gy is missing" in reasons[0]
    assert reasons[1:] == [None, None]
    out = MODELS[version].score(frame)
    assert out.row(1) == out.row(2)  # empty dose without radiotherapy is 0 Gy
    absent = MODELS[version].score(frame.drop("heart_dose_gy"))
    assert absent.row(1) == out.row(1)


def test_micrometastases_in_one_node_count_as_half_a_node() -> None:
    frame = typed(
        [
            base_row(patient_id="micro", nodes_positive="1", micrometastases_only="yes"),
            base_row(patient_id="macro", nodes_positive="1", micrometastases_only="no"),
            base_row(patient_id="micro3", nodes_positive="3", micrometastases_only="yes"),
            base_row(patient_id="three", nodes_positive="3", micrometastases_only="no"),
        ]
    )
    risk = PREDICT_V31.score(frame)["predict_v31_bc_death_10y_surgery_only"].to_list()
    assert risk[0] < risk[1]
    assert risk[2] == risk[3]
    # Fixture patient 11 (nodes.in = 0.5) versus the base case 47 (nodes.in = 1):
    values = reference_values(Version.V3_1)
    assert risk[0] == pytest.approx(
        values[(11, 10, "surgery", "breast_cancer_mortality")], abs=1e-4
    )


def test_empty_frame_gives_empty_output() -> None:
    out = PREDICT_V30.score(cohort().head(0))
    assert out.height == 0
    assert out.columns == [*PREDICT_V30.card.outputs, "predict_v30_refused"]


def test_inputs_must_be_one_length() -> None:
    with pytest.raises(VigilError, match="1-D and of one length"):
        dataclasses.replace(reference_inputs(), smoker=np.zeros(3, dtype=bool))


def test_models_are_predict_models() -> None:
    for version, model in MODELS.items():
        assert isinstance(model, PredictModel)
        assert model.version is version


# --- properties ---------------------------------------------------------------------------

_codes = st.sampled_from


@st.composite
def _patients(draw: st.DrawFn) -> dict[str, str]:
    """A patient inside the validity domain, in cohort-table codes."""
    radiotherapy = draw(_codes(["yes", "no"]))
    heart = draw(st.integers(0, 10).map(str)) if radiotherapy == "yes" else draw(_codes(["", "0"]))
    return {
        "age": str(draw(st.integers(25, 85))),
        "size_mm": str(draw(st.integers(1, 499))),
        "nodes_positive": str(draw(st.integers(0, 99))),
        "grade": draw(_codes(["1", "2", "3", "unknown"])),
        "er": draw(_codes(["positive", "negative"])),
        "pr": draw(_codes(["positive", "negative", "unknown"])),
        "her2": draw(_codes(["positive", "negative", "unknown"])),
        "ki67": draw(_codes(["positive", "negative", "unknown"])),
        "detection": draw(_codes(["screening", "symptoms", "unknown"])),
        "chemo": draw(_codes(["none", "second_gen", "third_gen"])),
        "endocrine": draw(_codes(["yes", "no"])),
        "trastuzumab": draw(_codes(["yes", "no"])),
        "bisphosphonate": draw(_codes(["yes", "no"])),
        "radiotherapy": radiotherapy,
        "heart_dose_gy": heart,
        "smoker": draw(_codes(["yes", "no"])),
    }


_patient = _patients()


def _bc_death(version: Version, rows: list[dict[str, str]]) -> list[float]:
    frame = typed([{"patient_id": f"h{i}", **row} for i, row in enumerate(rows)])
    out = MODELS[version].score(frame)
    prefix = refused_name(MODELS[version].card.id).removesuffix("_refused")
    assert out[f"{prefix}_refused"].null_count() == len(rows)
    return out[f"{prefix}_bc_death_10y_surgery_only"].to_list()


@settings(max_examples=15, deadline=None)
@given(patient=_patient, more=st.integers(1, 50), version=st.sampled_from(VERSIONS))
def test_breast_cancer_death_rises_with_nodes(
    patient: dict[str, str], more: int, version: Version
) -> None:
    nodes = int(patient["nodes_positive"])
    fewer, extra = _bc_death(
        version, [patient, patient | {"nodes_positive": str(min(nodes + more, 100))}]
    )
    assert extra >= fewer


@settings(max_examples=15, deadline=None)
@given(patient=_patient, more=st.integers(1, 100), version=st.sampled_from(VERSIONS))
def test_breast_cancer_death_rises_with_size(
    patient: dict[str, str], more: int, version: Version
) -> None:
    size = int(patient["size_mm"])
    smaller, larger = _bc_death(
        version, [patient, patient | {"size_mm": str(min(size + more, 500))}]
    )
    assert larger >= smaller


@settings(max_examples=15, deadline=None)
@given(patient=_patient, version=st.sampled_from(VERSIONS))
def test_scores_are_fractions_and_benefits_add_up(
    patient: dict[str, str], version: Version
) -> None:
    out = MODELS[version].score(typed([{"patient_id": "x", **patient}])).row(0, named=True)
    prefix = refused_name(MODELS[version].card.id).removesuffix("_refused")
    assert out[f"{prefix}_refused"] is None
    for h in HORIZONS:
        for name in ("os", "bc_death"):
            for arm in ("surgery_only", "treated"):
                assert 0.0 <= out[f"{prefix}_{name}_{h}y_{arm}"] <= 1.0
        parts = [out[f"{prefix}_benefit_{h}y_{s}"] or 0.0 for s in BENEFIT_SUFFIX.values()]
        assert sum(parts) == pytest.approx(out[f"{prefix}_benefit_{h}y_all"], abs=1e-12)


def test_unrecorded_optional_code_takes_the_default_not_the_first_category() -> None:
    """A null micrometastases cell means "not recorded" (no), never the first code "yes"."""
    from tests.conftest import TABLE_ROW
    from tests.risk.conftest import typed_frame
    from vigil.risk import score_table

    one_node = dict(TABLE_ROW, nodes_positive="1")
    frame = typed_frame(
        [
            one_node | {"micrometastases_only": None},
            one_node | {"micrometastases_only": "no"},
            one_node | {"micrometastases_only": "yes"},
        ]
    )
    survival = score_table(frame, ["predict-v3.1"])["predict_v31_os_10y_surgery_only"].to_list()
    assert survival[0] == survival[1]
    assert survival[2] > survival[1]  # 0.5 nodes for micrometastases only
