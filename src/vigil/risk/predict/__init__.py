"""PREDICT Breast v2.1, v3.0 and v3.1: survival after surgery for early invasive breast
cancer, with and without adjuvant treatments.

One implementation serves the three versions; each is a named coefficient set
(``_coefficients``) with explicit version-gated terms. The typed cohort frame is mapped to
arrays in ``_inputs``, the maths is in ``_model``, and ``_score`` wraps it as risk models
with model cards (``_card``).

- :data:`PREDICT_V21`, :data:`PREDICT_V30`, :data:`PREDICT_V31`: risk models scoring the
  typed cohort frame (5, 10 and 15 years).
- :func:`predict_survival`: every year 1..15 and every cumulative treatment column, from
  :class:`PredictInputs` arrays.

References
----------
1. Wishart GC, et al. Breast Cancer Res 2010;12:R1. doi:10.1186/bcr2464
2. Candido dos Reis FJ, et al. Breast Cancer Res 2017;19:58. doi:10.1186/s13058-017-0852-3
3. Grootes I, Wishart GC, Pharoah PDP. npj Breast Cancer 2024.
   doi:10.1038/s41523-024-00612-y
"""

from vigil.risk.predict._card import HORIZONS, output_columns, predict_card
from vigil.risk.predict._coefficients import (
    COEFFICIENTS,
    PredictCoefficients,
    Treatment,
    Version,
)
from vigil.risk.predict._inputs import (
    MICROMETASTASES_NODES,
    UNKNOWN_GRADE,
    UNKNOWN_SCREEN_DETECTED,
    ChemoCode,
    DetectionCode,
    MarkerCode,
    PredictInputs,
    inputs_from_frame,
)
from vigil.risk.predict._model import (
    HorizonSummary,
    PredictResult,
    chain_labels,
    predict_survival,
    summarise_at,
)
from vigil.risk.predict._score import (
    PREDICT_V21,
    PREDICT_V30,
    PREDICT_V31,
    PredictModel,
    needed_columns,
)

__all__ = [
    "COEFFICIENTS",
    "HORIZONS",
    "MICROMETASTASES_NODES",
    "PREDICT_V21",
    "PREDICT_V30",
    "PREDICT_V31",
    "UNKNOWN_GRADE",
    "UNKNOWN_SCREEN_DETECTED",
    "ChemoCode",
    "DetectionCode",
    "HorizonSummary",
    "MarkerCode",
    "PredictCoefficients",
    "PredictInputs",
    "PredictModel",
    "PredictResult",
    "Treatment",
    "Version",
    "chain_labels",
    "inputs_from_frame",
    "needed_columns",
    "output_columns",
    "predict_card",
    "predict_survival",
    "summarise_at",
]
