"""Gail model on the typed cohort frame: BCRA's numbers, refusals with reasons, properties.

Reference values: ``tests/fixtures/bcra/results.csv`` and ``exampledata_results.csv``
(BCRA 2.1.2: ``absolute.risk(data, Raw_Ind = 1, Avg_White = 0 / 1)`` in percent and
``relative.risk(data, Raw_Ind = 1)``), for the women the cohort contract can express.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vigil.facts import Race, validate_cohort
from vigil.risk._base import RiskModel, refused_name
from vigil.risk.gail import CARD, GAIL, bcra_absolute_risk, bcra_recode

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "bcra"
RACES = tuple(r.value for r in Race)  # in BCRA code order 1-11
OUTPUTS = [
    "gail_5y",
    "gail_lifetime",
    "gail_5y_average",
    "gail_lifetime_average",
    "gail_relative_risk_under_50",
    "gail_relative_risk_50_plus",
]
PROBABILITY_ABS_TOL = 1e-10  # project rule: 1e-4 on the fraction scale; we do far better
RR_REL_TOL = 1e-12

WOMAN: dict[str, str | None] = {
    "patient_id": "w1",
    "age": "40",
    "age_menarche": "12",
    "age_first_birth": "25",
    "relatives": "1",
    "biopsies": "1",
    "atypical_hyperplasia": "no",
    "race": "white",
}


def _typed(rows: list[dict[str, Any]]) -> pl.DataFrame:
    """Text rows -> the typed cohort frame; every row must be valid."""
    raw = pl.DataFrame(rows, schema=dict.fromkeys(rows[0], pl.String))
    table = validate_cohort(raw)
    assert table.errors.is_empty(), table.errors
    return table.valid


def _score_one(**changes: str | None) -> dict[str, Any]:
    return GAIL.score(_typed([WOMAN | changes])).row(0, named=True)


def _code(value: float, unknown: str = "unknown") -> str:
    if value == 99:
        return unknown
    return str(int(value)) if value == int(value) else str(value)


def _fixture_women() -> pl.DataFrame:
    """Fixture rows the cohort contract can express, with their contract codes.

    Accepted by BCRA, age 35 to < 90, T2 = min(T1 + 5, 90) or 90, whole counts in the
    contract's ranges, menarche 5-25, first birth 9-60 between menarche and age.
    """
    frames = [
        pl.read_csv(FIXTURES / name, infer_schema=False, null_values=[""]).select(
            pl.lit(name).alias("file"),
            pl.col("ID"),
            pl.col("T1", "T2", "N_Biop", "HypPlas", "AgeMen", "Age1st", "N_Rels", "Race").cast(
                pl.Float64
            ),
            pl.col("Error_Ind"),
            pl.col(
                "RR_Star1", "RR_Star2", "absolute_risk_percent", "average_woman_risk_percent"
            ).cast(pl.Float64),
        )
        for name in ("results.csv", "exampledata_results.csv")
    ]
    women = pl.concat(frames)
    known = pl.col("Age1st") < 98
    fits = (
        (pl.col("Error_Ind") == "0")
        & pl.col("absolute_risk_percent").is_not_null()
        & pl.col("T1").is_between(35, 90, closed="left")
        & ((pl.col("T2") == (pl.col("T1") + 5).clip(upper_bound=90)) | (pl.col("T2") == 90))
        & (
            (pl.col("N_Biop").is_between(0, 50) & (pl.col("N_Biop") % 1 == 0))
            | (pl.col("N_Biop") == 99)
        )
        & (pl.col("AgeMen").is_between(5, 25) | (pl.col("AgeMen") == 99))
        & (pl.col("Age1st").is_between(9, 60) | (pl.col("Age1st") >= 98))
        & ~(known & (pl.col("Age1st") > pl.col("T1")))
        & ~(known & (pl.col("AgeMen") != 99) & (pl.col("Age1st") < pl.col("AgeMen")))
        & (
            (pl.col("N_Rels").is_between(0, 30) & (pl.col("N_Rels") % 1 == 0))
            | (pl.col("N_Rels") == 99)
        )
    )
    return women.filter(fits)


def _contract_rows(women: pl.DataFrame, no_biopsy_hyperplasia: str) -> list[dict[str, str]]:
    rows = []
    for w in women.iter_rows(named=True):
        no_biopsy = w["N_Biop"] in (0, 99)
        rows.append(
            {
                "patient_id": f"{w['file']}:{w['ID']}",
                "age": _code(w["T1"]),
                "age_menarche": _code(w["AgeMen"]),
                "age_first_birth": "nulliparous" if w["Age1st"] == 98 else _code(w["Age1st"]),
                "relatives": _code(w["N_Rels"]),
                "biopsies": _code(w["N_Biop"]),
                "atypical_hyperplasia": (
                    (no_biopsy_hyperplasia if w["N_Biop"] == 0 else "unknown")
                    if no_biopsy
                    else {0: "no", 1: "yes", 99: "unknown"}[w["HypPlas"]]
                ),
                "race": RACES[int(w["Race"]) - 1],
            }
        )
    return rows


# With 0 biopsies BCRA needs HypPlas 99: "no" and "unknown" must both map to it.
@pytest.mark.parametrize("no_biopsy_hyperplasia", ["unknown", "no"])
def test_fixture_women_get_bcra_numbers(no_biopsy_hyperplasia: str) -> None:
    women = _fixture_women()
    assert women.height >= 150  # most of the grid maps onto the contract
    out = GAIL.score(_typed(_contract_rows(women, no_biopsy_hyperplasia)))
    assert out[refused_name("gail")].null_count() == out.height
    five_year = (women["T2"] == (women["T1"] + 5).clip(upper_bound=90)).to_numpy()
    lifetime = (women["T2"] == 90).to_numpy()
    expected = (women["absolute_risk_percent"] / 100).to_numpy()
    average = (women["average_woman_risk_percent"] / 100).to_numpy()
    for mask, risk, avg in [
        (five_year, "gail_5y", "gail_5y_average"),
        (lifetime, "gail_lifetime", "gail_lifetime_average"),
    ]:
        assert mask.sum() > 50
        np.testing.assert_allclose(
            out[risk].to_numpy()[mask], expected[mask], atol=PROBABILITY_ABS_TOL, rtol=0
        )
        np.testing.assert_allclose(
            out[avg].to_numpy()[mask], average[mask], atol=PROBABILITY_ABS_TOL, rtol=0
        )
    for column, fixture in [
        ("gail_relative_risk_under_50", "RR_Star1"),
        ("gail_relative_risk_50_plus", "RR_Star2"),
    ]:
        np.testing.assert_allclose(
            out[column].to_numpy(), women[fixture].to_numpy(), rtol=RR_REL_TOL
        )


def test_unknowns_are_bcra_code_99() -> None:
    # results.csv ID 246: T1 45, T2 50, N_Biop 99, HypPlas 99, AgeMen 15, Age1st 22,
    # N_Rels 99, Race 2 -> absolute.risk(Avg_White = 0) = the value in the file, RR 1.
    row = _score_one(
        age="45",
        age_menarche="15",
        age_first_birth="22",
        relatives="unknown",
        biopsies="unknown",
        atypical_hyperplasia="unknown",
        race="black",
    )
    fixture = pl.read_csv(FIXTURES / "results.csv", infer_schema=False).filter(
        pl.col("ID") == "246"
    )
    assert row["gail_5y"] == pytest.approx(
        float(fixture["absolute_risk_percent"][0]) / 100, abs=1e-12
    )
    assert row["gail_relative_risk_under_50"] == 1.0
    # And every unknown equals passing 99 to the raw layer directly.
    all_unknown = _score_one(
        age_menarche="unknown",
        age_first_birth="unknown",
        relatives="unknown",
        biopsies="unknown",
        atypical_hyperplasia="unknown",
    )
    raw = bcra_absolute_risk(
        T1=40, T2=45, N_Biop=99, HypPlas=99, AgeMen=99, Age1st=99, N_Rels=99, Race=1
    )
    assert all_unknown["gail_5y"] == pytest.approx(raw[0] / 100, abs=1e-15)


def test_nulliparous_is_bcra_code_98() -> None:
    row = _score_one(age_first_birth="nulliparous")
    raw = bcra_absolute_risk(
        T1=40, T2=45, N_Biop=1, HypPlas=0, AgeMen=12, Age1st=98, N_Rels=1, Race=1
    )
    assert row["gail_5y"] == pytest.approx(raw[0] / 100, abs=1e-15)


# --- refusals ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        pytest.param(
            {"age": "34"},
            "age is 34; the Gail model (NCI BCRAT) is for women aged 35 or older",
            id="age_34",
        ),
        pytest.param(
            {"age": "90"}, "age is 90; the Gail model projects risk only up to age 90", id="age_90"
        ),
        pytest.param(
            {"age": "20.5", "age_first_birth": "unknown"}, "age is 20.5;", id="age_fraction_quoted"
        ),
        pytest.param({"race": None}, "race is missing", id="race_missing"),
        pytest.param({"biopsies": None}, "biopsies is missing", id="biopsies_missing"),
        pytest.param(
            {"age_first_birth": None},
            "age_first_birth is missing; give an age, unknown or nulliparous",
            id="first_birth_missing",
        ),
        pytest.param(
            {"biopsies": "unknown", "atypical_hyperplasia": "yes"},
            "atypical_hyperplasia is yes but biopsies is unknown",
            id="rule_a_yes",
        ),
        pytest.param(
            {"biopsies": "unknown", "atypical_hyperplasia": "no"},
            "atypical_hyperplasia is no but biopsies is unknown",
            id="rule_a_no",
        ),
    ],
)
def test_refusal_names_field_and_value(changes: dict[str, str | None], reason: str) -> None:
    row = _score_one(**changes)
    assert row["gail_refused"] is not None
    assert reason in row["gail_refused"]
    assert all(row[name] is None for name in OUTPUTS)


def test_absent_column_refuses_every_row() -> None:
    frame = _typed([WOMAN, WOMAN | {"patient_id": "w2"}]).drop("race")
    out = GAIL.score(frame)
    assert out["gail_refused"].to_list() == ["the table has no column race"] * 2
    assert out.select(OUTPUTS).null_count().row(0) == (2,) * len(OUTPUTS)


def _typed_by_hand(**columns: list[Any]) -> pl.DataFrame:
    """A typed frame that did not go through validate_cohort (the contract is not enforced)."""
    base: dict[str, list[Any]] = {
        "age": [40.0],
        "age_menarche": [12.0],
        "age_first_birth": [25.0],
        "relatives": [1.0],
        "biopsies": [1.0],
        "atypical_hyperplasia": ["no"],
        "race": ["white"],
        "nulliparous": [False],
    }
    data = base | columns
    n = max(len(v) for v in data.values())
    data = {k: v * n if len(v) == 1 else v for k, v in data.items()}
    return pl.DataFrame(data).with_columns(
        pl.col("atypical_hyperplasia").cast(pl.Enum(["yes", "no", "unknown"])),
        pl.col("race").cast(pl.Enum(list(RACES))),
    )


def test_every_row_bcra_refuses_is_refused() -> None:
    # Inputs the cohort contract forbids but BCRA also refuses (Error_Ind 1), typed by hand.
    frame = _typed_by_hand(
        age=[40.0, 40.0, 40.0, 40.0, 25.0, 40.0],
        age_menarche=[12.0, 45.0, 14.0, 12.0, 12.0, 14.0],
        age_first_birth=[25.0, 25.0, 12.0, 25.0, 27.0, 12.0],
        relatives=[1.5, 1.0, 1.0, 1.0, 1.0, 1.0],
        race=["white", "white", "white", "white", "white", "black"],
    )
    out = GAIL.score(frame)
    refused = out["gail_refused"].to_list()
    assert "relatives is 1.5; the Gail model (BCRA) needs a whole number" in refused[0]
    assert (
        "age_menarche is 45; the Gail model (BCRA) needs it above 0 and not after age (40)"
        in refused[1]
    )
    assert (
        "age_first_birth is 12; the Gail model (BCRA) needs it not before age_menarche (14)"
        in refused[2]
    )
    assert refused[3] is None
    assert "age is 25" in refused[4]
    # BCRA skips Age1st checks for African-American women (fixture ID 314): scored.
    assert refused[5] is None
    # 0.77316180919955979 %: results.csv ID 314 (40-45, AgeMen 14, Age1st 12, race 2).
    assert out["gail_5y"][5] == pytest.approx(0.77316180919955979 / 100, abs=1e-12)


def test_hyperplasia_yes_with_no_biopsy_is_refused() -> None:
    out = GAIL.score(_typed_by_hand(biopsies=[0.0], atypical_hyperplasia=["yes"]))
    assert out["gail_refused"][0] == "atypical_hyperplasia is yes but biopsies is 0"


def test_no_biopsy_ignores_hyperplasia_answer() -> None:
    no = _score_one(biopsies="0", atypical_hyperplasia="no")
    unknown = _score_one(biopsies="0", atypical_hyperplasia="unknown")
    assert no == unknown
    assert no["gail_refused"] is None


def test_without_nulliparous_column_a_null_first_birth_is_missing() -> None:
    frame = _typed_by_hand(age_first_birth=[None]).drop("nulliparous")
    assert "age_first_birth is missing" in GAIL.score(frame)["gail_refused"][0]


# --- shape and domain -------------------------------------------------------------------


def test_output_columns_rows_and_order() -> None:
    ages = ["36", "34", "50", "70", "89.5"]
    rows = [WOMAN | {"patient_id": f"w{i}", "age": a} for i, a in enumerate(ages)]
    out = GAIL.score(_typed(rows))
    assert out.columns == [*OUTPUTS, "gail_refused"]
    assert all(out.schema[name] == pl.Float64 for name in OUTPUTS)
    assert out.schema["gail_refused"] == pl.String
    assert out["gail_refused"].is_null().to_list() == [True, False, True, True, True]
    one_by_one = pl.concat([GAIL.score(_typed([row])) for row in rows])
    assert out.equals(one_by_one)


def test_empty_frame() -> None:
    frame = _typed([WOMAN]).clear()
    out = GAIL.score(frame)
    assert out.height == 0
    assert out.columns == [*OUTPUTS, "gail_refused"]


def test_from_85_the_5_year_risk_runs_to_90() -> None:
    # Domain decision (card): T2 = min(age + 5, 90), as BCRA requires T2 <= 90.
    row = _score_one(age="87")
    assert row["gail_5y"] == row["gail_lifetime"]
    raw = bcra_absolute_risk(
        T1=87, T2=90, N_Biop=1, HypPlas=0, AgeMen=12, Age1st=25, N_Rels=1, Race=1
    )
    assert row["gail_5y"] == pytest.approx(raw[0] / 100, abs=1e-15)


def test_lazy_frame_is_rejected() -> None:
    with pytest.raises(TypeError, match=r"call \.collect\(\)"):
        GAIL.score(_typed([WOMAN]).lazy())  # type: ignore[arg-type]


def test_card_describes_the_outputs() -> None:
    model: RiskModel = GAIL
    assert model.card is CARD
    assert CARD.id == "gail"
    assert set(CARD.outputs) == {*OUTPUTS, refused_name(CARD.id)}
    assert "BCRA 2.1.2" in CARD.reference_implementation
    assert any("35" in item for item in CARD.validity_domain)


# --- properties -------------------------------------------------------------------------


@st.composite
def women(draw: st.DrawFn) -> dict[str, str]:
    age = draw(st.integers(35, 89)) + draw(st.sampled_from([0.0, 0.5]))
    menarche = draw(st.integers(8, 17))
    first_birth = draw(
        st.sampled_from(["unknown", "nulliparous"])
        | st.integers(max(menarche, 9), int(min(age, 60))).map(str)
    )
    biopsies = draw(st.sampled_from(["0", "1", "2", "3", "unknown"]))
    hyperplasia = (
        draw(st.sampled_from(["yes", "no", "unknown"]))
        if biopsies not in ("0", "unknown")
        else "unknown"
    )
    return {
        "age": str(age),
        "age_menarche": draw(st.sampled_from([str(menarche), "unknown"])),
        "age_first_birth": first_birth,
        "relatives": draw(st.sampled_from(["0", "1", "2", "4", "unknown"])),
        "biopsies": biopsies,
        "atypical_hyperplasia": hyperplasia,
        "race": draw(st.sampled_from(RACES)),
    }


@settings(max_examples=25, deadline=None)
@given(st.lists(women(), min_size=1, max_size=20))
def test_properties(rows: list[dict[str, str]]) -> None:
    rows = [row | {"patient_id": f"p{i}"} for i, row in enumerate(rows)]
    out = GAIL.score(_typed(rows))
    assert out["gail_refused"].null_count() == len(rows)
    risks = out.select(OUTPUTS[:4]).to_numpy()
    assert np.all((risks >= 0) & (risks <= 1))
    assert np.all(out["gail_5y"].to_numpy() <= out["gail_lifetime"].to_numpy())
    assert np.all(out["gail_5y_average"].to_numpy() <= out["gail_lifetime_average"].to_numpy())
    assert np.all(out.select(OUTPUTS[4:]).to_numpy() > 0)
    # One more affected relative never lowers any risk.
    more = [
        row | {"relatives": str(int(row["relatives"]) + 1)}
        for row in rows
        if row["relatives"] != "unknown"
    ]
    if more:
        fewer = [row for row in rows if row["relatives"] != "unknown"]
        base, plus = GAIL.score(_typed(fewer)), GAIL.score(_typed(more))
        for name in OUTPUTS[:2] + OUTPUTS[4:]:
            assert np.all(plus[name].to_numpy() >= base[name].to_numpy() * (1 - 1e-12)), name


def test_refuses_whatever_bcra_refuses() -> None:
    # Typed frames that skipped validate_cohort, with values BCRA refuses and accepts;
    # the raw layer (BCRA's rules, checked against the fixtures) is the oracle.
    rng = np.random.default_rng(20261125)
    n = 3000
    frame = _typed_by_hand(
        age=list(rng.choice([15.0, 25.0, 34.9, 35.0, 47.5, 60.0, 85.0, 89.9, 90.0, 95.0], n)),
        age_menarche=list(rng.choice([np.nan, 0.0, 11.0, 13.0, 15.0, 40.0, 70.0, 99.0], n)),
        age_first_birth=list(rng.choice([np.nan, 5.0, 12.0, 22.0, 31.0, 50.0, 97.0], n)),
        relatives=list(rng.choice([np.nan, -1.0, 0.0, 1.0, 1.5, 3.0, 99.0, 120.0], n)),
        biopsies=list(rng.choice([np.nan, -1.0, 0.0, 1.0, 1.5, 2.0, 98.0], n)),
        atypical_hyperplasia=list(rng.choice(["yes", "no", "unknown"], n)),
        race=list(rng.choice(RACES, n)),
    )
    out = GAIL.score(frame)
    n_biop = frame["biopsies"].fill_nan(99).to_numpy()
    hyp = np.select(
        [
            n_biop == 0,
            frame["atypical_hyperplasia"] == "yes",
            frame["atypical_hyperplasia"] == "no",
        ],
        [99, 1, 0],
        99,
    )
    error = bcra_recode(
        T1=frame["age"].to_numpy(),
        T2=np.minimum(frame["age"].to_numpy() + 5, 90),
        N_Biop=n_biop,
        HypPlas=hyp,
        AgeMen=frame["age_menarche"].fill_nan(99).to_numpy(),
        Age1st=frame["age_first_birth"].fill_nan(99).to_numpy(),
        N_Rels=frame["relatives"].fill_nan(99).to_numpy(),
        Race=np.array([RACES.index(r) + 1 for r in frame["race"]]),
    ).error
    refused = out["gail_refused"].is_not_null().to_numpy()
    assert error.any()
    assert not (error & ~refused).any()
    # Beyond BCRA, only the domain (age 35 to < 90) and "hyperplasia yes with 0 biopsies".
    extra = refused & ~error
    ages = frame["age"].to_numpy()
    yes_without_biopsy = (frame["atypical_hyperplasia"] == "yes").to_numpy() & (n_biop == 0)
    assert np.all((ages[extra] < 35) | yes_without_biopsy[extra])
    scored = out.filter(pl.col("gail_refused").is_null()).select(OUTPUTS)
    assert scored.height > 0
    assert scored.null_count().sum_horizontal()[0] == 0
