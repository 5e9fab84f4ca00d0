"""Coded values used in patient facts.

Each enum's values are the codes accepted in JSON documents and in the cohort table
(``docs/cohort-table.md``), so they are part of the public contract.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final, Literal

__all__ = [
    "UNKNOWN",
    "ChemoGeneration",
    "Detection",
    "EndocrineAgent",
    "Germline",
    "Her2Category",
    "Her2Ihc",
    "Her2Ish",
    "Histology",
    "Laterality",
    "Menopause",
    "NodeStage",
    "Race",
    "ReceptorStatus",
    "Setting",
    "Sex",
    "Smoking",
    "SurgeryType",
    "TriState",
    "Unknown",
]

Unknown = Literal["unknown"]
"""The value a user chooses to say "this is not known". Missing (absent) is different."""

UNKNOWN: Final[Unknown] = "unknown"


class Sex(StrEnum):
    FEMALE = "female"
    MALE = "male"


class Menopause(StrEnum):
    PRE = "pre"
    PERI = "peri"
    POST = "post"
    UNKNOWN = "unknown"


class Laterality(StrEnum):
    LEFT = "left"
    RIGHT = "right"
    BILATERAL = "bilateral"


class Histology(StrEnum):
    DUCTAL_NST = "ductal_nst"
    LOBULAR = "lobular"
    MIXED = "mixed_ductal_lobular"
    MUCINOUS = "mucinous"
    TUBULAR = "tubular"
    OTHER = "other"
    UNKNOWN = "unknown"


class Detection(StrEnum):
    SCREENING = "screening"
    SYMPTOMS = "symptoms"
    UNKNOWN = "unknown"


class ReceptorStatus(StrEnum):
    POSITIVE = "positive"
    NEGATIVE = "negative"
    UNKNOWN = "unknown"


class Her2Ihc(StrEnum):
    """HER2 immunohistochemistry score (ASCO/CAP 2018)."""

    ZERO = "0"
    ONE_PLUS = "1+"
    TWO_PLUS = "2+"
    THREE_PLUS = "3+"


class Her2Ish(StrEnum):
    """HER2 in-situ hybridisation result (ASCO/CAP 2018 groups collapsed to the call)."""

    POSITIVE = "positive"
    NEGATIVE = "negative"
    NOT_DONE = "not_done"


class Her2Category(StrEnum):
    """HER2 category used by Vigil; see :func:`vigil.facts.her2_category`."""

    POSITIVE = "positive"
    LOW = "low"
    ULTRALOW = "ultralow"
    ZERO = "zero"
    NEGATIVE = "negative"  # negative, IHC detail not recorded
    EQUIVOCAL = "equivocal"  # IHC 2+ without an ISH result
    UNKNOWN = "unknown"


class NodeStage(StrEnum):
    """Pathological nodal category from the count of positive axillary nodes (AJCC 8)."""

    N0 = "pN0"
    N1MI = "pN1mi"
    N1 = "pN1"
    N2 = "pN2"
    N3 = "pN3"
    UNKNOWN = "unknown"


class SurgeryType(StrEnum):
    BREAST_CONSERVING = "breast_conserving"
    MASTECTOMY = "mastectomy"
    BILATERAL_MASTECTOMY = "bilateral_mastectomy"
    NONE = "none"


class ChemoGeneration(StrEnum):
    """Chemotherapy regimen generation as PREDICT defines it (Wishart 2012)."""

    NONE = "none"
    SECOND = "second_gen"
    THIRD = "third_gen"


class EndocrineAgent(StrEnum):
    TAMOXIFEN = "tamoxifen"
    AROMATASE_INHIBITOR = "aromatase_inhibitor"
    OVARIAN_SUPPRESSION = "ovarian_suppression"


class Setting(StrEnum):
    ADJUVANT = "adjuvant"
    NEOADJUVANT = "neoadjuvant"


class Germline(StrEnum):
    NONE_FOUND = "none_found"
    BRCA1 = "brca1"
    BRCA2 = "brca2"
    OTHER = "other"
    NOT_TESTED = "not_tested"
    UNKNOWN = "unknown"


class Smoking(StrEnum):
    CURRENT = "current"
    FORMER = "former"
    NEVER = "never"
    UNKNOWN = "unknown"


class TriState(StrEnum):
    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


class Race(StrEnum):
    """Race/ethnicity groups of the NCI BCRAT (R package BCRA 2.1.2, codes 1-11)."""

    WHITE = "white"
    BLACK = "black"
    HISPANIC_US = "hispanic_us"
    OTHER = "other"
    HISPANIC_FOREIGN = "hispanic_foreign"
    CHINESE = "chinese"
    JAPANESE = "japanese"
    FILIPINO = "filipino"
    HAWAIIAN = "hawaiian"
    OTHER_PACIFIC = "other_pacific"
    OTHER_ASIAN = "other_asian"
