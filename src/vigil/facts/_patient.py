"""A patient's facts as one document, and parsing that reports every problem at once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Annotated, Any, Self

from pydantic import BaseModel, Field, ValidationError, model_validator

from vigil.errors import FactsError, Issue
from vigil.facts._base import FactsModel, raise_if_issues
from vigil.facts._person import BreastRiskFactors, History, Person
from vigil.facts._treatment import Treatment
from vigil.facts._tumour import Tumour

__all__ = ["Patient", "parse_patient"]

PatientId = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._:-]+$")]

# Age at diagnosis given and derived from the date of birth may differ by rounding only.
_AGE_TOLERANCE_YEARS = 1.0


class Patient(FactsModel):
    """Everything Vigil knows about one person.

    A patient with breast cancer has ``tumour`` and ``treatment``; a woman without breast
    cancer, assessed for risk-reducing drugs, has ``risk_factors`` instead.
    """

    patient_id: PatientId | None = None
    person: Person
    tumour: Tumour | None = None
    treatment: Treatment | None = None
    history: History = History()
    risk_factors: BreastRiskFactors | None = None

    @model_validator(mode="after")
    def _check_consistent(self) -> Self:
        raise_if_issues(_consistency_issues(self))
        return self

    @property
    def age_at_diagnosis_years(self) -> float | None:
        """Age at diagnosis in years: as given, else from date of birth and diagnosis date."""
        if self.person.age_at_diagnosis_years is not None:
            return self.person.age_at_diagnosis_years
        if self.person.date_of_birth is not None and self.tumour is not None:
            return _years_between(self.person.date_of_birth, self.tumour.diagnosis_date)
        return None


def _years_between(start: dt.date, end: dt.date) -> float:
    return (end - start).days / 365.25


def _consistency_issues(patient: Patient) -> list[Issue]:
    issues: list[Issue] = []
    tumour, treatment, person = patient.tumour, patient.treatment, patient.person
    if tumour is None and patient.risk_factors is None:
        issues.append(
            Issue(
                "tumour",
                None,
                "give tumour (a patient with breast cancer) or risk_factors "
                "(a woman without breast cancer)",
            )
        )
    if treatment is not None and tumour is None:
        issues.append(Issue("treatment", "…", "needs tumour facts"))
    if tumour is None:
        return issues
    dob = person.date_of_birth
    if person.age_at_diagnosis_years is None and dob is None:
        issues.append(
            Issue("person.age_at_diagnosis_years", None, "required: give it or date_of_birth")
        )
    if dob is not None:
        if dob >= tumour.diagnosis_date:
            issues.append(
                Issue("person.date_of_birth", str(dob), "must be before tumour.diagnosis_date")
            )
        elif person.age_at_diagnosis_years is not None:
            derived = _years_between(dob, tumour.diagnosis_date)
            if abs(derived - person.age_at_diagnosis_years) > _AGE_TOLERANCE_YEARS:
                issues.append(
                    Issue(
                        "person.age_at_diagnosis_years",
                        person.age_at_diagnosis_years,
                        f"disagrees with date_of_birth (which gives {derived:.1f})",
                    )
                )
    if treatment is not None:
        dx = tumour.diagnosis_date
        dated = {
            "treatment.surgery.date": treatment.surgery.date,
            "treatment.radiotherapy.end_date": treatment.radiotherapy.end_date,
            "treatment.chemotherapy.end_date": treatment.chemotherapy.end_date,
            "treatment.endocrine.start_date": treatment.endocrine.start_date,
        }
        for path, when in dated.items():
            if when is not None and when < dx:
                issues.append(
                    Issue(
                        path,
                        str(when),
                        f"is before the diagnosis date ({dx}); must be on or after it",
                    )
                )
    return issues


def parse_patient(data: Mapping[str, Any] | str | bytes) -> Patient:
    """Validate one patient's facts from a mapping or a JSON document.

    Raises
    ------
    FactsError
        With one :class:`~vigil.errors.Issue` per problem: path, value, what is valid.
    """
    try:
        if isinstance(data, str | bytes):
            patient: Patient = Patient.model_validate_json(data)
        else:
            patient = Patient.model_validate(data)
        return patient
    except ValidationError as exc:
        raise FactsError(issues_from_validation_error(exc, Patient)) from None


def issues_from_validation_error(exc: ValidationError, root: type[BaseModel]) -> list[Issue]:
    """Turn pydantic's errors into Vigil issues with clean dotted paths.

    Union members (``int | 'unknown'``) each report an error under a tag such as
    ``constrained-int``; the tags are dropped from the path and the alternatives merged,
    so the user reads one line per field.
    """
    merged: dict[str, tuple[Any, list[str]]] = {}
    for err in exc.errors():
        base = _field_path(err["loc"], root)
        ctx = err.get("ctx") or {}
        nested = ctx.get("error")
        if isinstance(nested, FactsError):
            for issue in nested.issues:
                path = f"{base}.{issue.path}" if base else issue.path
                merged.setdefault(path, (issue.value, []))[1].append(issue.message)
            continue
        value = None if err["type"] == "missing" else err.get("input")
        message = "is required (missing)" if err["type"] == "missing" else err["msg"]
        if err["type"] == "extra_forbidden":
            message = "is not a known field (check the spelling)"
        entry = merged.setdefault(base or "(document)", (value, []))
        if message not in entry[1]:
            entry[1].append(message)
    return [
        Issue(path, value, "; or ".join(messages)) for path, (value, messages) in merged.items()
    ]


def _field_path(loc: tuple[int | str, ...], root: type[BaseModel]) -> str:
    """Keep the parts of a pydantic ``loc`` that name fields or list items."""
    parts: list[str] = []
    model: Any = root
    for element in loc:
        if isinstance(element, int):
            parts.append(str(element))
            continue
        fields = getattr(model, "model_fields", None)
        if fields is None:
            continue  # a union-member tag such as 'constrained-int' inside a leaf field
        parts.append(element)
        # An unknown key (extra_forbidden) is still a real path element, with no model below.
        model = _model_of(fields[element].annotation) if element in fields else None
    return ".".join(parts)


def _model_of(annotation: Any) -> type[BaseModel] | None:
    """The facts model inside an annotation such as ``Tumour | None``, if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_of(arg)
        if found is not None:
            return found
    return None
