"""Deterministic resource ids: the same patient gives the same ids on every export."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field
from typing import Any

from vigil.facts import Patient
from vigil.fhir._codes import VIGIL

_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, VIGIL)


def patient_key(patient: Patient) -> str:
    """The patient id, else a digest of the facts (so ids stay stable without one)."""
    if patient.patient_id is not None:
        return f"id:{patient.patient_id}"
    digest = hashlib.sha256(patient.model_dump_json().encode("utf-8")).hexdigest()
    return f"sha256:{digest}"


@dataclass
class Entries:
    """The bundle's entries in order, each with a uuid5 id derived from key and label."""

    key: str
    items: list[dict[str, Any]] = field(default_factory=list)

    def resource_id(self, label: str) -> str:
        return str(uuid.uuid5(_NAMESPACE, f"{self.key}/{label}"))

    def url(self, label: str) -> str:
        return f"urn:uuid:{self.resource_id(label)}"

    def add(self, label: str, resource: dict[str, Any]) -> str:
        """Append ``resource`` (its id set from ``label``); return its fullUrl."""
        body = {"resourceType": resource["resourceType"], "id": self.resource_id(label)}
        body.update((k, v) for k, v in resource.items() if k != "resourceType")
        self.items.append({"fullUrl": self.url(label), "resource": body})
        return self.url(label)
