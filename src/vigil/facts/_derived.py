"""Facts derived from the recorded ones, computed in one place and cited.

These are pure functions of the facts; a date is always an argument, never the clock.
"""

from __future__ import annotations

import datetime as dt

from vigil.errors import VigilError
from vigil.facts._codes import Her2Category, Her2Ihc, Her2Ish, NodeStage, ReceptorStatus
from vigil.facts._tumour import Her2Result, ReceptorResult, Tumour

__all__ = [
    "KI67_POSITIVE_ABOVE_PERCENT",
    "her2_category",
    "her2_status",
    "is_er_low",
    "ki67_status",
    "node_stage",
    "receptor_status",
    "years_since_diagnosis",
]

# PREDICT v2 codes Ki-67 positive as > 10 % of cells (Wishart et al., Br J Cancer
# 2014;110:1087); the cohort-table contract uses the same cut.
KI67_POSITIVE_ABOVE_PERCENT = 10.0


def receptor_status(result: ReceptorResult) -> ReceptorStatus:
    """ER or PR status from a receptor result.

    The percentage of stained cells decides when given: positive at >= 1 % (ASCO/CAP
    ER/PgR guideline update, Allison et al., JCO 2020;38:1346, rec. 1). Else an Allred
    score >= 3 is positive (Harvey et al., JCO 1999;17:1474). Else the reported status.
    """
    if result.percent_cells is not None:
        return ReceptorStatus.POSITIVE if result.percent_cells >= 1 else ReceptorStatus.NEGATIVE
    if result.allred_score is not None:
        return ReceptorStatus.POSITIVE if result.allred_score >= 3 else ReceptorStatus.NEGATIVE
    return result.status if result.status is not None else ReceptorStatus.UNKNOWN


def is_er_low(result: ReceptorResult) -> bool:
    """True for "ER Low Positive": 1-10 % of cells stained (ASCO/CAP 2020, rec. 2).

    Needs the percentage; without it the answer is False (not known to be low).
    """
    return result.percent_cells is not None and 1 <= result.percent_cells <= 10


def her2_status(result: Her2Result) -> ReceptorStatus:
    """HER2 positive/negative per ASCO/CAP 2018 (Wolff et al., JCO 2018;36:2105), 2023 affirmed.

    IHC 3+ or ISH positive is positive; IHC 0 or 1+, or IHC 2+ with ISH negative, is
    negative; IHC 2+ without ISH is not decided (unknown). A reported status is used only
    when no test detail is given.
    """
    if result.ish is Her2Ish.POSITIVE or result.ihc is Her2Ihc.THREE_PLUS:
        return ReceptorStatus.POSITIVE
    if result.ihc in (Her2Ihc.ZERO, Her2Ihc.ONE_PLUS) or result.ish is Her2Ish.NEGATIVE:
        return ReceptorStatus.NEGATIVE
    if result.ihc is Her2Ihc.TWO_PLUS:
        return ReceptorStatus.UNKNOWN
    return result.status if result.status is not None else ReceptorStatus.UNKNOWN


def her2_category(result: Her2Result) -> Her2Category:
    """HER2 positive, low, ultralow or zero.

    "HER2-low" (IHC 1+, or 2+ with negative ISH) is the DESTINY-Breast04 definition
    (Modi et al., NEJM 2022;387:9); "ultralow" (IHC 0 with faint, incomplete membrane
    staining in <= 10 % of cells) the DESTINY-Breast06 one (Curigliano et al., NEJM
    2024;391:2110). Neither is an ASCO/CAP category: ASCO/CAP 2023 calls all of them
    negative. IHC 0 without the staining detail is reported as ``zero`` only when the
    absence of faint staining was recorded; otherwise ``negative``.
    """
    status = her2_status(result)
    if status is ReceptorStatus.POSITIVE:
        return Her2Category.POSITIVE
    if result.ihc is Her2Ihc.ONE_PLUS or (
        result.ihc is Her2Ihc.TWO_PLUS and result.ish is Her2Ish.NEGATIVE
    ):
        return Her2Category.LOW
    if result.ihc is Her2Ihc.TWO_PLUS:
        return Her2Category.EQUIVOCAL
    if result.ihc is Her2Ihc.ZERO:
        if result.ihc_faint_staining is True:
            return Her2Category.ULTRALOW
        if result.ihc_faint_staining is False:
            return Her2Category.ZERO
        return Her2Category.NEGATIVE
    if status is ReceptorStatus.NEGATIVE:
        return Her2Category.NEGATIVE
    return Her2Category.UNKNOWN


def ki67_status(tumour: Tumour) -> ReceptorStatus:
    """Ki-67 positive when > 10 % of cells stain (the PREDICT v2 cut)."""
    ki67 = tumour.ki67_percent
    if ki67 is None or ki67 == "unknown":
        return ReceptorStatus.UNKNOWN
    return (
        ReceptorStatus.POSITIVE if ki67 > KI67_POSITIVE_ABOVE_PERCENT else ReceptorStatus.NEGATIVE
    )


def node_stage(tumour: Tumour) -> NodeStage:
    """Pathological N category from the count of positive axillary nodes.

    AJCC Cancer Staging Manual, 8th ed., breast chapter: pN1mi micrometastases only;
    pN1 1-3 nodes; pN2 4-9; pN3 >= 10. Internal-mammary and supraclavicular nodes,
    which also raise the category, are not recorded in Vigil's facts.
    """
    nodes = tumour.nodes_positive
    if nodes == "unknown":
        return NodeStage.UNKNOWN
    if nodes == 0:
        return NodeStage.N0
    if tumour.micrometastases_only:
        return NodeStage.N1MI
    if nodes <= 3:
        return NodeStage.N1
    if nodes <= 9:
        return NodeStage.N2
    return NodeStage.N3


def years_since_diagnosis(tumour: Tumour, on: dt.date) -> float:
    """Years from the diagnosis date to ``on`` (days / 365.25).

    Raises
    ------
    VigilError
        If ``on`` is before the diagnosis date.
    """
    if on < tumour.diagnosis_date:
        msg = f"'on' must be on or after the diagnosis date {tumour.diagnosis_date} (got {on})"
        raise VigilError(msg)
    return (on - tumour.diagnosis_date).days / 365.25
