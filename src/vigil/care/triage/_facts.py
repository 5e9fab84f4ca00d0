"""Patient facts that rules may ask about, each a named predicate over validated facts.

A predicate answers ``True``, ``False`` or ``None`` (not known: no facts were given, or
they do not say). A rule that needs an unknown fact does not fire; the outcome says which
fact would decide it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType

from vigil.facts import EndocrineAgent, Patient

__all__ = ["FACT_DESCRIPTIONS", "FACT_PREDICATES", "FactPredicate", "on_tamoxifen"]

FactPredicate = Callable[[Patient | None], bool | None]


def on_tamoxifen(patient: Patient | None) -> bool | None:
    """Whether tamoxifen is among the patient's endocrine agents (taken now or before).

    ACOG Committee Opinion 601 (2014): bleeding during or after tamoxifen needs checking.
    """
    if patient is None or patient.treatment is None:
        return None
    return EndocrineAgent.TAMOXIFEN in patient.treatment.endocrine.agents


FACT_PREDICATES: Mapping[str, FactPredicate] = MappingProxyType({"on_tamoxifen": on_tamoxifen})
"""The facts a policy's ``fact:`` conditions may name."""

FACT_DESCRIPTIONS: Mapping[str, str] = MappingProxyType(
    {"on_tamoxifen": "whether you take or have taken tamoxifen"}
)
