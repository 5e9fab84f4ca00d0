"""Shared fixtures: a valid patient document to mutate in tests."""

from __future__ import annotations

import copy
from typing import Any

import pytest

VALID_PATIENT: dict[str, Any] = {
    "patient_id": "t-1",
    "person": {"sex": "female", "age_at_diagnosis_years": 55, "menopausal_status": "post"},
    "tumour": {
        "diagnosis_date": "2022-01-10",
        "invasive_size_mm": 22,
        "grade": 2,
        "nodes_positive": 1,
        "nodes_examined": 10,
        "er": {"status": "positive", "percent_cells": 90},
        "pr": {"status": "positive"},
        "her2": {"ihc": "1+"},
        "ki67_percent": 12,
        "detection": "screening",
    },
    "treatment": {
        "setting": "adjuvant",
        "surgery": {"type": "breast_conserving", "date": "2022-02-01"},
        "radiotherapy": {"given": True, "end_date": "2022-04-01", "mean_heart_dose_gy": 1.5},
        "chemotherapy": {"generation": "none"},
        "endocrine": {"agents": ["aromatase_inhibitor"], "start_date": "2022-04-15"},
    },
}


@pytest.fixture
def patient_doc() -> dict[str, Any]:
    """A fresh deep copy of a valid patient document."""
    return copy.deepcopy(VALID_PATIENT)
