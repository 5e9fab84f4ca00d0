"""Gail model raw layer against the BCRA 2.1.2 reference fixtures (tests/fixtures/bcra).

Golden values come from ``tests/fixtures/bcra/generate.R``, which ran, for every woman:
``recode.check(data, Raw_Ind = 1)``, ``relative.risk(data, Raw_Ind = 1)`` and
``absolute.risk(data, Raw_Ind = 1, Avg_White = 0 / 1)`` (risks in percent).
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import pytest
from numpy.typing import NDArray

from vigil.risk import gail
from vigil.risk.gail import (
    BcraRecode,
    bcra_absolute_risk,
    bcra_recode,
    bcra_relative_risk,
)
from vigil.risk.gail._tables import bcrat_tables

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "bcra"
DATA = Path(__file__).resolve().parents[2] / "src" / "vigil" / "risk" / "data"
INPUTS = ("T1", "T2", "N_Biop", "HypPlas", "AgeMen", "Age1st", "N_Rels", "Race")
CHAR_RACE = ("??", "Wh", "AA", "HU", "NA", "HF", "Ch", "Ja", "Fi", "Hw", "oP", "oA")

# Project rule: probabilities to 1e-4 absolute (fraction scale), scores to 1e-6; the
# implementation agrees far more closely (numpy's exp differs from R's libm by an ulp).
PROBABILITY_ABS_TOL = 1e-10
RR_REL_TOL = 1e-12


def _read(name: str) -> pl.DataFrame:
    # Every column as text: an empty field is R's NA, and CharRace "NA" is race 4.
    return pl.read_csv(FIXTURES / name, infer_schema=False, null_values=[""])


def _numbers(frame: pl.DataFrame, column: str) -> NDArray[np.float64]:
    """Numeric column; NA (empty) and the letters A/B become NaN."""
    values = frame[column].to_list()
    return np.array(
        [np.nan if v is None or v in {"A", "B"} else float(v) for v in values], dtype=float
    )


def _inputs(frame: pl.DataFrame) -> dict[str, Any]:
    return {name: _numbers(frame, name) for name in INPUTS}


FILES = ("results.csv", "exampledata_results.csv")


@pytest.fixture(scope="module", params=FILES)
def reference(request: pytest.FixtureRequest) -> pl.DataFrame:
    return _read(request.param)


@pytest.fixture(scope="module")
def recoded(reference: pl.DataFrame) -> BcraRecode:
    return bcra_recode(**_inputs(reference))


def _same_missing(got: NDArray[np.float64], expected: NDArray[np.float64]) -> None:
    np.testing.assert_array_equal(np.isnan(got), np.isnan(expected))


# --- recode.check ---------------------------------------------------------------------


def test_error_indicator_matches_every_row(reference: pl.DataFrame, recoded: BcraRecode) -> None:
    # recode.check(data, Raw_Ind = 1)$Error_Ind
    np.testing.assert_array_equal(recoded.error, _numbers(reference, "Error_Ind") == 1)


def test_age_checks_match(reference: pl.DataFrame, recoded: BcraRecode) -> None:
    # set_T1_missing / set_T2_missing are NA exactly where T1 / T2 is invalid.
    np.testing.assert_array_equal(recoded.t1_valid, reference["set_T1_missing"].is_not_null())
    np.testing.assert_array_equal(recoded.t2_valid, reference["set_T2_missing"].is_not_null())


@pytest.mark.parametrize(
    ("column", "attribute"),
    [
        ("NB_Cat", "biopsy_category"),
        ("AM_Cat", "menarche_category"),
        ("AF_Cat", "first_birth_category"),
        ("NR_Cat", "relatives_category"),
        ("R_Hyp", "hyperplasia_multiplier"),
    ],
)
def test_categories_match_exactly(
    reference: pl.DataFrame, recoded: BcraRecode, column: str, attribute: str
) -> None:
    # Categories after the race-specific regrouping, also in refused rows.
    np.testing.assert_array_equal(getattr(recoded, attribute), _numbers(reference, column))


def test_hyperplasia_rules_a_and_b_match(reference: pl.DataFrame, recoded: BcraRecode) -> None:
    shown = reference["set_HyperP_missing"].to_numpy()
    np.testing.assert_array_equal(recoded.hyperplasia_rule_a, shown == "A")
    np.testing.assert_array_equal(recoded.hyperplasia_rule_b, shown == "B")
    np.testing.assert_array_equal(reference["set_R_Hyp_missing"].to_numpy()[shown == "A"], "A")
    nb = reference["NB_Cat"].to_numpy()
    # NB_Cat shows the letter, except for Hispanic women whose regrouping sets it to 0.
    hispanic = np.isin(_numbers(reference, "Race"), [3, 5])
    np.testing.assert_array_equal(nb == "A", recoded.hyperplasia_rule_a & ~hispanic)
    np.testing.assert_array_equal(nb == "B", recoded.hyperplasia_rule_b)


def test_race_validity_and_codes_match(reference: pl.DataFrame, recoded: BcraRecode) -> None:
    np.testing.assert_array_equal(~recoded.race_valid, reference["set_Race_missing"] == "U")
    char_race = [CHAR_RACE[code] for code in recoded.race_code]
    assert char_race == reference["CharRace"].to_list()


# --- relative.risk ----------------------------------------------------------------------


def test_relative_risks_match(reference: pl.DataFrame) -> None:
    rr = bcra_relative_risk(**_inputs(reference))
    for got, column in [(rr.rr_star1, "RR_Star1"), (rr.rr_star2, "RR_Star2")]:
        expected = _numbers(reference, column)
        _same_missing(got, expected)
        np.testing.assert_allclose(got, expected, rtol=RR_REL_TOL, atol=0)
    np.testing.assert_array_equal(rr.pattern_number, _numbers(reference, "PatternNumber"))


# --- absolute.risk ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("average_woman", "column"),
    [(False, "absolute_risk_percent"), (True, "average_woman_risk_percent")],
)
def test_absolute_risks_match(reference: pl.DataFrame, average_woman: bool, column: str) -> None:
    got = bcra_absolute_risk(**_inputs(reference), average_woman=average_woman)
    expected = _numbers(reference, column)
    _same_missing(got, expected)
    # Compared as probabilities (fraction scale), as the project rule states them.
    np.testing.assert_allclose(got / 100, expected / 100, rtol=0, atol=PROBABILITY_ABS_TOL)
    np.testing.assert_allclose(got, expected, rtol=1e-11, atol=0)


def test_exampledata_scores_eleven_of_26_rows() -> None:
    # BCRA's own exampledata: rows 4, 5, 6, 7, 8, 10, 16, 17, 18, 21, 22 get a risk
    # (fixture README; absolute.risk(exampledata, Raw_Ind = 1, Avg_White = 0)).
    frame = _read("exampledata_results.csv")
    risk = bcra_absolute_risk(**_inputs(frame))
    scored = frame["ID"].to_numpy()[~np.isnan(risk)].astype(int)
    assert scored.tolist() == [4, 5, 6, 7, 8, 10, 16, 17, 18, 21, 22]


# Named golden cases: results.csv, the R calls in the module docstring (percent).
GOLDEN = {
    # id: (T1, T2, N_Biop, HypPlas, AgeMen, Age1st, N_Rels, Race), risk %, average %
    "id1_white_5y": ((37.5, 42.5, 1, 0, 12, 19, 1, 1), 1.2490212509907819, 0.43014431215251103),
    "id2_white_lifetime": ((37.5, 90, 1, 0, 12, 19, 1, 1), 21.856076873317072, 12.463636814614182),
    "id264_across_50": (
        (49.999, 50.001, 2, 1, 11, 30, 2, 1),
        None,  # checked against the file row in test_golden_cases_match
        None,
    ),
    "id314_quirk_black_first_birth_before_menarche": (
        (40, 45, 1, 0, 14, 12, 1, 2),
        0.77316180919955979,
        0.59077911354500257,
    ),
    "id317_quirk_98_biopsies_count_as_2": (
        (40, 45, 98, 0, 12, 22, 1, 1),
        2.8394716843558321,
        0.57874458477174229,
    ),
    "id320_quirk_accepted_without_risk": ((40, 45, -1, 5, 12, 22, 1, 1), None, 0.57874458477174229),
}


@pytest.mark.parametrize("case", sorted(GOLDEN))
def test_golden_cases_match(case: str) -> None:
    values, risk, average = GOLDEN[case]
    kwargs: dict[str, Any] = dict(zip(INPUTS, values, strict=True))
    got_risk = bcra_absolute_risk(**kwargs)[0]
    got_average = bcra_absolute_risk(**kwargs, average_woman=True)[0]
    row = _read("results.csv").filter(
        pl.col("ID") == case.split("_", maxsplit=1)[0].removeprefix("id")
    )
    expected_risk = _numbers(row, "absolute_risk_percent")[0]
    expected_average = _numbers(row, "average_woman_risk_percent")[0]
    if risk is not None:
        assert expected_risk == risk
    if average is not None:
        assert expected_average == average
    np.testing.assert_allclose(
        [got_risk, got_average], [expected_risk, expected_average], rtol=1e-12
    )
    assert bcra_recode(**kwargs).error[0] == (row["Error_Ind"][0] == "1")


def test_interval_within_one_year_uses_one_piece() -> None:
    # ID 268 (results.csv): T1 40.3, T2 40.7 -> one piece of 0.4 years.
    row = _read("results.csv").filter(pl.col("ID") == "268")
    got = bcra_absolute_risk(**_inputs(row))
    np.testing.assert_allclose(got, _numbers(row, "absolute_risk_percent"), rtol=1e-12)


# --- behaviour not in the fixtures ------------------------------------------------------


def test_missing_inputs_are_refused() -> None:
    # BCRA treats NA inconsistently (N_Biop 1 with HypPlas NA is accepted without a risk);
    # the fixture README asks to refuse them.
    base: dict[str, Any] = dict(
        zip(INPUTS, (40.0, 45.0, 1.0, 0.0, 12.0, 22.0, 1.0, 1.0), strict=True)
    )
    for name in INPUTS:
        recoded = bcra_recode(**(base | {name: np.nan}))
        assert recoded.error[0], name
        assert recoded.missing_input[0], name
        assert np.isnan(bcra_absolute_risk(**(base | {name: np.nan}))[0]), name


def test_scalars_broadcast_against_arrays() -> None:
    risk = bcra_absolute_risk(
        T1=np.array([40.0, 50.0]),
        T2=90,
        N_Biop=0,
        HypPlas=99,
        AgeMen=13,
        Age1st=24,
        N_Rels=0,
        Race=1,
    )
    assert risk.shape == (2,)
    assert np.all((risk > 0) & (risk < 100))


def test_inputs_of_different_lengths_are_rejected() -> None:
    with pytest.raises(ValueError, match="same length"):
        bcra_recode(
            T1=[40.0, 41.0],
            T2=[45.0, 46.0, 47.0],
            N_Biop=0,
            HypPlas=99,
            AgeMen=12,
            Age1st=22,
            N_Rels=0,
            Race=1,
        )


def test_non_numeric_input_is_rejected() -> None:
    with pytest.raises(ValueError, match="'Race' must be numeric"):
        bcra_recode(
            T1=40, T2=45, N_Biop=0, HypPlas=99, AgeMen=12, Age1st=22, N_Rels=0, Race="white"
        )


def test_empty_input_gives_empty_output() -> None:
    empty = np.array([], dtype=float)
    no_women: dict[str, Any] = dict.fromkeys(INPUTS, empty)
    risk = bcra_absolute_risk(**no_women)
    assert risk.shape == (0,)


# --- packaged data ----------------------------------------------------------------------


def test_packaged_rates_are_the_fixture_rates() -> None:
    tables = bcrat_tables()
    names = {
        "lambda1": tables.lambda1,
        "lambda2": tables.lambda2,
        "lambda1_avg": tables.lambda1_average,
        "lambda2_avg": tables.lambda2_average,
    }
    rates = _read("rates.csv")
    assert rates.height == 11 * 4 * 14
    for row in rates.iter_rows(named=True):
        table = names[row["table"]]
        age = int(row["age_group_start"]) - 20
        # Each 5-year group fills five one-year columns with the exact double.
        assert set(table[int(row["race_code"]), age : age + 5]) == {float(row["value"])}


def test_packaged_coefficients_are_the_fixture_coefficients() -> None:
    tables = bcrat_tables()
    names = {
        "beta_NB": "beta_biopsies",
        "beta_AM": "beta_menarche",
        "beta_AF": "beta_first_birth",
        "beta_NR": "beta_relatives",
        "beta_NB_x_age_ge_50": "beta_biopsies_x_age_50_plus",
        "beta_AF_x_NR": "beta_first_birth_x_relatives",
    }
    for row in _read("coefficients.csv").iter_rows(named=True):
        race, value = int(row["race_code"]), float(row["value"])
        if row["parameter"] == "one_minus_AR_age_lt_50":
            assert set(tables.one_minus_ar_by_age[race, :30]) == {value}
        elif row["parameter"] == "one_minus_AR_age_ge_50":
            assert set(tables.one_minus_ar_by_age[race, 30:]) == {value}
        else:
            assert tables.beta[names[row["parameter"]]][race] == value


@pytest.mark.parametrize("name", ["bcrat_rates.csv", "bcrat_coefficients.csv"])
def test_packaged_data_states_its_provenance(name: str) -> None:
    header = DATA.joinpath(name).read_text().split("\n# ")
    text = " ".join(header)
    assert "BCRA 2.1.2" in text
    assert "05bfdea1a18c78f411afa9c8c0fbcdf0ccae7499" in text
    assert "GPL (>= 2)" in text


def test_tables_are_read_only() -> None:
    with pytest.raises(ValueError, match="read-only"):
        bcrat_tables().lambda1[1, 0] = 0.0


def test_exported_names_are_the_public_ones() -> None:
    module = importlib.import_module("vigil.risk.gail")
    public = {
        name
        for name, value in vars(module).items()
        if not name.startswith("_") and getattr(value, "__module__", "").startswith(module.__name__)
    }
    assert set(gail.__all__) >= public
    for name in gail.__all__:
        assert hasattr(gail, name), name
