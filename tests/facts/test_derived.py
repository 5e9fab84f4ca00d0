"""Derived facts at their published boundaries."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from vigil.errors import VigilError
from vigil.facts import (
    Her2Category,
    Her2Result,
    NodeStage,
    ReceptorResult,
    ReceptorStatus,
    her2_category,
    her2_status,
    is_er_low,
    ki67_status,
    node_stage,
    parse_patient,
    receptor_status,
    years_since_diagnosis,
)


@pytest.mark.parametrize(
    ("result", "status", "low"),
    [
        ({"percent_cells": 0}, ReceptorStatus.NEGATIVE, False),
        ({"percent_cells": 0.9}, ReceptorStatus.NEGATIVE, False),
        # ASCO/CAP 2020: >= 1 % is positive; 1-10 % is "ER Low Positive".
        ({"percent_cells": 1}, ReceptorStatus.POSITIVE, True),
        ({"percent_cells": 10}, ReceptorStatus.POSITIVE, True),
        ({"percent_cells": 10.5}, ReceptorStatus.POSITIVE, False),
        ({"allred_score": 2}, ReceptorStatus.NEGATIVE, False),
        ({"allred_score": 3}, ReceptorStatus.POSITIVE, False),
        ({"status": "unknown"}, ReceptorStatus.UNKNOWN, False),
        ({"status": "positive"}, ReceptorStatus.POSITIVE, False),
    ],
)
def test_receptor_status(result: dict[str, Any], status: ReceptorStatus, low: bool) -> None:
    receptor = ReceptorResult.model_validate(result)
    assert receptor_status(receptor) is status
    assert is_er_low(receptor) is low


@pytest.mark.parametrize(
    ("result", "status", "category"),
    [
        ({"ihc": "3+"}, ReceptorStatus.POSITIVE, Her2Category.POSITIVE),
        ({"ihc": "2+", "ish": "positive"}, ReceptorStatus.POSITIVE, Her2Category.POSITIVE),
        ({"ihc": "2+", "ish": "negative"}, ReceptorStatus.NEGATIVE, Her2Category.LOW),
        ({"ihc": "2+"}, ReceptorStatus.UNKNOWN, Her2Category.EQUIVOCAL),
        ({"ihc": "1+"}, ReceptorStatus.NEGATIVE, Her2Category.LOW),
        ({"ihc": "0", "ihc_faint_staining": True}, ReceptorStatus.NEGATIVE, Her2Category.ULTRALOW),
        ({"ihc": "0", "ihc_faint_staining": False}, ReceptorStatus.NEGATIVE, Her2Category.ZERO),
        ({"ihc": "0"}, ReceptorStatus.NEGATIVE, Her2Category.NEGATIVE),
        ({"status": "negative"}, ReceptorStatus.NEGATIVE, Her2Category.NEGATIVE),
        ({"ish": "positive"}, ReceptorStatus.POSITIVE, Her2Category.POSITIVE),
        ({"status": "unknown"}, ReceptorStatus.UNKNOWN, Her2Category.UNKNOWN),
    ],
)
def test_her2(result: dict[str, Any], status: ReceptorStatus, category: Her2Category) -> None:
    her2 = Her2Result.model_validate(result)
    assert her2_status(her2) is status
    assert her2_category(her2) is category


@pytest.mark.parametrize(
    ("nodes", "micro", "stage"),
    [
        (0, None, NodeStage.N0),
        (1, True, NodeStage.N1MI),
        (1, False, NodeStage.N1),
        (3, None, NodeStage.N1),
        (4, None, NodeStage.N2),
        (9, None, NodeStage.N2),
        (10, None, NodeStage.N3),
        ("unknown", None, NodeStage.UNKNOWN),
    ],
)
def test_node_stage(
    patient_doc: dict[str, Any], nodes: int | str, micro: bool | None, stage: NodeStage
) -> None:
    patient_doc["tumour"]["nodes_positive"] = nodes
    patient_doc["tumour"]["nodes_examined"] = 20
    patient_doc["tumour"]["micrometastases_only"] = micro
    tumour = parse_patient(patient_doc).tumour
    assert tumour is not None
    assert node_stage(tumour) is stage


@pytest.mark.parametrize(
    ("ki67", "status"),
    [
        (10, ReceptorStatus.NEGATIVE),
        (10.1, ReceptorStatus.POSITIVE),
        ("unknown", ReceptorStatus.UNKNOWN),
    ],
)
def test_ki67_cut_is_above_ten_percent(
    patient_doc: dict[str, Any], ki67: float | str, status: ReceptorStatus
) -> None:
    patient_doc["tumour"]["ki67_percent"] = ki67
    tumour = parse_patient(patient_doc).tumour
    assert tumour is not None
    assert ki67_status(tumour) is status


def test_years_since_diagnosis(patient_doc: dict[str, Any]) -> None:
    tumour = parse_patient(patient_doc).tumour
    assert tumour is not None
    # 2022-01-10 to 2027-01-10 is 1826 days (2024 is a leap year).
    assert years_since_diagnosis(tumour, dt.date(2027, 1, 10)) == pytest.approx(1826 / 365.25)
    with pytest.raises(VigilError, match=r"on or after"):
        years_since_diagnosis(tumour, dt.date(2021, 1, 1))
