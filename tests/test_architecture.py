"""The core imports no shell; exported names are exactly the public ones."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "vigil"
CORE = ["facts", "risk", "care", "present", "fhir", "errors.py", "_version.py"]
SHELL_MODULES = ("vigil.store", "vigil.cli", "vigil.tables", "vigil.settings", "vigil.demo")
SHELL_LIBRARIES = ("sqlalchemy", "alembic", "typer", "rich", "pydantic_settings", "httpx")


def _core_files() -> list[Path]:
    files: list[Path] = []
    for entry in CORE:
        path = SRC / entry
        files += sorted(path.rglob("*.py")) if path.is_dir() else [path]
    return files


@pytest.mark.parametrize("path", _core_files(), ids=lambda p: str(p.relative_to(SRC)))
def test_core_imports_no_shell(path: Path) -> None:
    tree = ast.parse(path.read_text())
    imported: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.append(node.module)
        elif isinstance(node, ast.Call) and getattr(node.func, "id", None) in {"open", "print"}:
            pytest.fail(f"{path.name} calls {node.func.id}()")  # type: ignore[attr-defined]
    forbidden = [name for name in imported if name.startswith(SHELL_MODULES + SHELL_LIBRARIES)]
    assert forbidden == []


@pytest.mark.parametrize("package", ["vigil.facts", "vigil.store", "vigil.present"])
def test_exported_names_are_the_public_ones(package: str) -> None:
    module = importlib.import_module(package)
    public = {
        name
        for name, value in vars(module).items()
        if not name.startswith("_") and getattr(value, "__module__", "").startswith(package)
    }
    assert set(module.__all__) >= public
    for name in module.__all__:
        assert hasattr(module, name), name
