"""PREDICT's inputs as numeric arrays, and the documented steps that impute unknowns.

The typed cohort columns (``docs/cohort-table.md``, as :class:`~vigil.risk._columns.Columns`)
hold codes as contract indexes and numbers as float64 (NaN for ``unknown``).
:func:`inputs_from_columns` is the one adapter from them to arrays; the model itself sees
only :class:`PredictInputs`.

Unknowns are imputed here, by name, with the values the reference implementation uses
(github WintonCentre/predict-v30-r, commit 42223bc; the same values are in the PREDICT web
tool's adapter, WintonCentre/predict-v21-main ``src/cljs/predict3/models/adapters/predict2.cljs``):

- grade unknown → 2.13 (:data:`UNKNOWN_GRADE`), then each version's grade rule applies;
- mode of detection unknown → 0.204 (:data:`UNKNOWN_SCREEN_DETECTED`);
- HER2, Ki-67 or PR unknown → no term (log hazard ratio 0), :func:`marker_log_hr`.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from enum import IntEnum

import numpy as np
import polars as pl

from vigil.errors import VigilError
from vigil.risk._columns import BoolArray, CodeArray, Columns, FloatArray
from vigil.risk.predict._coefficients import MarkerEffect

__all__ = [
    "MICROMETASTASES_NODES",
    "UNKNOWN_GRADE",
    "UNKNOWN_SCREEN_DETECTED",
    "ChemoCode",
    "DetectionCode",
    "MarkerCode",
    "PredictInputs",
    "inputs_from_columns",
    "inputs_from_frame",
    "marker_log_hr",
    "model_grade",
    "screen_detected",
]


UNKNOWN_GRADE = 2.13
"""Grade used for an unknown grade (reference: ``grade.in`` 9 → 2.13)."""

UNKNOWN_SCREEN_DETECTED = 0.204
"""Screen-detection value used for an unknown mode of detection (``screen.in`` 2 → 0.204)."""

MICROMETASTASES_NODES = 0.5
"""Node count that stands for micrometastases only in one node.

