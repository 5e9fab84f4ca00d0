"""PREDICT Breast survival, vectorised over patients, years and treatment columns.

One implementation for v2.1, v3.0 and v3.1; the versions differ only through their
:class:`~vigil.risk.predict._coefficients.PredictCoefficients`.

Notes
-----
For treatment column :math:`j` (surgery alone, then the version's treatments added one
at a time) and year :math:`t = 1..15`:

.. math::

    \\Lambda_{br,j}(t) = e^{PI + RX_j} \\sum_{s \\le t} \\Delta H_{br}(s)\\, e^{HER2(s)},
    \\qquad
    \\Lambda_{oth,j}(t) = e^{MI + MX_j} H_{oth}(t)

with :math:`S = e^{-\\Lambda}`. All-cause mortality is :math:`1 - S_{br,j} S_{oth,j}`; its
annual increments are split between causes in proportion to the annual breast-cancer and
other-cause risks, and cumulated (reference step "split", README of
``tests/fixtures/predict``). The HER2 term is folded into the baseline because v3.1 lets it
vary by year; for the other terms this is the reference's sum over years of
:math:`\\Delta H_{br}(t) e^{PI + RX_j}` with the constant factor taken out.

Work is done in blocks of patients (so the (columns, years, block) arrays stay in cache)
on up to two threads; numpy releases the GIL inside each operation.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from vigil.risk.predict._coefficients import (
    COEFFICIENTS,
    YEARS,
    BaselineHazard,
    ErNegativeGrade,
    Grootes2024Index,
    HarmPlacement,
    PredictCoefficients,
    Treatment,
    Version,
    Wishart2010Index,
)
from vigil.risk.predict._inputs import (
    ChemoCode,
    MarkerCode,
    PredictInputs,
    marker_log_hr,
    model_grade,
    screen_detected,
)

__all__ = [
    "HorizonSummary",
    "PredictResult",
    "chain_labels",
    "predict_survival",
    "summarise_at",
]

FloatArray = NDArray[np.float64]

_BLOCK = 4096
_THREADS = 2


@dataclass(frozen=True, slots=True)
class PredictResult:
    """Cumulative mortality by year, for surgery alone and each cumulative treatment set.

    Attributes
    ----------
    version:
        The PREDICT version.
    columns:
        ``"surgery"``, then the treatments added in the version's order, as reference
        labels: v3.1 ``r``, ``r+h``, ``r+h+c``, ``r+h+c+t``, ``r+h+c+t+b``.
    years:
        1..15, years after diagnosis.
    all_cause_mortality, breast_cancer_mortality, other_mortality:
        Fractions, shape (columns, years, patients). Breast-cancer and other-cause
        mortality are cumulative incidences in the presence of the competing cause, and
        sum to all-cause mortality.
    """

    version: Version
    columns: tuple[str, ...]
    years: NDArray[np.int64]
    all_cause_mortality: FloatArray
    breast_cancer_mortality: FloatArray
    other_mortality: FloatArray

    @property
    def overall_survival(self) -> FloatArray:
        """``1 - all_cause_mortality``, shape (columns, years, patients)."""
        out: FloatArray = 1.0 - self.all_cause_mortality
        return out

    def column(self, label: str) -> int:
        """Index of a column label (e.g. ``"h+r+c"``) along the first axis."""
        return self.columns.index(label)


@dataclass(frozen=True, slots=True)
class HorizonSummary:
    """What a score needs, at a few horizons: cheaper than :class:`PredictResult`.

    Attributes
    ----------
    columns:
        As in :class:`PredictResult`.
    horizons:
        Years after diagnosis.
    overall_survival:
        Shape (columns, horizons, patients).
    breast_cancer_mortality_surgery, breast_cancer_mortality_treated:
        Shape (horizons, patients): surgery alone, and the last column (every treatment
        the patient chose).
    """

    columns: tuple[str, ...]
    horizons: tuple[int, ...]
    overall_survival: FloatArray
    breast_cancer_mortality_surgery: FloatArray
    breast_cancer_mortality_treated: FloatArray


def chain_labels(version: Version) -> tuple[str, ...]:
    """Column labels of a version: surgery, then its treatments cumulated in order."""
    chain = [t.value for t in COEFFICIENTS[version].chain]
    return ("surgery", *("+".join(chain[: i + 1]) for i in range(len(chain))))


def predict_survival(version: Version, inputs: PredictInputs) -> PredictResult:
    """Cumulative all-cause, breast-cancer and other-cause mortality, years 1..15.

    Parameters
    ----------
    version:
        PREDICT version.
    inputs:
        One value per patient. No domain checks are made here: as in the reference,
        inputs outside the domain give whatever the formulas give (v3.1 gives NaN at
        age <= 24). The models' ``score`` refuses such rows.

    Returns
    -------
    PredictResult
        Arrays of shape (columns, 15, patients).
    """
    coefs = COEFFICIENTS[version]
    labels = chain_labels(version)
    n = len(inputs)
    shape = (len(labels), YEARS, n)
    all_cause, breast, other = np.empty(shape), np.empty(shape), np.empty(shape)
    every = np.arange(len(labels))

    def block(part: slice) -> None:
        index = _indices(coefs, inputs.rows(part))
        a, b, o = _mortality(index, every)
        all_cause[:, :, part], breast[:, :, part], other[:, :, part] = a, b, o

    _for_blocks(n, block)
    return PredictResult(
        version=version,
        columns=labels,
        years=np.arange(1, YEARS + 1, dtype=np.int64),
        all_cause_mortality=all_cause,
        breast_cancer_mortality=breast,
        other_mortality=other,
    )


def summarise_at(
    version: Version, inputs: PredictInputs, horizons: tuple[int, ...] = (5, 10, 15)
) -> HorizonSummary:
    """Overall survival of every column and breast-cancer mortality of surgery alone and
    of all treatments, at ``horizons`` (years 1..15).

    Overall survival is :math:`S_{br} S_{oth}` evaluated at the horizons only;
    breast-cancer mortality needs the yearly split, so it is computed for two columns.
    """
    if not horizons or any(not 1 <= h <= YEARS for h in horizons):
        msg = f"horizons must be years in 1..{YEARS} (got {horizons})"
        raise ValueError(msg)
    coefs = COEFFICIENTS[version]
    labels = chain_labels(version)
    n = len(inputs)
    at = np.asarray(horizons, dtype=np.intp) - 1
    survival = np.empty((len(labels), len(horizons), n))
    breast_surgery = np.empty((len(horizons), n))
    breast_treated = np.empty((len(horizons), n))
    ends = np.array([0, len(labels) - 1])

    def block(part: slice) -> None:
        index = _indices(coefs, inputs.rows(part))
        survival[:, :, part] = _survival_at(index, at)
        _, breast, _ = _mortality(index, ends, up_to=int(at.max()) + 1)
        breast_surgery[:, part] = breast[0][at]
        breast_treated[:, part] = breast[1][at]

    _for_blocks(n, block)
    return HorizonSummary(
        columns=labels,
        horizons=tuple(horizons),
        overall_survival=survival,
        breast_cancer_mortality_surgery=breast_surgery,
        breast_cancer_mortality_treated=breast_treated,
    )


def _for_blocks(n: int, work: Callable[[slice], None]) -> None:
    """Run ``work`` on blocks of patients, on two threads when there are several blocks."""
    parts = [slice(start, min(start + _BLOCK, n)) for start in range(0, n, _BLOCK)]
    if len(parts) <= 1:
        for part in parts:
            _quietly(work, part)
        return
    with ThreadPoolExecutor(max_workers=_THREADS) as pool:
        for _ in pool.map(lambda part: _quietly(work, part), parts):
            pass


def _quietly(work: Callable[[slice], None], part: slice) -> None:
    # Out-of-domain inputs give NaN or inf, silently, as in the reference (the models'
    # score refuses such rows first). errstate is thread-local, so each call sets it.
    with np.errstate(all="ignore"):
        work(part)


@dataclass(frozen=True, slots=True)
class _Indices:
    """Per block: log relative hazards by column, and each patient's baselines."""

    breast: FloatArray  # (columns, m): PI + RX_j, without the HER2 term
    other: FloatArray  # (columns or 1, m): MI + MX_j
    breast_baseline: FloatArray  # (years, m): cumulative baseline with the HER2 term
    other_baseline: FloatArray  # (years,)


