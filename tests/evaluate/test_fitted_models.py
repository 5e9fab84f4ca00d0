"""The fitted-model adapter: model files load, score columns in, columns out, refuse."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import pytest

from vigil.errors import VigilError
from vigil.evaluate._fit import fit_cox, parse_terms
from vigil.risk import RiskModel, refused_name
from vigil.risk.fitted import FITTED_MODELS, load_model_file, model_from_spec


def test_shipped_models_satisfy_the_protocol() -> None:
    ids = [m.card.id for m in FITTED_MODELS]
    assert "rotterdam-rfs" in ids
    for model in FITTED_MODELS:
        typed: RiskModel = model
        assert typed.card.inputs
        assert refused_name(model.card.id) == model.prefix + "_refused"


def test_rotterdam_refuses_with_reasons() -> None:
    model = next(m for m in FITTED_MODELS if m.card.id == "rotterdam-rfs")
    frame = pl.DataFrame(
        {
            "age": [50.0, 95.0, 50.0, None],
            "menopausal_status": ["post", "post", "unknown", "pre"],
            "size_mm": [25.0, 25.0, 25.0, 25.0],
            "nodes_positive": [2.0, 2.0, 0.0, 2.0],
            "er_fmol": [100.0, 100.0, 100.0, 100.0],
            "endocrine": ["yes", "yes", "no", "no"],
        }
    ).with_columns(pl.col("menopausal_status").cast(pl.Enum(["pre", "post", "unknown"])))
    out = model.score(frame)
    reasons = out.get_column("rotterdam_rfs_refused").to_list()
    assert reasons[0] is None
    assert "age is above 90" in reasons[1]
    assert "nodes_positive is below 1" in reasons[2]
    assert "menopausal_status is unknown" in reasons[2]
    assert "age is missing" in reasons[3]
    assert out.get_column("rotterdam_rfs_event_5y").null_count() == 3
    missing = model.score(frame.drop("er_fmol"))
    assert set(missing.get_column("rotterdam_rfs_refused")) == {"the table has no column er_fmol"}


@pytest.mark.parametrize(
    ("terms", "names"),
    [
        ("age", ["age"]),
        ("fp(age, 0, 0.5)", ["age_1", "age_2"]),
        ("rcs(age, knots=30|50|70|80)", ["age_1", "age_2", "age_3"]),
        (
            "bands(size_mm, 20, 50) + equals(er, positive, name=erpos)",
            ["size_mm_1", "size_mm_2", "erpos"],
        ),
    ],
)
def test_terms_round_trip_through_a_model_file(
    terms: str, names: list[str], tmp_path: Path
) -> None:
    rng = np.random.default_rng(3)
    n = 300
    frame = pl.DataFrame(
        {
            "age": rng.uniform(30, 80, n),
            "size_mm": rng.uniform(5, 80, n),
            "er": rng.choice(["positive", "negative"], n),
            "t": rng.exponential(5, n),
            "e": (rng.random(n) < 0.7).astype(np.int64),
        }
    )
    fit = fit_cox(frame, "t", "e", parse_terms(terms), model_id="demo", outcome="relapse")
    assert list(fit.names) == names
    path = tmp_path / "demo.json"
    path.write_text(json.dumps(fit.spec))
    model = load_model_file(path)
    scored = model.score(frame)
    design = frame.select(model.design()).to_numpy()
    np.testing.assert_allclose(
        scored.get_column("demo_lp").to_numpy(), design @ fit.coef, atol=1e-12
    )


@pytest.mark.parametrize(
    ("spec_change", "match"),
    [
        ({"format": "other"}, "not a Vigil model file"),
        ({"terms": []}, "'terms' is empty"),
        ({"coefficients": {"x": 1.0}}, "'coefficients' must give exactly"),
        ({"terms": [{"kind": "fp", "column": "age", "powers": [4]}]}, "fp powers must be"),
    ],
)
def test_bad_model_files(spec_change: dict[str, Any], match: str) -> None:
    model = next(m for m in FITTED_MODELS if m.card.id == "rotterdam-rfs")
    with pytest.raises(VigilError, match=match):
        model_from_spec({**model.spec, **spec_change})


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("age + ", "empty term"),
        ("fp()", "names no column"),
        ("equals(er)", "exactly one value"),
        ("age-1", "cannot read"),
    ],
)
def test_bad_terms(text: str, match: str) -> None:
    with pytest.raises(VigilError, match=match):
        parse_terms(text)
