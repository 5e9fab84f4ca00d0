"""docs/fhir.md lists every code and extension the code tables hold."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from vigil.fhir import _codes

DOC = (Path(__file__).resolve().parents[2] / "docs" / "fhir.md").read_text("utf-8")


def _codes_in(value: Any) -> Iterator[_codes.Code]:
    if isinstance(value, _codes.Code):
        yield value
    elif isinstance(value, tuple | list):
        for item in value:
            yield from _codes_in(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _codes_in(item)


ALL_CODES = sorted(
    {code for name, value in vars(_codes).items() if name.isupper() for code in _codes_in(value)},
    key=lambda c: (c.system, c.code),
)
EXTENSIONS = sorted(v for k, v in vars(_codes).items() if k.endswith("_EXT") and isinstance(v, str))


@pytest.mark.parametrize("code", ALL_CODES, ids=lambda c: c.code)
def test_each_code_is_documented(code: _codes.Code) -> None:
    assert f"`{code.code}`" in DOC


@pytest.mark.parametrize("url", EXTENSIONS, ids=lambda u: u.rsplit("/", 1)[-1])
def test_each_extension_is_documented(url: str) -> None:
    name = url.rsplit("/", 1)[-1]
    assert f"`{name}`" in DOC or url in DOC
