"""Shared helpers for the FHIR tests: finding resources and codes in a bundle."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).parent / "fixtures"


def fixture_bundle() -> dict[str, Any]:
    """A fresh copy of the hand-written mCODE-style bundle."""
    data: dict[str, Any] = json.loads((FIXTURES / "mcode_style_bundle.json").read_text("utf-8"))
    return copy.deepcopy(data)


def resources(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def codes_of(element: dict[str, Any] | None) -> set[tuple[str, str]]:
    if element is None:
        return set()
    return {(c["system"], c["code"]) for c in element.get("coding", [])}


def by_code(bundle: dict[str, Any], kind: str, system: str, code: str) -> dict[str, Any]:
    """The one resource of ``kind`` whose code (or medication) has ``system|code``."""
    found = [
        r
        for r in resources(bundle, kind)
        if (system, code) in codes_of(r.get("code") or r.get("medicationCodeableConcept"))
    ]
    assert len(found) == 1, f"{kind} {system}|{code}: {len(found)} found"
    return found[0]


def without(bundle: dict[str, Any], resource_id: str) -> dict[str, Any]:
    """The bundle without the entry whose resource has ``resource_id``."""
    out = copy.deepcopy(bundle)
    out["entry"] = [e for e in out["entry"] if e["resource"].get("id") != resource_id]
    return out


def component(resource: dict[str, Any], system: str, code: str) -> dict[str, Any]:
    found: list[dict[str, Any]] = [
        c for c in resource.get("component", []) if (system, code) in codes_of(c["code"])
    ]
    assert len(found) == 1
    return found[0]