@dataclass(frozen=True, slots=True)
class _Baselines:
    # (2 * 3, years): cumulative baseline hazard of breast-cancer death with the HER2
    # term folded in; row = er_positive * 3 + MarkerCode of HER2.
    breast: FloatArray
    other: FloatArray  # (years,)


def _cumulative_hazard(baseline: BaselineHazard) -> FloatArray:
    u = np.arange(1, YEARS + 1, dtype=np.float64) / baseline.time_scale_years
    log_h = np.full(YEARS, baseline.intercept)
    for term in baseline.terms:
        log_h += term.coefficient * u**term.power * (np.log(u) if term.log else 1.0)
    out: FloatArray = np.exp(log_h)
    return out


def _her2_by_year(coefs: PredictCoefficients, er_positive: bool, code: MarkerCode) -> FloatArray:
    her2 = coefs.her2
    if code is MarkerCode.UNKNOWN:
        return np.zeros(YEARS)  # unknown HER2: no term (README, quirk 7)
    if er_positive:
        positive, negative = her2.er_positive_positive_by_year, her2.er_positive_negative_by_year
        return np.asarray(positive if code is MarkerCode.POSITIVE else negative)
    effect = her2.er_negative
    return np.full(YEARS, effect.positive if code is MarkerCode.POSITIVE else effect.negative)