The reference has no micrometastases argument; its own test call ``s200()`` in
``R/benefits30.R`` passes ``nodes.in = 0.5``, and the PREDICT web tool sends 0.5 when one
node is positive and it holds micrometastases only (``nodes-v2`` in the adapter above).
"""


class MarkerCode(IntEnum):
    """Status of HER2, Ki-67 or PR."""

    NEGATIVE = 0
    POSITIVE = 1
    UNKNOWN = 2


class DetectionCode(IntEnum):
    """How the cancer was found."""

    SYMPTOMS = 0
    SCREENING = 1
    UNKNOWN = 2


class ChemoCode(IntEnum):
    """Chemotherapy regimen generation."""

    NONE = 0
    SECOND_GEN = 1
    THIRD_GEN = 2


@dataclass(frozen=True, slots=True)
class PredictInputs:
    """One value per patient for every PREDICT input; all arrays are 1-D, same length.

    Attributes
    ----------
    age_years:
        Age at diagnosis, years (validity domain 25-85).
    tumour_size_mm:
        Invasive tumour size, mm (> 0).
    nodes_positive:
        Positive axillary nodes; :data:`MICROMETASTASES_NODES` (0.5) for micrometastases
        only in one node.
    grade:
        Histological grade 1, 2 or 3; NaN for unknown (imputed by :func:`model_grade`).
    er_positive:
        Oestrogen receptor positive.
    pr, her2, ki67:
        :class:`MarkerCode` values. PR is unused by v2.1; Ki-67 is used only when ER+.
    detection:
        :class:`DetectionCode` values.
    chemo:
        :class:`ChemoCode` values.
    endocrine, trastuzumab, bisphosphonate, radiotherapy:
        Treatment chosen. Endocrine acts only when ER+, trastuzumab only when HER2+;
        radiotherapy is unused by v2.1.
    heart_dose_gy:
        Mean heart dose of radiotherapy, Gy (v3.x). v3.1 applies it to every
        radiotherapy column whatever ``radiotherapy`` says, as the reference does.
    smoker:
        Current smoker (v3.x).
    """

    age_years: FloatArray
    tumour_size_mm: FloatArray
    nodes_positive: FloatArray
    grade: FloatArray
    er_positive: BoolArray
    pr: CodeArray
    her2: CodeArray
    ki67: CodeArray
    detection: CodeArray
    chemo: CodeArray
    endocrine: BoolArray
    trastuzumab: BoolArray
    bisphosphonate: BoolArray
    radiotherapy: BoolArray
    heart_dose_gy: FloatArray
    smoker: BoolArray

    def __post_init__(self) -> None:
        lengths = {f.name: getattr(self, f.name).shape for f in fields(self)}
        shapes = set(lengths.values())
        if len(shapes) != 1 or len(next(iter(shapes))) != 1:
            msg = f"PredictInputs arrays must be 1-D and of one length (got shapes {lengths})"
            raise VigilError(msg)

    def __len__(self) -> int:
        return int(self.age_years.shape[0])

    def rows(self, part: slice) -> PredictInputs:
        """The patients in ``part``, as views (no copy)."""
        return PredictInputs(**{f.name: getattr(self, f.name)[part] for f in fields(self)})


def model_grade(grade: FloatArray) -> FloatArray:
    """Grade as the models use it: unknown (NaN) → :data:`UNKNOWN_GRADE` (2.13).

    Each version then applies its own rule (``ErNegativeGrade``): for ER-negative
    tumours v2.1 counts 2.13 as grade 1, v3.0 as grade 2-3 and v3.1 uses it linearly.
    """
    return np.where(np.isnan(grade), UNKNOWN_GRADE, grade)


_SCREEN_BY_DETECTION = np.array([0.0, 1.0, UNKNOWN_SCREEN_DETECTED])  # DetectionCode order


def screen_detected(detection: CodeArray) -> FloatArray:
    """Screen-detection covariate: symptoms 0, screening 1, unknown 0.204."""
    out: FloatArray = _SCREEN_BY_DETECTION[detection]
    return out


def marker_log_hr(codes: CodeArray, effect: MarkerEffect) -> FloatArray:
    """Log hazard ratio of a marker: negative, positive, or 0 when unknown."""
    table = np.array([effect.negative, effect.positive, 0.0])  # MarkerCode order
    out: FloatArray = table[codes]
    return out


_YES_NO = {"yes": 1, "no": 0}
_MARKER = {
    "positive": MarkerCode.POSITIVE,
    "negative": MarkerCode.NEGATIVE,
    "unknown": MarkerCode.UNKNOWN,
}
_DETECTION = {
    "screening": DetectionCode.SCREENING,
    "symptoms": DetectionCode.SYMPTOMS,
    "unknown": DetectionCode.UNKNOWN,
}
_CHEMO = {
    "none": ChemoCode.NONE,
    "second_gen": ChemoCode.SECOND_GEN,
    "third_gen": ChemoCode.THIRD_GEN,
}
_ER = {"positive": 1, "negative": 0, "unknown": 0}

# A harmless patient put in place of refused rows, so their (discarded) arithmetic stays
# finite and warns of nothing.
_PLACEHOLDER = {"age": 50.0, "size_mm": 20.0, "nodes_positive": 1.0, "heart_dose_gy": 0.0}


def _numbers(columns: Columns, name: str, scored: BoolArray) -> FloatArray:
    """A number column as float64 (empty → NaN); refused rows get the placeholder."""
    if not columns.has(name):
        return np.full(columns.height, _PLACEHOLDER.get(name, np.nan))
    values = columns.number(name)
    if name in _PLACEHOLDER and not scored.all():
        values = np.where(scored, values, _PLACEHOLDER[name])
    return values


def inputs_from_frame(frame: pl.DataFrame, scored: BoolArray) -> PredictInputs:
    """:func:`inputs_from_columns` of a typed cohort frame."""
    return inputs_from_columns(Columns.of_frame(frame), scored)


def inputs_from_columns(columns: Columns, scored: BoolArray) -> PredictInputs:
    """Map the typed cohort columns to :class:`PredictInputs`.

    Parameters
    ----------
    columns:
        The typed cohort columns. Columns a version does not use may be absent; an
        absent or empty coded column takes its documented default.
    scored:
        True for rows that passed the model's checks; the others get placeholder
        values (their results are discarded by the caller).

    Notes
    -----
    - ``micrometastases_only`` = yes with one positive node → 0.5 nodes
      (:data:`MICROMETASTASES_NODES`); with more nodes the count is used, as in the web
      tool. Absent or empty means no.
    - ``heart_dose_gy`` counts only when ``radiotherapy`` is yes; otherwise it is 0 (the
      cohort table refuses a dose without radiotherapy).
    """
    nodes = _numbers(columns, "nodes_positive", scored)
    micro = columns.mapped("micrometastases_only", _YES_NO, 0).astype(bool)
    nodes = np.where(micro & (nodes == 1.0), MICROMETASTASES_NODES, nodes)
    radiotherapy = columns.mapped("radiotherapy", _YES_NO, 0).astype(bool)
    heart = _numbers(columns, "heart_dose_gy", scored)
    heart = np.where(radiotherapy & scored, heart, 0.0)
    return PredictInputs(
        age_years=_numbers(columns, "age", scored),
        tumour_size_mm=_numbers(columns, "size_mm", scored),
        nodes_positive=nodes,
        grade=_numbers(columns, "grade", scored),
        er_positive=columns.mapped("er", _ER, 0).astype(bool),
        pr=columns.mapped("pr", _MARKER, MarkerCode.UNKNOWN),
        her2=columns.mapped("her2", _MARKER, MarkerCode.UNKNOWN),
        ki67=columns.mapped("ki67", _MARKER, MarkerCode.UNKNOWN),
        detection=columns.mapped("detection", _DETECTION, DetectionCode.UNKNOWN),
        chemo=columns.mapped("chemo", _CHEMO, ChemoCode.NONE),
        endocrine=columns.mapped("endocrine", _YES_NO, 0).astype(bool),
        trastuzumab=columns.mapped("trastuzumab", _YES_NO, 0).astype(bool),
        bisphosphonate=columns.mapped("bisphosphonate", _YES_NO, 0).astype(bool),
        radiotherapy=radiotherapy,
        heart_dose_gy=heart,
        smoker=columns.mapped("smoker", _YES_NO, 0).astype(bool),
    )
