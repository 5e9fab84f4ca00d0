"""BCRA absolute risk (``absolute.risk(Raw_Ind = 1)``), vectorised over women."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from vigil.risk.gail._recode import BcraRecode, bcra_inputs, recode
from vigil.risk.gail._relative_risk import BcraRelativeRisk, relative_risk
from vigil.risk.gail._tables import FIRST_AGE, N_AGES, bcrat_tables

__all__ = ["absolute_risk", "bcra_absolute_risk", "integrate_risk"]

_SWITCH_AGE = 50
"""RR_Star2 and the >= 50 value of 1 - AR apply from the one-year piece starting at 50."""


def bcra_absolute_risk(
    *,
    T1: ArrayLike,  # noqa: N803  (BCRA's column names)
    T2: ArrayLike,  # noqa: N803
    N_Biop: ArrayLike,  # noqa: N803
    HypPlas: ArrayLike,  # noqa: N803
    AgeMen: ArrayLike,  # noqa: N803
    Age1st: ArrayLike,  # noqa: N803
    N_Rels: ArrayLike,  # noqa: N803
    Race: ArrayLike,  # noqa: N803
    average_woman: bool = False,
) -> NDArray[np.float64]:
    """Absolute risk of invasive breast cancer from T1 to T2, in percent, as BCRA computes it.

    ``average_woman=False`` is ``BCRA::absolute.risk(data, Raw_Ind = 1, Avg_White = 0)``;
    ``average_woman=True`` is ``Avg_White = 1``, the comparator woman of the same race, age
    and interval with no risk factor.

    Parameters
    ----------
    T1, T2, N_Biop, HypPlas, AgeMen, Age1st, N_Rels, Race:
        As for :func:`~vigil.risk.gail.bcra_recode` (BCRA's layout and codes).
    average_woman:
        Compute the average-woman comparator instead of the woman's own risk.

    Returns
    -------
    numpy.ndarray
        Risk in percent (0-100), one element per woman; NaN where BCRA refuses the row
        (``Error_Ind`` 1) and, for the individual risk, where no relative risk can be formed.

    Raises
    ------
    ValueError
        When an input is not numeric or the lengths differ.

    Notes
    -----
    The interval [T1, T2] is cut at every whole age :math:`a`; a piece of length
    :math:`L_a` uses the hazards of the five-year group containing :math:`a`. With
    :math:`f_a = (1 - AR)_{<50} RR^*_1` for :math:`a < 50` and :math:`(1 - AR)_{\\ge 50}
    RR^*_2` otherwise (:math:`f_a = 1` for the average woman),
    :math:`h_{1,a} = f_a \\lambda_1(a)`, :math:`h_a = h_{1,a} + \\lambda_2(a)`:

    .. math::

        \\text{risk} = \\sum_a \\frac{h_{1,a}}{h_a}
            \\exp\\Big(-\\sum_{b < a} h_b L_b\\Big) \\big(1 - e^{-h_a L_a}\\big)

    Examples
    --------
    A white woman of 37.5 with one biopsy without atypia, menarche at 12, first birth at 19
    and one affected relative (tests/fixtures/bcra/results.csv, ID 1; BCRA 2.1.2 gives
    1.2490212509907819 % and 0.43014431215251103 % for the average woman):

    >>> woman = dict(T1=37.5, T2=42.5, N_Biop=1, HypPlas=0, AgeMen=12, Age1st=19, N_Rels=1, Race=1)
    >>> round(float(bcra_absolute_risk(**woman)[0]), 10)
    1.249021251
    >>> round(float(bcra_absolute_risk(**woman, average_woman=True)[0]), 10)
    0.4301443122

    References
    ----------
    .. [1] Gail MH et al. JNCI 1989;81:1879-86. doi:10.1093/jnci/81.24.1879
    .. [2] Costantino JP et al. Validation studies for models projecting the risk of
       invasive and total breast cancer incidence. JNCI 1999;91:1541-48.
       doi:10.1093/jnci/91.18.1541
    .. [3] BCRA 2.1.2, R package (CRAN, 2020), ``absolute.risk``.
    """
    inputs = bcra_inputs(
        T1=T1,
        T2=T2,
        N_Biop=N_Biop,
        HypPlas=HypPlas,
        AgeMen=AgeMen,
        Age1st=Age1st,
        N_Rels=N_Rels,
        Race=Race,
    )
    categories = recode(inputs)
    risk = absolute_risk(
        categories, relative_risk(categories), inputs.T1, inputs.T2, average_woman=average_woman
    )
    # BCRA reports percent: absolute.risk returns 100 * the probability.
    return 100.0 * risk


def absolute_risk(
    categories: BcraRecode,
    rr: BcraRelativeRisk,
    t1: NDArray[np.float64],
    t2: NDArray[np.float64],
    *,
    average_woman: bool,
) -> NDArray[np.float64]:
    """Probability (0-1) from recoded inputs; NaN where the row gets no risk."""
    if average_woman:
        ok = ~categories.error
    else:
        ok = ~categories.error & np.isfinite(rr.rr_star1) & np.isfinite(rr.rr_star2)
    out = np.full(t1.shape, np.nan)
    rows = np.flatnonzero(ok)
    if rows.size == 0:
        return out
    tables = bcrat_tables()
    race = categories.race_code[rows]
    if average_woman:
        under_50 = over_50 = np.ones(rows.size)
        lambda1, lambda2 = tables.lambda1_average, tables.lambda2_average
    else:
        # f = (1 - AR) * RR*, the < 50 or >= 50 pair (Gail 1989 JNCI 81:1879).
        one_minus_ar = tables.one_minus_ar_by_age
        under_50 = one_minus_ar[race, 0] * rr.rr_star1[rows]
        over_50 = one_minus_ar[race, N_AGES - 1] * rr.rr_star2[rows]
        lambda1, lambda2 = tables.lambda1, tables.lambda2
    out[rows] = integrate_risk(
        t1[rows],
        t2[rows],
        race,
        factor_under_50=under_50,
        factor_50_plus=over_50,
        lambda1=lambda1,
        lambda2=lambda2,
    )
    return out


def integrate_risk(
    t1: NDArray[np.float64],
    t2: NDArray[np.float64],
    race_code: NDArray[np.intp],
    *,
    factor_under_50: NDArray[np.float64],
    factor_50_plus: NDArray[np.float64],
    lambda1: NDArray[np.float64],
    lambda2: NDArray[np.float64],
) -> NDArray[np.float64]:
    """Probability of breast cancer in [t1, t2] with competing mortality, piecewise by year.

    Rows must be valid (20 <= t1 < t2 <= 90, race 1..11). ``lambda1``/``lambda2`` are
    tables by race code and one-year age (see :class:`~vigil.risk.gail._tables.BcratTables`).
    The loop runs over one-year pieces (at most 70); each step works on all rows that still
    have a piece left, so the cost is the total number of pieces, not rows x 70.
    """
    start = np.floor(t1)
    n_pieces = (np.ceil(t2) - start).astype(np.int8)  # 1..70
    # Rows with most pieces first: the rows still active at step k are then a prefix.
    order = np.argsort(-n_pieces, kind="stable")
    t1, t2, start = t1[order], t2[order], start[order]
    under_50, over_50 = factor_under_50[order], factor_50_plus[order]
    n_sorted = n_pieces[order]
    first_index = race_code[order] * N_AGES + (start.astype(np.intp) - FIRST_AGE)
    years_to_50 = _SWITCH_AGE - start
    active = np.cumsum(np.bincount(n_sorted, minlength=N_AGES + 2)[::-1])[::-1]
    flat1, flat2 = lambda1.ravel(), lambda2.ravel()

    risk = np.zeros(t1.size)
    survival = np.ones(t1.size)  # exp(-cumulative hazard) at the start of the piece
    for k in range(int(n_sorted[0]) if n_sorted.size else 0):
        m = int(active[k + 1])  # rows with more than k pieces
        age = start[:m] + k
        # Pieces end at whole ages: [max(T1, a), min(T2, a + 1)].
        length = np.minimum(t2[:m], age + 1)
        length -= np.maximum(t1[:m], age, out=age)
        index = first_index[:m] + k
        h1 = np.where(k < years_to_50[:m], under_50[:m], over_50[:m])
        h1 *= flat1[index]
        h = flat2[index]
        h += h1
        term = np.divide(h1, h, out=h1)
        term *= survival[:m]
        # exp(-h L): the piece's survival; BCRA's (1 - exp(-h L)) kept as written.
        h *= length
        np.negative(h, out=h)
        piece_survival = np.exp(h, out=h)
        term *= 1 - piece_survival
        risk[:m] += term
        survival[:m] *= piece_survival
    out = np.empty_like(risk)
    out[order] = risk
    return out