@functools.cache
def _baselines(version: Version) -> _Baselines:
    coefs = COEFFICIENTS[version]
    rows = np.empty((6, YEARS))
    for er_positive, baseline in (
        (False, coefs.baseline_er_negative),
        (True, coefs.baseline_er_positive),
    ):
        annual = np.diff(_cumulative_hazard(baseline), prepend=0.0)
        for code in MarkerCode:
            her2 = _her2_by_year(coefs, er_positive, code)
            rows[int(er_positive) * 3 + code] = np.cumsum(annual * np.exp(her2))
    rows.setflags(write=False)
    other = _cumulative_hazard(coefs.baseline_other)
    other.setflags(write=False)
    return _Baselines(breast=rows, other=other)


def _indices(coefs: PredictCoefficients, x: PredictInputs) -> _Indices:
    base = _baselines(coefs.version)
    effects, harms = _treatment_terms(coefs, x)
    breast = _running_sum(np.vstack([_breast_index(coefs, x), *effects]), axis=0)
    other_index = _other_index(coefs, x)
    if coefs.harm_placement is HarmPlacement.EVERY_COLUMN:
        # benefits30 puts the chemotherapy and radiotherapy harms in the index every
        # column shares, surgery included (quirk 2 of the fixture README).
        other = np.sum(np.vstack([other_index, *harms]), axis=0)[None, :]
    elif coefs.harm_placement is HarmPlacement.TREATED_COLUMNS:
        # benefits31: each column's index carries the harms of its own treatments only.
        other = _running_sum(np.vstack([other_index, *harms]), axis=0)
    else:
        other = other_index[None, :]
    row = x.er_positive.astype(np.intp) * 3 + x.her2.astype(np.intp)
    return _Indices(
        breast=breast,
        other=other,
        breast_baseline=base.breast.T[:, row],
        other_baseline=base.other,
    )


def _treatment_terms(
    coefs: PredictCoefficients, x: PredictInputs
) -> tuple[list[FloatArray], list[FloatArray]]:
    """Per treatment in chain order: log HR on breast-cancer death, and on other causes.

    A treatment's effect is 0 when the patient does not receive it or it cannot act
    (endocrine needs ER+, trastuzumab HER2+), as in the reference.
    """
    fx = coefs.treatment
    chemo_lhr = np.array([0.0, fx.chemo_second_gen, fx.chemo_third_gen])  # ChemoCode order
    zero = np.zeros(len(x))
    effects: list[FloatArray] = []
    harms: list[FloatArray] = []
    for treatment in coefs.chain:
        harm = zero
        if treatment is Treatment.ENDOCRINE:
            effect = np.where(x.endocrine & x.er_positive, fx.endocrine, 0.0)
        elif treatment is Treatment.CHEMOTHERAPY:
            effect = chemo_lhr[x.chemo]
            if coefs.chemo_other_cause_hr is not None:
                chemo_harm = math.log(coefs.chemo_other_cause_hr)
                harm = np.where(x.chemo != ChemoCode.NONE, chemo_harm, 0.0)
        elif treatment is Treatment.TRASTUZUMAB:
            her2_positive = x.her2 == MarkerCode.POSITIVE
            effect = np.where(x.trastuzumab & her2_positive, fx.trastuzumab, 0.0)
        elif treatment is Treatment.BISPHOSPHONATE:
            # Applied whatever the menopausal status, as in every version of the reference.
            effect = np.where(x.bisphosphonate, fx.bisphosphonate, 0.0)
        else:
            rt = coefs.radiotherapy
            if rt is None:  # pragma: no cover - v2.1 has no radiotherapy in its chain
                msg = f"PREDICT v{coefs.version} has no radiotherapy term"
                raise ValueError(msg)
            effect = np.where(x.radiotherapy, rt.breast_cancer_log_hr, 0.0)
            dose = rt.other_log_hr_per_gy * x.heart_dose_gy
            # v3.0 gates the heart term on radiotherapy; v3.1 does not (quirk 5).
            harm = (
                np.where(x.radiotherapy, dose, 0.0) if coefs.heart_term_needs_radiotherapy else dose
            )
        effects.append(effect)
        harms.append(harm)
    return effects, harms


