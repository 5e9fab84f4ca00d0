"""PREDICT's inputs as numeric arrays, and the documented steps that impute unknowns.

The typed cohort frame (``docs/cohort-table.md``) holds codes as ``pl.Enum`` and numbers as
``Float64`` (NaN for ``unknown``). :func:`inputs_from_frame` is the one adapter from that
frame to arrays; the model itself sees only :class:`PredictInputs`.

Unknowns are imputed here, by name, with the values the reference implementation uses
(github WintonCentre/predict-v30-r, commit 42223bc; the same values are in the PREDICT web
tool's adapter, WintonCentre/predict-v21-main ``src/cljs/predict3/models/adapters/predict2.cljs``):

- grade unknown → 2.13 (:data:`UNKNOWN_GRADE`), then each version's grade rule applies;
- mode of detection unknown → 0.204 (:data:`UNKNOWN_SCREEN_DETECTED`);
- HER2, Ki-67 or PR unknown → no term (log hazard ratio 0), :func:`marker_log_hr`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from enum import IntEnum
from functools import lru_cache

import numpy as np
import polars as pl
from numpy.typing import NDArray

from vigil.errors import VigilError
from vigil.risk.predict._coefficients import MarkerEffect

__all__ = [
    "MICROMETASTASES_NODES",
    "UNKNOWN_GRADE",
    "UNKNOWN_SCREEN_DETECTED",
    "ChemoCode",
    "DetectionCode",
    "MarkerCode",
    "PredictInputs",
    "inputs_from_frame",
    "marker_log_hr",
    "model_grade",
    "screen_detected",
]

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]
CodeArray = NDArray[np.int8]

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


def _codes(frame: pl.DataFrame, name: str, mapping: Mapping[str, int], default: int) -> CodeArray:
    """Codes of an Enum (or text) column through ``mapping``; absent or null → ``default``."""
    if name not in frame.columns:
        return np.full(frame.height, default, dtype=np.int8)
    column = frame.get_column(name)
    enum = column.dtype if isinstance(column.dtype, pl.Enum) else pl.Enum(list(mapping))
    if column.dtype != enum:
        column = column.cast(enum)
    lookup = _lookup(enum, tuple(mapping.items()), default)
    # Null (not recorded) takes the last slot of the table, which holds ``default``; it must
    # never borrow the first category's code ("yes" for micrometastases, say).
    physical = column.to_physical().fill_null(len(lookup) - 1).to_numpy()
    out: CodeArray = lookup[physical]
    return out


@lru_cache(maxsize=256)
def _lookup(enum: pl.Enum, mapping: tuple[tuple[str, int], ...], default: int) -> CodeArray:
    # Category -> code table, built once per (enum, mapping): building it costs more than
    # using it when the frame is one patient.
    codes = dict(mapping)
    categories = enum.categories.to_list()
    values = [codes.get(c, default) for c in categories] + [default]  # last slot: null
    table: CodeArray = np.array(values, dtype=np.int8)
    return table


def _numbers(frame: pl.DataFrame, name: str, scored: BoolArray) -> FloatArray:
    """A number column as float64 (null → NaN); refused rows get the placeholder."""
    if name not in frame.columns:
        return np.full(frame.height, _PLACEHOLDER.get(name, np.nan))
    values = frame.get_column(name).cast(pl.Float64).to_numpy()
    if name in _PLACEHOLDER and not scored.all():
        values = np.where(scored, values, _PLACEHOLDER[name])
    return np.asarray(values, dtype=np.float64)


def inputs_from_frame(frame: pl.DataFrame, scored: BoolArray) -> PredictInputs:
    """Map the typed cohort frame to :class:`PredictInputs`.

    Parameters
    ----------
    frame:
        The typed cohort frame. Columns a version does not use may be absent.
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
    nodes = _numbers(frame, "nodes_positive", scored)
    micro = _codes(frame, "micrometastases_only", _YES_NO, 0).astype(bool)
    nodes = np.where(micro & (nodes == 1.0), MICROMETASTASES_NODES, nodes)
    radiotherapy = _codes(frame, "radiotherapy", _YES_NO, 0).astype(bool)
    heart = _numbers(frame, "heart_dose_gy", scored)
    heart = np.where(radiotherapy & scored, heart, 0.0)
    return PredictInputs(
        age_years=_numbers(frame, "age", scored),
        tumour_size_mm=_numbers(frame, "size_mm", scored),
        nodes_positive=nodes,
        grade=_numbers(frame, "grade", scored),
        er_positive=_codes(frame, "er", _ER, 0).astype(bool),
        pr=_codes(frame, "pr", _MARKER, MarkerCode.UNKNOWN),
        her2=_codes(frame, "her2", _MARKER, MarkerCode.UNKNOWN),
        ki67=_codes(frame, "ki67", _MARKER, MarkerCode.UNKNOWN),
        detection=_codes(frame, "detection", _DETECTION, DetectionCode.UNKNOWN),
        chemo=_codes(frame, "chemo", _CHEMO, ChemoCode.NONE),
        endocrine=_codes(frame, "endocrine", _YES_NO, 0).astype(bool),
        trastuzumab=_codes(frame, "trastuzumab", _YES_NO, 0).astype(bool),
        bisphosphonate=_codes(frame, "bisphosphonate", _YES_NO, 0).astype(bool),
        radiotherapy=radiotherapy,
        heart_dose_gy=heart,
        smoker=_codes(frame, "smoker", _YES_NO, 0).astype(bool),
    )
