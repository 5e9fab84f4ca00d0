"""The options explorer, checked against the approval facts in Vigil's survivorship
evidence notes, section 4 (captures to mid-2026). Each expected value names its row."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vigil.care.options import (
    ApprovalStatus,
    Biomarker,
    Evidence,
    FitStatus,
    Line,
    OptionFit,
    OptionsAnswer,
    Section,
    Subtype,
    load_options,
    options,
    stale_options,
)
from vigil.facts import Her2Category, Menopause, ReceptorStatus, parse_patient

TODAY = dt.date(2026, 11, 25)


def _fit(answer: OptionsAnswer, option_id: str) -> OptionFit:
    return next(fit for fit in answer.fits if fit.option.id == option_id)


def _matching(answer: OptionsAnswer, section: Section) -> set[str]:
    return {f.option.id for f in answer.section(section) if f.status is FitStatus.MATCHES}


# Approval facts as the reference states them: (option id, status, date, companion test).
APPROVALS = [
    # "Inavolisib ... FDA 10 Oct 2024 ... FoundationOne Liquid CDx"
    ("inavolisib-pik3ca", ApprovalStatus.APPROVED, "2024-10-10", "FoundationOne Liquid CDx"),
    # "Capivasertib ... FDA 16 Nov 2023 ... FoundationOne CDx"
    ("capivasertib-pik3ca-akt1-pten", ApprovalStatus.APPROVED, "2023-11-16", "FoundationOne CDx"),
    # "Elacestrant ... FDA 27 Jan 2023; EMERALD ... Guardant360 CDx"
    ("elacestrant-esr1", ApprovalStatus.APPROVED, "2023-01-27", "Guardant360 CDx"),
    # "Imlunestrant (Inluriyo) ... FDA 25 Sep 2025 ... Guardant360 CDx"
    ("imlunestrant-esr1", ApprovalStatus.APPROVED, "2025-09-25", "Guardant360 CDx"),
    # "T-DXd ... HER2-low/ultralow ... FDA 27 Jan 2025 (DESTINY-Breast06)"
    ("t-dxd-her2-low-ultralow", ApprovalStatus.APPROVED, "2025-01-27", "FDA-approved"),
    # "Dato-DXd: FDA 17 Jan 2025 (TROPION-Breast01)"
    ("dato-dxd-hr-positive", ApprovalStatus.APPROVED, "2025-01-17", None),
    # "TNBC, PD-L1 CPS >= 10 ... Pembrolizumab + chemotherapy ... FDA 13 Nov 2020; 22C3"
    ("pembrolizumab-tnbc-cps10", ApprovalStatus.APPROVED, "2020-11-13", "22C3 pharmDx"),
    # "Sacituzumab govitecan ... + pembrolizumab (CPS >= 10) ... FDA 24 Jun 2026"
    ("sacituzumab-pembrolizumab-tnbc-cps10", ApprovalStatus.APPROVED, "2026-06-24", "PD-L1"),
    # "Camizestrant ... Not FDA-approved in anything I read"
    ("camizestrant-serena6", ApprovalStatus.NOT_APPROVED, None, "Guardant360"),
    # "Giredestrant + everolimus (evERA) ... NDA accepted; decision due 18 Dec 2026"
    ("giredestrant-everolimus-esr1", ApprovalStatus.DECISION_PENDING, "2026-12-18", None),
    # "Giredestrant (lidERA) ... No approval seen"
    ("giredestrant-adjuvant-lidera", ApprovalStatus.INVESTIGATIONAL, None, None),
    # "Germline BRCA ... Olaparib; talazoparib ... BRACAnalysis CDx"
    ("olaparib-gbrca", ApprovalStatus.APPROVED, "2018-01", "BRACAnalysis CDx"),
    ("talazoparib-gbrca", ApprovalStatus.NOT_STATED, None, "BRACAnalysis CDx"),
]


@pytest.mark.parametrize(("option_id", "status", "date", "test"), APPROVALS)
def test_approval_facts_match_the_reference(
    option_id: str, status: ApprovalStatus, date: str | None, test: str | None
) -> None:
    option = next(o for o in load_options().options if o.id == option_id)
    assert option.approval.status is status
    assert option.approval.date == date
    if test is not None:
        assert option.companion_test is not None
        assert test in option.companion_test


@pytest.mark.parametrize(
    "option_id",
    [
        # "Some 2025-26 regulatory facts come from trade press, not FDA pages: vepdegestrant
        # approval, Dato-DXd first-line TNBC, T-DXd + pertuzumab, sacituzumab first-line, and
        # the camizestrant decision."
        "vepdegestrant-esr1",
        "dato-dxd-tnbc-first-line",
        "t-dxd-pertuzumab-first-line",
        "sacituzumab-tnbc-first-line",
        "sacituzumab-pembrolizumab-tnbc-cps10",
        "camizestrant-serena6",
    ],
)
def test_trade_press_facts_carry_the_unverified_label(option_id: str) -> None:
    fit = _fit(options(None), option_id)
    assert fit.option.approval.evidence is Evidence.TRADE_PRESS
    assert "unverified: check Drugs@FDA" in fit.approval


def test_every_option_has_a_source_a_review_date_and_the_notice() -> None:
    catalogue = load_options()
    assert "informs; it does not recommend" in catalogue.notice
    assert options(None).notice == catalogue.notice
    for option in catalogue.options:
        assert option.source
        assert option.last_reviewed <= TODAY
    assert stale_options(TODAY) == []
    assert len(stale_options(dt.date(2028, 1, 1))) == len(catalogue.options)


def test_labels_say_what_is_and_is_not_approved() -> None:
    answer = options(None)
    assert _fit(answer, "elacestrant-esr1").approval == "FDA-approved 2023-01-27"
    assert _fit(answer, "camizestrant-serena6").approval.startswith("Not FDA-approved")
    assert _fit(answer, "giredestrant-everolimus-esr1").approval.startswith(
        "FDA decision pending (due 2026-12-18)"
    )
    assert _fit(answer, "giredestrant-adjuvant-lidera").approval.startswith("Investigational")
    assert "about 2026-05" in _fit(answer, "vepdegestrant-esr1").approval


# Profiles: (id, keyword overrides, options expected to match, options expected not to).
PROFILES: list[Any] = [
    pytest.param(
        {"subtype": Subtype.HR_POSITIVE_HER2_NEGATIVE, "line": Line.FIRST},
        {"cdk46-endocrine-first-line"},
        {"elacestrant-esr1", "pembrolizumab-tnbc-cps10", "tucatinib-her2"},
        id="hr-positive-first-line",
    ),
    pytest.param(
        {
            "subtype": Subtype.HR_POSITIVE_HER2_NEGATIVE,
            "line": Line.FIRST,
            "biomarkers": {Biomarker.PIK3CA: True},
        },
        {"cdk46-endocrine-first-line", "inavolisib-pik3ca", "capivasertib-pik3ca-akt1-pten"},
        {"alpelisib-pik3ca"},  # SOLAR-1: after endocrine therapy (later line)
        id="hr-positive-pik3ca-first-line",
    ),
    pytest.param(
        {
            "subtype": Subtype.HR_POSITIVE_HER2_NEGATIVE,
            "line": Line.LATER,
            "biomarkers": {Biomarker.ESR1: True, Biomarker.PIK3CA: False, Biomarker.AKT1: False},
        },
        {
            "elacestrant-esr1",
            "imlunestrant-esr1",
            "vepdegestrant-esr1",
            "giredestrant-everolimus-esr1",
            "dato-dxd-hr-positive",
        },
        {"capivasertib-pik3ca-akt1-pten", "camizestrant-serena6", "inavolisib-pik3ca"},
        id="hr-positive-esr1-later-line",
    ),
    pytest.param(
        {"subtype": Subtype.HER2_LOW, "hr": ReceptorStatus.POSITIVE},
        {"t-dxd-her2-low-ultralow", "t-dxd-her2-low-db04", "cdk46-endocrine-first-line"},
        {"t-dxd-pertuzumab-first-line"},
        id="her2-low-hr-positive",
    ),
    pytest.param(
        {"subtype": Subtype.HER2_ULTRALOW, "hr": ReceptorStatus.POSITIVE},
        {"t-dxd-her2-low-ultralow"},
        {"t-dxd-her2-low-db04"},  # DESTINY-Breast04 was HER2-low only
        id="her2-ultralow-hr-positive",
    ),
    pytest.param(
        {"subtype": Subtype.HER2_POSITIVE, "line": Line.FIRST},
        {"t-dxd-pertuzumab-first-line", "her2-backbone"},
        {"tucatinib-her2", "t-dxd-her2-low-ultralow"},
        id="her2-positive-first-line",
    ),
    pytest.param(
        {"subtype": Subtype.HER2_POSITIVE, "line": Line.LATER},
        {"tucatinib-her2", "her2-backbone"},
        {"t-dxd-pertuzumab-first-line"},
        id="her2-positive-later-line",
    ),
    pytest.param(
        {
            "subtype": Subtype.TRIPLE_NEGATIVE,
            "line": Line.FIRST,
            "biomarkers": {Biomarker.PDL1_CPS_10: True},
        },
        {
            "pembrolizumab-tnbc-cps10",
            "sacituzumab-pembrolizumab-tnbc-cps10",
            "sacituzumab-tnbc-first-line",
            "dato-dxd-tnbc-first-line",
        },
        {"cdk46-endocrine-first-line", "elacestrant-esr1"},
        id="tnbc-pdl1-first-line",
    ),
    pytest.param(
        {"subtype": Subtype.TRIPLE_NEGATIVE, "biomarkers": {Biomarker.GERMLINE_BRCA: True}},
        {"olaparib-gbrca", "talazoparib-gbrca", "olaparib-adjuvant-gbrca"},
        {"giredestrant-adjuvant-lidera"},
        id="tnbc-germline-brca",
    ),
]


@pytest.mark.parametrize(("overrides", "matching", "not_matching"), PROFILES)
def test_profiles(overrides: dict[str, Any], matching: set[str], not_matching: set[str]) -> None:
    answer = options(None, **overrides)
    found = _matching(answer, Section.RECURRENCE) | _matching(answer, Section.ADJUVANT)
    assert matching <= found, matching - found
    assert not (not_matching & found), not_matching & found
    assert all(f.status is FitStatus.DOES_NOT_MATCH for f in answer.section(Section.PREVENTIVE))


def test_unknown_biomarker_asks_for_the_test() -> None:
    answer = options(None, subtype=Subtype.HR_POSITIVE_HER2_NEGATIVE, line=Line.LATER)
    fit = _fit(answer, "elacestrant-esr1")
    assert fit.status is FitStatus.NEEDS_INFORMATION
    assert fit.reasons == ("test result for an ESR1 mutation",)
    capivasertib = _fit(answer, "capivasertib-pik3ca-akt1-pten")
    assert "a PIK3CA mutation, an AKT1 alteration or a PTEN alteration" in capivasertib.reasons[0]


def test_her2_negative_without_the_ihc_score_asks_whether_low() -> None:
    answer = options(None, subtype=Subtype.HR_POSITIVE_HER2_NEGATIVE)
    fit = _fit(answer, "t-dxd-her2-low-ultralow")
    assert fit.status is FitStatus.NEEDS_INFORMATION
    assert "HER2-low, ultralow or zero" in fit.reasons[0]
    equivocal = options(None, hr=ReceptorStatus.POSITIVE, her2=Her2Category.EQUIVOCAL)
    assert _fit(equivocal, "cdk46-endocrine-first-line").status is FitStatus.NEEDS_INFORMATION


def test_unknown_line_does_not_block_but_is_shown() -> None:
    fit = _fit(
        options(None, subtype=Subtype.HR_POSITIVE_HER2_NEGATIVE), "cdk46-endocrine-first-line"
    )
    assert fit.status is FitStatus.MATCHES
    assert fit.reasons == ("listed for first-line treatment",)


# Risk-reducing drugs (USPSTF 2019; ASCO 2019): women >= 35 without breast cancer;
# postmenopausal: anastrozole, exemestane, raloxifene or tamoxifen; premenopausal: tamoxifen
# only; tamoxifen contraindicated after DVT/PE/stroke/TIA.
def _unaffected(menopause: str, age: float, vte: str = "no") -> Any:
    return parse_patient(
        {
            "person": {"sex": "female", "menopausal_status": menopause},
            "history": {"prior_vte_or_stroke": vte},
            "risk_factors": {
                "age_years": age,
                "age_at_menarche_years": 12,
                "age_at_first_live_birth_years": 25,
                "breast_biopsies": 1,
                "atypical_hyperplasia": "no",
                "race": "white",
            },
        }
    )


PREVENTIVE = {
    "tamoxifen-risk-reduction",
    "raloxifene-risk-reduction",
    "anastrozole-risk-reduction",
    "exemestane-risk-reduction",
}


def test_postmenopausal_woman_matches_all_four() -> None:
    answer = options(_unaffected("post", 58))
    assert _matching(answer, Section.PREVENTIVE) == PREVENTIVE
    assert all(f.status is FitStatus.DOES_NOT_MATCH for f in answer.section(Section.RECURRENCE))


def test_premenopausal_woman_matches_tamoxifen_only() -> None:
    answer = options(_unaffected("pre", 41))
    assert _matching(answer, Section.PREVENTIVE) == {"tamoxifen-risk-reduction"}
    assert _fit(answer, "anastrozole-risk-reduction").reasons == ("listed only after menopause",)


def test_under_35_matches_none() -> None:
    answer = options(_unaffected("pre", 30))
    assert _matching(answer, Section.PREVENTIVE) == set()
    assert "listed from age 35" in _fit(answer, "tamoxifen-risk-reduction").reasons


def test_prior_clot_or_stroke_rules_out_tamoxifen_and_flags_raloxifene() -> None:
    answer = options(_unaffected("post", 60, vte="yes"))
    tamoxifen = _fit(answer, "tamoxifen-risk-reduction")
    assert tamoxifen.status is FitStatus.DOES_NOT_MATCH
    assert "blood clot" in tamoxifen.reasons[0]
    raloxifene = _fit(answer, "raloxifene-risk-reduction")
    assert raloxifene.status is FitStatus.MATCHES
    assert "check raloxifene's label" in raloxifene.reasons[0]


def test_unknown_menopause_and_history_ask_for_them() -> None:
    answer = options(_unaffected("unknown", 50, vte="unknown"))
    reasons = _fit(answer, "tamoxifen-risk-reduction").reasons
    assert any("menopausal status" in r for r in reasons)
    assert any("blood clots" in r for r in reasons)


def test_a_survivor_is_not_offered_primary_prevention(patient_doc: dict[str, Any]) -> None:
    answer = options(parse_patient(patient_doc))
    for fit in answer.section(Section.PREVENTIVE):
        assert fit.status is FitStatus.DOES_NOT_MATCH
        assert "USPSTF 2019" in fit.reasons[0]


def test_profile_from_facts(patient_doc: dict[str, Any]) -> None:
    # The shared fixture: ER 90 %, PR positive, HER2 IHC 1+ (HER2-low), postmenopausal.
    patient_doc["history"] = {"germline": ["brca2"]}
    answer = options(parse_patient(patient_doc), line=Line.LATER)
    assert answer.profile.hr is ReceptorStatus.POSITIVE
    assert answer.profile.her2 is Her2Category.LOW
    assert answer.profile.menopause is Menopause.POST
    found = _matching(answer, Section.RECURRENCE)
    assert {"t-dxd-her2-low-ultralow", "olaparib-gbrca", "dato-dxd-hr-positive"} <= found
    overridden = options(parse_patient(patient_doc), biomarkers={Biomarker.GERMLINE_BRCA: False})
    assert _fit(overridden, "olaparib-gbrca").status is FitStatus.DOES_NOT_MATCH


def test_no_facts_and_no_profile_needs_information_everywhere() -> None:
    answer = options(None)
    assert {f.status for f in answer.fits if f.option.section is not Section.LOCAL} == {
        FitStatus.NEEDS_INFORMATION
    }


def test_local_options_make_no_claims_and_say_they_need_a_source() -> None:
    for fit in options(None, subtype=Subtype.TRIPLE_NEGATIVE).section(Section.LOCAL):
        assert fit.option.approval.status is ApprovalStatus.NOT_APPLICABLE
        assert fit.option.needs_check is not None
        assert "needs a guideline source" in fit.option.needs_check


@settings(max_examples=60, deadline=None)
@given(
    subtype=st.sampled_from(list(Subtype)),
    line=st.sampled_from([None, *Line]),
    known=st.dictionaries(st.sampled_from(list(Biomarker)), st.booleans()),
    extra=st.sampled_from(list(Biomarker)),
)
def test_a_positive_biomarker_never_removes_a_match(
    subtype: Subtype, line: Line | None, known: dict[Biomarker, bool], extra: Biomarker
) -> None:
    before = options(None, subtype=subtype, line=line, biomarkers=known)
    after = options(None, subtype=subtype, line=line, biomarkers={**known, extra: True})
    for section in Section:
        assert _matching(before, section) <= _matching(after, section)
