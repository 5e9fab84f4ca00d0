"""Published and fitted risk models: columns in, labelled columns out.

Each model has a card (source, version, inputs, outputs, validity domain, intended use);
rows outside a model's domain are refused with the reason, never scored silently.
"""

from vigil.risk._base import Check, ModelCard, RiskModel, refused_name
from vigil.risk._estimate import HORIZONS, ModelResult, estimate, estimate_row, score_table
from vigil.risk._registry import MODELS, resolve_models

__all__ = [
    "HORIZONS",
    "MODELS",
    "Check",
    "ModelCard",
    "ModelResult",
    "RiskModel",
    "estimate",
    "estimate_row",
    "refused_name",
    "resolve_models",
    "score_table",
]
