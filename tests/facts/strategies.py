"""Hypothesis strategies that build valid patient documents."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from vigil.facts import (
    ChemoGeneration,
    Detection,
    EndocrineAgent,
    Her2Ihc,
    Histology,
    Laterality,
    Menopause,
    Race,
    SurgeryType,
    TriState,
)

days = st.integers(min_value=0, max_value=400)


@st.composite
def patient_documents(draw: st.DrawFn) -> dict[str, Any]:
    """A valid patient with breast cancer: dates in order, counts consistent."""
    dx = draw(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2026, 1, 1)))
    surgery = dx + dt.timedelta(days=draw(days))
    examined = draw(st.integers(min_value=0, max_value=60))
    positive = draw(st.integers(min_value=0, max_value=examined) | st.just("unknown"))
    ihc = draw(st.sampled_from(list(Her2Ihc)))
    chemo = draw(st.sampled_from(list(ChemoGeneration)))
    agents = draw(st.lists(st.sampled_from(list(EndocrineAgent)), unique=True, max_size=2))
    rt_given = draw(st.booleans())
    surgery_type = draw(st.sampled_from(list(SurgeryType)))
    size = st.floats(min_value=0.1, max_value=500, allow_nan=False)
    percent = st.floats(min_value=0, max_value=100, allow_nan=False)
    er_percent = draw(percent)
    return {
        "patient_id": draw(st.from_regex(r"[A-Za-z0-9._:-]{1,20}", fullmatch=True)),
        "person": {
            "sex": draw(st.sampled_from(["female", "male"])),
            "age_at_diagnosis_years": draw(st.floats(min_value=18, max_value=100)),
            "menopausal_status": draw(st.sampled_from(list(Menopause))).value,
        },
        "tumour": {
            "diagnosis_date": dx.isoformat(),
            "laterality": draw(st.sampled_from(list(Laterality))).value,
            "histology": draw(st.sampled_from(list(Histology))).value,
            "invasive_size_mm": draw(size | st.just("unknown")),
            "grade": draw(st.sampled_from([1, 2, 3, "unknown"])),
            "nodes_positive": positive,
            "nodes_examined": examined,
            "er": {"percent_cells": er_percent},
            "pr": {"status": draw(st.sampled_from(["positive", "negative", "unknown"]))},
            "her2": {"ihc": ihc.value}
            | ({"ihc_faint_staining": draw(st.booleans())} if ihc is Her2Ihc.ZERO else {}),
            "ki67_percent": draw(percent | st.just("unknown")),
            "detection": draw(st.sampled_from(list(Detection))).value,
        },
        "treatment": {
            "setting": draw(st.sampled_from(["adjuvant", "neoadjuvant"])),
            "surgery": {
                "type": surgery_type.value,
                "date": surgery.isoformat(),
                "reconstruction": surgery_type
                in (SurgeryType.MASTECTOMY, SurgeryType.BILATERAL_MASTECTOMY)
                and draw(st.booleans()),
            },
            "radiotherapy": {"given": rt_given}
            | (
                {
                    "end_date": (surgery + dt.timedelta(days=draw(days))).isoformat(),
                    "mean_heart_dose_gy": draw(st.floats(min_value=0, max_value=60)),
                }
                if rt_given
                else {}
            ),
            "chemotherapy": {"generation": chemo.value},
            "endocrine": {"agents": [a.value for a in agents]},
            "bisphosphonate": draw(st.booleans()),
        },
        "history": {
            "first_degree_relatives_with_breast_cancer": draw(
                st.integers(min_value=0, max_value=30) | st.just("unknown")
            ),
        },
    }


@st.composite
def unaffected_documents(draw: st.DrawFn) -> dict[str, Any]:
    """A valid woman without breast cancer, for the risk-reducing-drug assessment."""
    age = draw(st.integers(min_value=20, max_value=89))
    menarche = draw(st.integers(min_value=8, max_value=min(age, 18)))
    first_birth = draw(
        st.integers(min_value=max(menarche, 9), max_value=min(age, 55)).map(float)
        | st.sampled_from(["nulliparous", "unknown"])
    )
    biopsies = draw(st.integers(min_value=0, max_value=5))
    hyperplasia = draw(st.sampled_from(list(TriState)))
    if biopsies == 0 and hyperplasia is TriState.YES:
        hyperplasia = TriState.NO
    return {
        "person": {"sex": "female"},
        "risk_factors": {
            "age_years": age,
            "age_at_menarche_years": menarche,
            "age_at_first_live_birth_years": first_birth,
            "breast_biopsies": biopsies,
            "atypical_hyperplasia": hyperplasia.value,
            "race": draw(st.sampled_from(list(Race))).value,
        },
    }
