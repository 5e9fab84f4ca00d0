"""Care-plan rules, each tested from the guideline text at its edges."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest

from vigil.care import CarePlan, ItemStatus, load_policy, plan, stale_rules
from vigil.facts import parse_patient

D = dt.date

BASE: dict[str, Any] = {
    "patient_id": "p1",
    "person": {"sex": "female", "age_at_diagnosis_years": 55, "menopausal_status": "post"},
    "tumour": {
        "diagnosis_date": "2024-01-10",
        "invasive_size_mm": 22,
        "grade": 2,
        "nodes_positive": 0,
        "er": {"percent_cells": 90},
        "pr": {"percent_cells": 50},
        "her2": {"ihc": "1+"},
    },
    "treatment": {
        "setting": "adjuvant",
        "surgery": {"type": "breast_conserving", "date": "2024-01-15"},
        "radiotherapy": {"given": False},
        "chemotherapy": {"generation": "none"},
        "endocrine": {"agents": []},
    },
    "history": {"germline": ["none_found"]},
}


END_OF_TREATMENT = D(2024, 1, 15)


def _plan(today: dt.date = END_OF_TREATMENT, done: Any = None, **changes: Any) -> CarePlan:
    doc = copy.deepcopy(BASE)
    for path, value in changes.items():
        *parents, leaf = path.split("__")
        node = doc
        for key in parents:
            node = node[key]
        node[leaf] = value
    return plan(parse_patient(doc), today, done=done)


def _dues(care: CarePlan, rule_id: str) -> list[dt.date]:
    return [item.due for item in care.items if item.rule_id == rule_id]


def _advice(care: CarePlan) -> set[str]:
    return {a.rule_id for a in care.advice}


def test_follow_up_visits_follow_asco_intervals() -> None:
    # ASCO 2013: every 3-6 months in years 1-3, 6-12 months in years 4-5, then yearly;
    # counted from the end of primary treatment (surgery on 2024-01-15 here).
    dues = _dues(_plan(), "follow-up-visits")
    assert dues[:2] == [D(2024, 4, 15), D(2024, 7, 15)]
    assert len([d for d in dues if d < D(2027, 1, 15)]) == 11  # months 3, 6, ..., 33
    assert [d for d in dues if D(2027, 1, 15) <= d < D(2029, 1, 15)] == [
        D(2027, 1, 15),
        D(2027, 7, 15),
        D(2028, 1, 15),
        D(2028, 7, 15),
    ]
    assert [d for d in dues if d >= D(2029, 1, 15)] == [D(2029 + k, 1, 15) for k in range(6)]
    item = next(i for i in _plan().items if i.rule_id == "follow-up-visits")
    assert item.latest == D(2024, 7, 15)  # the "3 to 6 months" window
    assert "Khatcheressian" in item.source


def test_first_mammogram_after_bcs_a_year_after_diagnosis() -> None:
    # Radiotherapy ended early: dx + 12 months (2025-01-10) is later than RT end + 6 months.
    care = _plan(treatment__radiotherapy={"given": True, "end_date": "2024-03-01"})
    assert _dues(care, "mammogram-after-breast-conserving-surgery")[:3] == [
        D(2025, 1, 10),
        D(2026, 1, 10),
        D(2027, 1, 10),
    ]


def test_first_mammogram_waits_six_months_after_radiotherapy() -> None:
    # Radiotherapy ended 2024-09-20: 6 months later (2025-03-20) is after dx + 12 months.
    care = _plan(treatment__radiotherapy={"given": True, "end_date": "2024-09-20"})
    assert _dues(care, "mammogram-after-breast-conserving-surgery")[:2] == [
        D(2025, 3, 20),
        D(2026, 3, 20),
    ]


def test_mastectomy_keeps_yearly_mammogram_of_the_other_breast() -> None:
    care = _plan(treatment__surgery={"type": "mastectomy", "date": "2024-01-15"})
    assert _dues(care, "mammogram-remaining-breast")[0] == D(2025, 1, 10)
    assert not _dues(care, "mammogram-after-breast-conserving-surgery")


def test_bilateral_mastectomy_has_no_mammograms() -> None:
    care = _plan(treatment__surgery={"type": "bilateral_mastectomy", "date": "2024-01-15"})
    assert not [i for i in care.items if i.title == "Mammogram"]
    assert "no-mammogram-after-bilateral-mastectomy" in _advice(care)


def test_reconstructed_breast_is_not_imaged() -> None:
    care = _plan(
        treatment__surgery={"type": "mastectomy", "date": "2024-01-15", "reconstruction": True}
    )
    assert "no-imaging-reconstructed-breast" in _advice(care)
    assert "no-imaging-reconstructed-breast" not in _advice(_plan())


def test_tests_not_recommended_are_listed_with_reasons() -> None:
    advice = {a.rule_id: a for a in _plan().advice}
    text = advice["no-routine-tests-without-symptoms"].text
    for test in ("tumour markers", "bone scans", "PET", "CT", "chest X-rays"):
        assert test in text
    assert advice["no-routine-tests-without-symptoms"].category == "not_recommended"
    assert "breast-mri-not-routine" in advice


def test_brca_carrier_gets_yearly_mri_instead() -> None:
    care = _plan(history={"germline": ["brca2"]})
    assert _dues(care, "breast-mri-high-risk")[:2] == [D(2025, 1, 10), D(2026, 1, 10)]
    assert "breast-mri-not-routine" not in _advice(care)
    assert "genetics-carrier-follow-up" in _advice(care)


def test_tamoxifen_yearly_gynaecology_review() -> None:
    care = _plan(
        treatment__endocrine={
            "agents": ["tamoxifen"],
            "start_date": "2024-02-01",
            "planned_years": 5,
        }
    )
    assert _dues(care, "gynaecology-review-on-tamoxifen") == [
        D(2025, 2, 1),
        D(2026, 2, 1),
        D(2027, 2, 1),
        D(2028, 2, 1),
    ]
    assert not _dues(care, "bone-density-on-ai-or-ovarian-suppression")


def test_switch_from_tamoxifen_to_ai_moves_the_checks() -> None:
    care = _plan(
        treatment__endocrine={
            "agents": ["tamoxifen", "aromatase_inhibitor"],
            "start_date": "2024-02-01",
            "planned_years": 5,
            "switch_date": "2026-08-01",
        }
    )
    # Gynaecology reviews while on tamoxifen only; bone density from the switch, every 2 years.
    assert _dues(care, "gynaecology-review-on-tamoxifen") == [D(2025, 2, 1), D(2026, 2, 1)]
    assert _dues(care, "bone-density-on-ai-or-ovarian-suppression") == [
        D(2026, 8, 1),
        D(2028, 8, 1),
    ]


def test_aromatase_inhibitor_bone_density_baseline_then_every_two_years() -> None:
    care = _plan(
        treatment__endocrine={
            "agents": ["aromatase_inhibitor"],
            "start_date": "2024-02-01",
            "planned_years": 5,
        }
    )
    assert _dues(care, "bone-density-on-ai-or-ovarian-suppression") == [
        D(2024, 2, 1),
        D(2026, 2, 1),
        D(2028, 2, 1),
    ]


def test_extended_therapy_discussion_shows_cts5_group() -> None:
    care = _plan(
        treatment__endocrine={
            "agents": ["aromatase_inhibitor"],
            "start_date": "2024-02-01",
            "planned_years": 5,
        }
    )
    item = next(i for i in care.items if i.rule_id == "extended-endocrine-discussion")
    assert item.due == D(2028, 11, 1)  # 57 months after starting, ahead of year 5
    # CTS5 for 55 y, 22 mm, grade 2, N0: 0.988 (2.046 - 0.484 + 0.75 + 0.935) = 3.208.
    assert "CTS5 risk group is intermediate (score 3.21" in item.why
    ten_years = _plan(
        treatment__endocrine={
            "agents": ["aromatase_inhibitor"],
            "start_date": "2024-02-01",
            "planned_years": 10,
        }
    )
    assert not _dues(ten_years, "extended-endocrine-discussion")


def test_cardiac_checks() -> None:
    anthracycline = {"generation": "second_gen", "anthracycline": True, "end_date": "2024-06-01"}
    younger = _plan(treatment__chemotherapy=anthracycline)
    assert "cardiac-symptom-watch" in _advice(younger)
    assert not _dues(younger, "echocardiogram-higher-cardiac-risk")
    older = _plan(treatment__chemotherapy=anthracycline, person__age_at_diagnosis_years=62)
    assert _dues(older, "echocardiogram-higher-cardiac-risk") == [D(2024, 12, 1)]
    with_trastuzumab = _plan(
        treatment__chemotherapy=anthracycline,
        treatment__anti_her2={"trastuzumab": True},
        tumour__her2={"ihc": "3+"},
    )
    assert _dues(with_trastuzumab, "echocardiogram-higher-cardiac-risk") == [D(2024, 12, 1)]
    assert "cardiac-symptom-watch" not in _advice(_plan())


@pytest.mark.parametrize(
    ("changes", "referred"),
    [
        ({"history": {"germline": ["not_tested"]}}, True),  # diagnosed at 55 <= 65
        ({"history": {"germline": ["not_tested"]}, "person__age_at_diagnosis_years": 70}, False),
        (
            {
                "history": {"germline": ["not_tested"]},
                "person__age_at_diagnosis_years": 70,
                "tumour__er": {"percent_cells": 0},
                "tumour__pr": {"percent_cells": 0},
            },
            True,
        ),  # TNBC
        (
            {
                "history": {"germline": [], "first_degree_relatives_with_breast_cancer": 1},
                "person__age_at_diagnosis_years": 70,
            },
            True,
        ),
        (
            {
                "history": {"germline": ["not_tested"]},
                "person__age_at_diagnosis_years": 70,
                "person__sex": "male",
            },
            True,
        ),
        ({"history": {"germline": ["none_found"]}}, False),  # already tested
    ],
    ids=["65-or-younger", "older-no-criteria", "older-tnbc", "older-family", "male", "tested"],
)
def test_genetics_referral_asco_sso_2024(changes: dict[str, Any], referred: bool) -> None:
    assert ("genetics-referral" in _advice(_plan(**changes))) is referred


def _unaffected(**risk: Any) -> dict[str, Any]:
    return {
        "patient_id": "w1",
        "person": {"sex": "female", "menopausal_status": risk.pop("menopause", "post")},
        "history": {
            "prior_vte_or_stroke": risk.pop("vte", "no"),
            "first_degree_relatives_with_breast_cancer": risk.pop("relatives", 1),
        },
        "risk_factors": {
            "age_years": 60,
            "age_at_menarche_years": 11,
            "age_at_first_live_birth_years": "nulliparous",
            "breast_biopsies": 2,
            "atypical_hyperplasia": "yes",
            "race": "white",
        }
        | risk,
    }


def test_risk_reducing_drugs_by_gail_risk() -> None:
    high = plan(parse_patient(_unaffected()), D(2026, 1, 1))
    assert {
        "risk-reducing-drugs-discuss",
        "risk-reducing-drugs-strong",
        "risk-reducing-choice-postmenopausal",
    } <= _advice(high)
    low = plan(
        parse_patient(
            _unaffected(
                age_at_menarche_years=14,
                breast_biopsies=0,
                atypical_hyperplasia="no",
                age_at_first_live_birth_years=19,
                age_years=40,
            )
        ),
        D(2026, 1, 1),
    )
    assert "risk-reducing-drugs-discuss" not in _advice(low)
    clot = plan(parse_patient(_unaffected(vte="yes")), D(2026, 1, 1))
    assert "risk-reducing-contraindication" in _advice(clot)
    young = plan(parse_patient(_unaffected(menopause="pre", age_years=45)), D(2026, 1, 1))
    assert "risk-reducing-choice-premenopausal" in _advice(young)
    assert not high.items
    unknown = plan(parse_patient(_unaffected(relatives=None)), D(2026, 1, 1))
    gaps = [a for a in unknown.advice if a.category == "missing_information"]
    assert [a.rule_id for a in gaps] == ["gail"]
    assert "relatives is missing" in gaps[0].text


def test_status_from_today_and_visits_done() -> None:
    today = D(2024, 8, 1)
    care = _plan(today=today, done={"follow-up-visits": [D(2024, 4, 20)]})
    status = {i.due: i.status for i in care.items if i.rule_id == "follow-up-visits"}
    assert status[D(2024, 4, 15)] is ItemStatus.DONE
    assert status[D(2024, 7, 15)] is ItemStatus.DUE  # window open until 2024-10-15
    assert status[D(2024, 10, 15)] is ItemStatus.UPCOMING
    missed = _plan(today=D(2024, 11, 1))
    assert {i.due: i.status for i in missed.items}[D(2024, 4, 15)] is ItemStatus.OVERDUE


def test_missing_anchor_is_reported_not_guessed() -> None:
    care = _plan(treatment__endocrine={"agents": ["tamoxifen"]})
    missing = [a for a in care.advice if a.category == "missing_information"]
    assert [a.rule_id for a in missing] == [
        "gynaecology-review-on-tamoxifen",
        "extended-endocrine-discussion",
    ]


def test_same_facts_and_day_give_identical_plans() -> None:
    assert _plan() == _plan()
    assert [i.uid for i in _plan().items] == [i.uid for i in _plan().items]


def test_every_rule_is_cited_and_stale_rules_are_found() -> None:
    rules = load_policy()
    assert all(r.source.citation and r.last_reviewed for r in rules.rules)
    assert stale_rules(rules, D(2026, 11, 25)) == []
    assert len(stale_rules(rules, D(2028, 1, 1))) == len(rules.rules)
