"""NCI Breast Cancer Risk Assessment Tool (Gail model), as in the R package BCRA 2.1.2."""

from vigil.risk.gail._absolute_risk import bcra_absolute_risk
from vigil.risk.gail._recode import BcraRecode, bcra_recode
from vigil.risk.gail._relative_risk import BcraRelativeRisk, bcra_relative_risk

__all__ = [
    "BcraRecode",
    "BcraRelativeRisk",
    "bcra_absolute_risk",
    "bcra_recode",
    "bcra_relative_risk",
]
