"""The published-model validations run end to end; NPI on GBSG is pinned against R."""

from __future__ import annotations

from typing import Any

import pytest

from vigil.evaluate.reports._published import evaluations


@pytest.fixture(scope="module")
def found() -> Any:
    return evaluations(bootstrap=0)[0]


def test_npi_on_gbsg_matches_r(found: Any, r_reference: Any) -> None:
    # concordance(Surv(rfstime, rfs) ~ npi, data = gbsg2, reverse = TRUE);
    # royston(coxph(Surv(rfstime, rfs) ~ npi, data = gbsg2))
    npi = next(e for e in found if e.model == "npi" and e.cohort.startswith("GBSG"))
    expected = r_reference["npi_gbsg"]
    assert npi.validation.n == 686
    assert npi.validation.harrell_c.value == pytest.approx(expected["concordance"]["c"], abs=1e-12)
    assert npi.validation.d_statistic.value == pytest.approx(expected["D"], abs=1e-8)


def test_every_published_validation_is_reported(found: Any) -> None:
    models = {(e.model, e.cohort.split(" ")[0]) for e in found}
    assert models >= {
        ("npi", "Rotterdam"),
        ("npi", "GBSG"),
        ("npi", "METABRIC"),
        ("predict-v2.1", "METABRIC"),
        ("predict-v3.0", "METABRIC"),
        ("predict-v3.1", "METABRIC"),
        ("cts5", "METABRIC"),
    }
    for e in found:
        assert 0.5 < e.validation.harrell_c.value < 0.8, (e.model, e.cohort)
        if e.model != "npi":
            assert e.validation.observed_expected is not None
