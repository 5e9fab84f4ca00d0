"""The package's public surface, and its purity: no shell imports, no I/O."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import vigil.fhir

SRC = Path(vigil.fhir.__file__).parent
SHELL = ("vigil.store", "vigil.cli", "vigil.settings", "vigil.demo", "vigil.web", "sqlalchemy")


def test_exported_names_are_exactly_the_public_api() -> None:
    assert sorted(vigil.fhir.__all__) == [
        "BundleError",
        "ImportResult",
        "TreatmentPart",
        "export_bundle",
        "import_bundle",
    ]
    for name in vigil.fhir.__all__:
        assert hasattr(vigil.fhir, name)


@pytest.mark.parametrize("path", sorted(SRC.glob("*.py")), ids=lambda p: p.name)
def test_module_is_pure_and_small(path: Path) -> None:
    text = path.read_text("utf-8")
    assert len(text.splitlines()) < 400
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.ImportFrom) and node.module:
            assert not node.module.startswith(SHELL), node.module
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            assert node.func.id not in {"open", "print"}
