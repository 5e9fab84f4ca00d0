"""Published and fitted risk models: columns in, labelled columns out.

Each model has a card (source, version, inputs, outputs, validity domain, intended use);
rows outside a model's domain are refused with the reason, never scored silently.
"""

from vigil.risk._base import Check, ModelCard, RiskModel, refused_name

__all__ = [
    "Check",
    "ModelCard",
    "RiskModel",
    "refused_name",
]
