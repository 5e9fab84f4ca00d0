"""Magee equation 3 against hand-computed values from the printed equation."""

from __future__ import annotations

import pytest

from tests.risk.conftest import typed_frame
from vigil.risk.magee import MAGEE3

BASE = {
    "age": 60,
    "er": "positive",
    "er_hscore": 250,
    "pr_hscore": 100,
    "ki67_percent": 10,
    "her2_ihc": "1+",
}


@pytest.mark.parametrize(
    ("change", "expected", "group"),
    [
        # 24.30812 - 0.02177*250 - 0.02884*100 + 0 + 0.18649*10 = 17.84262
        ({}, 24.30812 - 5.4425 - 2.884 + 1.8649, "low"),
        ({"her2_ihc": "2+"}, 24.30812 - 5.4425 - 2.884 + 1.46495 + 1.8649, "intermediate"),
        (
            {"her2_ihc": "3+", "ki67_percent": 30},
            24.30812 - 5.4425 - 2.884 + 12.75525 + 5.5947,
            "high",
        ),
        (
            {"er_hscore": 0, "pr_hscore": 0, "ki67_percent": 0, "her2_ihc": "0"},
            24.30812,
            "intermediate",
        ),
    ],
    ids=["her2-1plus", "her2-2plus", "her2-3plus", "all-zero"],
)
def test_magee3(change: dict[str, object], expected: float, group: str) -> None:
    out = MAGEE3.score(typed_frame([BASE | change])).row(0, named=True)
    assert out["magee3"] == pytest.approx(expected, abs=1e-9)
    assert out["magee3_group"] == group


def test_refusals() -> None:
    out = MAGEE3.score(typed_frame([BASE | {"er": "negative"}, BASE | {"ki67_percent": None}]))
    assert out["magee3"].to_list() == [None, None]
    assert "ER-positive" in out["magee3_refused"][0]
    assert out["magee3_refused"][1] == "ki67_percent is missing"
