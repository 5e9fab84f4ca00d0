"""NCI Breast Cancer Risk Assessment Tool (Gail model), as in the R package BCRA 2.1.2.

Two layers:

* :data:`GAIL` scores the typed cohort frame (``vigil.facts.validate_cohort``) and refuses,
  with a reason, every row outside the model's domain (see ``GAIL.card``);
* :func:`bcra_recode`, :func:`bcra_relative_risk` and :func:`bcra_absolute_risk` take BCRA's
  own input layout and codes and reproduce ``recode.check``, ``relative.risk`` and
  ``absolute.risk`` (``Raw_Ind = 1``), quirks included, vectorised over women.
"""

from vigil.risk.gail._absolute_risk import bcra_absolute_risk
from vigil.risk.gail._card import CARD
from vigil.risk.gail._model import GAIL, GailModel
from vigil.risk.gail._recode import BcraRecode, bcra_recode
from vigil.risk.gail._relative_risk import BcraRelativeRisk, bcra_relative_risk

__all__ = [
    "CARD",
    "GAIL",
    "BcraRecode",
    "BcraRelativeRisk",
    "GailModel",
    "bcra_absolute_risk",
    "bcra_recode",
    "bcra_relative_risk",
]
