"""Cox models fitted by Vigil (``vigil fit``), shipped as versioned JSON model files.

``FITTED_MODELS`` holds the models shipped with Vigil; :func:`load_model_file` reads any
other model file. Both score through :class:`FittedCoxModel`, the same code path that
``vigil.evaluate`` used when it fitted them.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

from vigil.errors import VigilError
from vigil.risk.fitted._model import FORMAT, FittedCoxModel, InputDomain, model_from_spec
from vigil.risk.fitted._terms import FP_POWERS, Term, rcs_knot_quantiles, term_from_spec

__all__ = [
    "FITTED_MODELS",
    "FORMAT",
    "FP_POWERS",
    "SHIPPED_FILES",
    "FittedCoxModel",
    "InputDomain",
    "Term",
    "load_model_file",
    "model_from_spec",
    "rcs_knot_quantiles",
    "term_from_spec",
]

SHIPPED_FILES: tuple[str, ...] = ("rotterdam-rfs.json", "metabric-rfs.json")
"""The model files in this package, in registry order."""


def _parse(text: str, where: str) -> FittedCoxModel:
    try:
        spec: Any = json.loads(text)
    except ValueError as exc:
        msg = f"model file {where}: not valid JSON ({exc})"
        raise VigilError(msg) from exc
    if not isinstance(spec, dict):
        msg = f"model file {where}: expected a JSON object"
        raise VigilError(msg)
    return model_from_spec(spec)


def load_model_file(path: Path) -> FittedCoxModel:
    """Read a model file written by ``vigil fit``."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        msg = f"model file {str(path)!r} cannot be read: {exc.strerror}"
        raise VigilError(msg) from exc
    return _parse(text, path.name)


def _shipped() -> list[FittedCoxModel]:
    folder = resources.files(__package__)
    return [
        _parse(folder.joinpath(name).read_text(encoding="utf-8"), name)
        for name in SHIPPED_FILES
        if folder.joinpath(name).is_file()
    ]


FITTED_MODELS: list[FittedCoxModel] = _shipped()
"""The shipped fitted models (``rotterdam-rfs``, ``metabric-rfs``)."""
