"""The symptom catalogue: codes, features and what each symptom can mean, from YAML.

The catalogue is data (``vigil/care/rules/symptoms.yaml``): every entry has its source and
the date it was last reviewed. This module only models and checks it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from enum import StrEnum
from functools import cache, cached_property
from typing import Annotated, Literal, Self

from pydantic import Field, model_validator

from vigil.care.triage._errors import RulesError
from vigil.care.triage._resources import KnowledgeModel, read_rules_text, validate_yaml
from vigil.errors import Issue

__all__ = [
    "Catalogue",
    "Feature",
    "Meaning",
    "MeaningKind",
    "Reviewed",
    "Scale",
    "Symptom",
    "catalogue_from_yaml",
    "load_catalogue",
]

CATALOGUE_FILE = "symptoms.yaml"

Code = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=40)]
Text = Annotated[str, Field(min_length=1)]


class MeaningKind(StrEnum):
    """What a symptom can point to (survivorship.md §3b: red flags by site)."""

    LOCAL_RECURRENCE = "local_recurrence"
    REGIONAL_RECURRENCE = "regional_recurrence"
    BONE_RECURRENCE = "bone_recurrence"
    LUNG_RECURRENCE = "lung_recurrence"
    LIVER_RECURRENCE = "liver_recurrence"
    BRAIN_RECURRENCE = "brain_recurrence"
    SPINAL_CORD_COMPRESSION = "spinal_cord_compression"
    TREATMENT_LATE_EFFECT = "treatment_late_effect"
    ENDOCRINE_THERAPY_EFFECT = "endocrine_therapy_effect"
    CARDIAC = "cardiac"
    OTHER = "other"


class Reviewed(KnowledgeModel):
    """Provenance carried by every knowledge item."""

    source: Annotated[str, Field(min_length=3)] = Field(
        description="Guideline or paper, year and section the item rests on."
    )
    last_reviewed: dt.date = Field(description="When a person last checked it (ISO date).")


class Scale(Reviewed):
    """A PRO-CTCAE-style 5-point scale: the label of each score 0-4."""

    labels: tuple[Text, Text, Text, Text, Text]


class Meaning(KnowledgeModel):
    kind: MeaningKind
    text: Text


class Symptom(Reviewed):
    """One reportable symptom, in plain language."""

    code: Code
    name: Text
    synonyms: tuple[Text, ...] = ()
    body_site: Text
    meanings: tuple[Meaning, ...] = Field(min_length=1)


class Feature(Reviewed):
    """A qualifier of a symptom (``wakes_from_sleep``), valid for the symptoms listed."""

    code: Code
    name: Text
    description: Text
    applies_to: Literal["all"] | tuple[Code, ...]

    def applies(self, symptom: str) -> bool:
        """Whether this feature may qualify ``symptom``."""
        return self.applies_to == "all" or symptom in self.applies_to


class Catalogue(KnowledgeModel):
    """Every symptom code and feature a report may use."""

    catalogue: Text
    version: Text
    severity: Scale
    frequency: Scale
    symptoms: tuple[Symptom, ...] = Field(min_length=1)
    features: tuple[Feature, ...] = ()

    @model_validator(mode="after")
    def _check_consistent(self) -> Self:
        issues: list[Issue] = []
        lists = {
            "symptoms": [s.code for s in self.symptoms],
            "features": [f.code for f in self.features],
        }
        for name, listed in lists.items():
            issues += [
                Issue(f"{name}[{i}].code", code, "is listed twice")
                for i, code in enumerate(listed)
                if listed.index(code) != i
            ]
        codes = {symptom.code for symptom in self.symptoms}
        for i, feature in enumerate(self.features):
            if feature.applies_to == "all":
                continue
            for j, code in enumerate(feature.applies_to):
                if code not in codes:
                    issues.append(
                        Issue(f"features[{i}].applies_to[{j}]", code, "is not a symptom code")
                    )
        if issues:
            raise RulesError(issues, "symptom catalogue")
        return self

    @cached_property
    def by_code(self) -> dict[str, Symptom]:
        """Symptoms keyed by code, in catalogue order."""
        return {symptom.code: symptom for symptom in self.symptoms}

    @cached_property
    def features_by_code(self) -> dict[str, Feature]:
        """Features keyed by code, in catalogue order."""
        return {feature.code: feature for feature in self.features}

    def features_for(self, symptom: str) -> tuple[str, ...]:
        """Codes of the features that may qualify ``symptom``."""
        return tuple(f.code for f in self.features if f.applies(symptom))

    def reviewed_items(self) -> Iterator[tuple[str, str, Reviewed]]:
        """``(kind, id, item)`` for every item with provenance, for review-date checks."""
        yield "scale", "severity", self.severity
        yield "scale", "frequency", self.frequency
        for symptom in self.symptoms:
            yield "symptom", symptom.code, symptom
        for feature in self.features:
            yield "feature", feature.code, feature


def catalogue_from_yaml(text: str) -> Catalogue:
    """Build a catalogue from YAML text.

    Raises
    ------
    RulesError
        With every problem: unknown keys, missing sources or dates, duplicate codes,
        features that name unknown symptoms.
    """
    return validate_yaml(text, Catalogue, "symptom catalogue")


@cache
def load_catalogue() -> Catalogue:
    """The packaged symptom catalogue (read once, then cached)."""
    return catalogue_from_yaml(read_rules_text(CATALOGUE_FILE))
