"""Relevance to breast cancer recurrence: a documented keyword model.

Each term group has a weight; a term found in the title counts twice, in the summary
once, and each term counts once however often it appears:

=====================  ======  ==========================================================
group                  weight  terms (whole words; a plural ``s`` allowed)
=====================  ======  ==========================================================
recurrence             3.0     recurrence, recur, recurrent, relapse, metastatic,
                               metastasis, metastases, dormancy, dormant, late recurrence
survivorship           2.0     survivor, survivorship, follow-up, surveillance, ctDNA,
                               circulating tumor DNA, minimal residual disease, MRD,
                               liquid biopsy
treatment              1.5     adjuvant, endocrine therapy, hormone therapy, tamoxifen,
                               aromatase inhibitor, CDK4/6, and every drug named in the
                               options catalogue (``options.yaml``)
biology                1.0     HER2, hormone receptor, ER-positive, triple-negative, ESR1,
                               PIK3CA, BRCA, PD-L1
evidence               0.5     trial, FDA, approval, approved, guideline, phase 3
=====================  ======  ==========================================================

The sum is multiplied by 1 when *breast* appears in the title or summary and by 0.25
otherwise (news about other cancers ranks low, not nowhere). :data:`SHOW_FROM` is the
score from which ``vigil news list`` shows an item by default.
"""

from __future__ import annotations

import re
from functools import cache

from vigil.knowledge._options import load_options

__all__ = ["GROUPS", "OFF_TOPIC_FACTOR", "SHOW_FROM", "relevance"]

SHOW_FROM = 3.0
OFF_TOPIC_FACTOR = 0.25
GROUPS: dict[str, tuple[float, tuple[str, ...]]] = {
    "recurrence": (
        3.0,
        ("recurrence", "recur", "recurrent", "relapse", "metastatic", "metastasis",
         "metastases", "dormancy", "dormant", "late recurrence"),
    ),
    "survivorship": (
        2.0,
        ("survivor", "survivorship", "follow-up", "surveillance", "ctdna",
         "circulating tumor dna", "minimal residual disease", "mrd", "liquid biopsy"),
    ),
    "treatment": (
        1.5,
        ("adjuvant", "endocrine therapy", "hormone therapy", "tamoxifen",
         "aromatase inhibitor", "cdk4/6"),
    ),
    "biology": (
        1.0,
        ("her2", "hormone receptor", "er-positive", "triple-negative", "esr1", "pik3ca",
         "brca", "pd-l1"),
    ),
    "evidence": (0.5, ("trial", "fda", "approval", "approved", "guideline", "phase 3")),
}  # fmt: skip


@cache
def _patterns() -> tuple[tuple[float, re.Pattern[str]], ...]:
    drugs = tuple(d for o in load_options().options for d in o.drugs)
    weighted: dict[str, float] = {}
    for name, (weight, terms) in GROUPS.items():
        for term in (*terms, *drugs) if name == "treatment" else terms:
            weighted[term.lower()] = max(weight, weighted.get(term.lower(), 0.0))
    return tuple(
        (weight, re.compile(rf"(?<![\w-]){re.escape(term)}s?(?![\w-])"))
        for term, weight in weighted.items()
    )


def relevance(title: str, summary: str) -> float:
    """The keyword score of a story (see the module notes); 0 when nothing matches."""
    title_l, summary_l = title.lower(), summary.lower()
    score = 0.0
    for weight, pattern in _patterns():
        if pattern.search(title_l):
            score += 2 * weight
        elif pattern.search(summary_l):
            score += weight
    if "breast" not in title_l and "breast" not in summary_l:
        score *= OFF_TOPIC_FACTOR
    return round(score, 2)
