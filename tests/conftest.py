"""Shared fixtures: a valid patient document to mutate in tests."""

from __future__ import annotations

import copy
import os
import uuid
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

# One postmenopausal-age patient in cohort-table codes, used by the tests that check the
# calculator, the CLI and the table path give the same numbers.
TABLE_ROW: dict[str, str] = {
    "age": "62",
    "size_mm": "25",
    "grade": "2",
    "nodes_positive": "2",
    "er": "positive",
    "pr": "positive",
    "her2": "negative",
    "ki67": "positive",
    "detection": "symptoms",
    "chemo": "third_gen",
    "endocrine": "yes",
    "trastuzumab": "no",
    "bisphosphonate": "no",
    "radiotherapy": "yes",
    "heart_dose_gy": "2",
    "smoker": "no",
}

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


def fresh_database_url(folder: Path) -> str:
    """A new, empty database: on the PostgreSQL server named by ``VIGIL_TEST_POSTGRES``
    (``scripts/with-postgres.sh`` starts one) or else a SQLite file in ``folder``."""
    server = os.environ.get("VIGIL_TEST_POSTGRES")
    if not server:
        return f"sqlite:///{folder / 'vigil.db'}"
    name = f"vigil_test_{uuid.uuid4().hex[:12]}"
    engine = create_engine(server, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return make_url(server).set(database=name).render_as_string(hide_password=False)