def _breast_index(coefs: PredictCoefficients, x: PredictInputs) -> FloatArray:
    """Breast-cancer prognostic index PI, without HER2 (folded into the baseline)."""
    grade = model_grade(x.grade)
    screen = screen_detected(x.detection)
    index = coefs.index
    if isinstance(index, Wishart2010Index):
        er_pos, er_neg = _wishart_breast(index, coefs.er_negative_grade, x, grade, screen)
    else:
        er_pos, er_neg = _grootes_breast(index, x, grade, screen)
    # Ki-67 counts for ER-positive tumours only, in every version.
    er_pos += marker_log_hr(x.ki67, coefs.ki67_er_positive)
    if coefs.pr_er_positive is not None and coefs.pr_er_negative is not None:
        er_pos += marker_log_hr(x.pr, coefs.pr_er_positive)
        er_neg += marker_log_hr(x.pr, coefs.pr_er_negative)
    pi: FloatArray = np.where(x.er_positive, er_pos, er_neg)
    if coefs.radiotherapy is not None:
        # benefits30/31 always add the untreated-population offset (quirk 4).
        pi += coefs.radiotherapy.breast_cancer_offset
    return pi


def _er_negative_grade(rule: ErNegativeGrade, grade: FloatArray) -> FloatArray:
    if rule is ErNegativeGrade.GRADE_2_OR_3:
        term: FloatArray = ((grade == 2.0) | (grade == 3.0)).astype(np.float64)
    elif rule is ErNegativeGrade.AT_LEAST_GRADE_2:
        term = (grade >= 2.0).astype(np.float64)
    else:
        term = grade
    return term


def _wishart_breast(
    c: Wishart2010Index,
    rule: ErNegativeGrade,
    x: PredictInputs,
    grade: FloatArray,
    screen: FloatArray,
) -> tuple[FloatArray, FloatArray]:
    # Candido dos Reis 2017 (Breast Cancer Res 19:58), ER-specific indices.
    age = x.age_years
    inv_sq = (age / 10.0) ** -2.0
    log_nodes = np.log((x.nodes_positive + 1.0) / 10.0)
    er_pos = (
        c.er_pos_age_inv_sq * (inv_sq - c.er_pos_age_inv_sq_centre)
        + c.er_pos_age_inv_sq_log * (inv_sq * np.log(age / 10.0) - c.er_pos_age_inv_sq_log_centre)
        + c.er_pos_size_log * (np.log(x.tumour_size_mm / 100.0) - c.er_pos_size_log_centre)
        + c.er_pos_nodes_log * (log_nodes - c.er_pos_nodes_log_centre)
        + c.er_pos_grade * grade
        + c.er_pos_screen * screen
    )
    # No screening or Ki-67 term for ER-negative tumours in v2.1 and v3.0.
    er_neg = (
        c.er_neg_age * (age - c.er_neg_age_centre)
        + c.er_neg_size_sqrt * (np.sqrt(x.tumour_size_mm / 100.0) - c.er_neg_size_sqrt_centre)
        + c.er_neg_nodes_log * (log_nodes - c.er_neg_nodes_log_centre)
        + c.er_neg_grade * _er_negative_grade(rule, grade)
    )
    return er_pos, er_neg


def _shifted_age(c: Grootes2024Index, age: FloatArray) -> FloatArray:
    # benefits31 shifts age first: A = (age - 24) / 100; A <= 0 (age <= 24) gives NaN.
    out: FloatArray = (age - c.age_origin_years) / c.age_scale_years
    return out


def _grootes_breast(
    c: Grootes2024Index, x: PredictInputs, grade: FloatArray, screen: FloatArray
) -> tuple[FloatArray, FloatArray]:
    # Grootes, Wishart & Pharoah 2024; benefits31 with coefficients_v3.csv.
    a = _shifted_age(c, x.age_years)
    log_nodes = np.log(x.nodes_positive + 1.0)
    er_pos = (
        c.er_pos_age_inv_sqrt * a**-0.5
        + c.er_pos_age_sq * a**2
        + c.er_pos_size * (1.0 - np.exp(-x.tumour_size_mm / c.size_scale_mm))
        + c.er_pos_nodes_log * log_nodes
        + c.er_pos_grade * grade
        + c.er_pos_screen * screen
        + c.er_pos_year * c.years_since_2000
    )
    er_neg = (
        c.er_neg_age * a
        + c.er_neg_age_log * a * np.log(a)
        + c.er_neg_size_log * np.log(x.tumour_size_mm)
        + c.er_neg_nodes_log * log_nodes
        + c.er_neg_grade * grade
        + c.er_neg_screen * screen
        + c.er_neg_year * c.years_since_2000
    )
    return er_pos, er_neg


def _other_index(coefs: PredictCoefficients, x: PredictInputs) -> FloatArray:
    """Other-cause index MI before treatment harms."""
    index = coefs.index
    if isinstance(index, Wishart2010Index):
        # Candido dos Reis 2017: 0.0698252 * ((age / 10)^2 - 34.23391957).
        mi = index.other_age_sq * ((x.age_years / 10.0) ** 2 - index.other_age_sq_centre)
    else:
        a = _shifted_age(index, x.age_years)
        cubed = a**3
        mi = (
            index.other_age_cubed * cubed
            + index.other_age_cubed_log * cubed * np.log(a)
            + index.other_year * index.years_since_2000
        )
    if coefs.radiotherapy is not None:
        mi = mi + coefs.radiotherapy.other_offset  # always applied (quirk 4)
    if coefs.smoking is not None:
        s = coefs.smoking
        mi = mi + np.where(x.smoker, s.current_log_hr, s.not_current_log_hr)
    out: FloatArray = np.asarray(mi, dtype=np.float64)
    return out


def _running_sum(values: FloatArray, axis: int) -> FloatArray:
    """Cumulative sum along ``axis`` by one vectorised add per step.

    ``np.cumsum`` off the last axis is some 20 times slower for these shapes.
    """
    out = np.empty_like(values)
    source, target = np.moveaxis(values, axis, 0), np.moveaxis(out, axis, 0)
    target[0] = source[0]
    for step in range(1, source.shape[0]):
        np.add(target[step - 1], source[step], out=target[step])
    return out


def _annual(survival: FloatArray) -> FloatArray:
    """Annual risk from survival along the years axis (axis 1): S(t-1) - S(t), S(0) = 1."""
    out = np.empty_like(survival)
    np.subtract(1.0, survival[:, :1], out=out[:, :1])
    np.subtract(survival[:, :-1], survival[:, 1:], out=out[:, 1:])
    return out


def _mortality(
    index: _Indices, columns: NDArray[np.intp], up_to: int = YEARS
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """All-cause, breast-cancer and other mortality, shape (len(columns), up_to, m)."""
    breast_base = index.breast_baseline[:up_to]
    s_breast = np.exp(-np.exp(index.breast[columns])[:, None, :] * breast_base[None, :, :])
    other_rows = columns if index.other.shape[0] > 1 else np.zeros(1, dtype=np.intp)
    hazard = np.exp(index.other[other_rows])[:, None, :] * index.other_baseline[:up_to, None]
    s_other = np.exp(-hazard)
    s_all = s_breast * s_other
    m_breast = _annual(s_breast)
    m_other = _annual(s_other)
    m_all = _annual(s_all)
    # Reference step "split": annual deaths shared in proportion to the cause-specific risks.
    breast_deaths = m_breast / (m_breast + m_other) * m_all
    breast = _running_sum(breast_deaths, axis=1)
    all_cause = 1.0 - s_all
    return all_cause, breast, all_cause - breast


def _survival_at(index: _Indices, at: NDArray[np.intp]) -> FloatArray:
    """Overall survival S_br * S_oth of every column at years ``at + 1``."""
    breast_base = index.breast_baseline[at]
    s_breast = np.exp(-np.exp(index.breast)[:, None, :] * breast_base[None, :, :])
    hazard = np.exp(index.other)[:, None, :] * index.other_baseline[at, None]
    out: FloatArray = s_breast * np.exp(-hazard)
    return out
