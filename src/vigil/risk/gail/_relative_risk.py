"""BCRA relative risks (``relative.risk(Raw_Ind = 1)``), vectorised."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from vigil.risk.gail._recode import BcraRecode, bcra_inputs, recode
from vigil.risk.gail._tables import bcrat_tables

__all__ = ["BcraRelativeRisk", "bcra_relative_risk", "relative_risk"]


@dataclass(frozen=True, slots=True)
class BcraRelativeRisk:
    """Relative risks of each woman against a woman with every category 0.

    Attributes
    ----------
    rr_star1:
        ``RR_Star1``: relative risk used at ages below 50.
    rr_star2:
        ``RR_Star2``: relative risk used at ages 50 and over.
    pattern_number:
        ``PatternNumber`` = NB*36 + AM*12 + AF*3 + NR + 1 (1..108).

    All three are NaN where BCRA gives ``NA``. The relative risks need the four categories,
    the hyperplasia multiplier and a valid race; they are computed even for rows refused on
    T1 or T2, as BCRA does (validity is :attr:`BcraRecode.error` alone). The pattern number
    needs only the four categories.
    """

    rr_star1: NDArray[np.float64]
    rr_star2: NDArray[np.float64]
    pattern_number: NDArray[np.float64]


def bcra_relative_risk(
    *,
    T1: ArrayLike,  # noqa: N803  (BCRA's column names)
    T2: ArrayLike,  # noqa: N803
    N_Biop: ArrayLike,  # noqa: N803
    HypPlas: ArrayLike,  # noqa: N803
    AgeMen: ArrayLike,  # noqa: N803
    Age1st: ArrayLike,  # noqa: N803
    N_Rels: ArrayLike,  # noqa: N803
    Race: ArrayLike,  # noqa: N803
) -> BcraRelativeRisk:
    """Relative risks, as ``BCRA::relative.risk(data, Raw_Ind = 1)``.

    Parameters are those of :func:`~vigil.risk.gail.bcra_recode`.

    Returns
    -------
    BcraRelativeRisk
        ``RR_Star1``, ``RR_Star2`` and ``PatternNumber``, one element per woman.

    Raises
    ------
    ValueError
        When an input is not numeric or the lengths differ.

    Notes
    -----
    With the race's coefficients :math:`\\beta` and the categories of
    :func:`~vigil.risk.gail.bcra_recode`:

    .. math::

        LP_1 = \\beta_{NB} NB + \\beta_{AM} AM + \\beta_{AF} AF + \\beta_{NR} NR
               + \\beta_{AF \\times NR} AF \\cdot NR + \\ln R_{Hyp}, \\qquad
        LP_2 = LP_1 + \\beta_{NB \\times age \\ge 50} NB

    and :math:`RR^*_1 = e^{LP_1}`, :math:`RR^*_2 = e^{LP_2}`.

    References
    ----------
    .. [1] Gail MH et al. JNCI 1989;81:1879-86. doi:10.1093/jnci/81.24.1879
    .. [2] Gail MH et al. JNCI 2007;99:1782-92. doi:10.1093/jnci/djm223
    .. [3] Matsuno RK et al. JNCI 2011;103:951-61. doi:10.1093/jnci/djr154
    .. [4] Banegas MP et al. JNCI 2017;109:djw215. doi:10.1093/jnci/djw215
    """
    return relative_risk(
        recode(
            bcra_inputs(
                T1=T1,
                T2=T2,
                N_Biop=N_Biop,
                HypPlas=HypPlas,
                AgeMen=AgeMen,
                Age1st=Age1st,
                N_Rels=N_Rels,
                Race=Race,
            )
        )
    )


def relative_risk(categories: BcraRecode) -> BcraRelativeRisk:
    """:func:`bcra_relative_risk` from already-recoded categories."""
    beta = bcrat_tables().beta
    race = categories.race_code  # 0 (a row of NaN coefficients) where the race is invalid
    nb = categories.biopsy_category
    am = categories.menarche_category
    af = categories.first_birth_category
    nr = categories.relatives_category
    # Log-linear model of Gail 1989 JNCI 81:1879; betas by race from bcrat_coefficients.csv.
    lp1 = (
        beta["beta_biopsies"][race] * nb
        + beta["beta_menarche"][race] * am
        + beta["beta_first_birth"][race] * af
        + beta["beta_relatives"][race] * nr
        + beta["beta_first_birth_x_relatives"][race] * af * nr
        + np.log(categories.hyperplasia_multiplier)
    )
    lp2 = lp1 + beta["beta_biopsies_x_age_50_plus"][race] * nb
    pattern = nb * 36 + am * 12 + af * 3 + nr + 1
    return BcraRelativeRisk(rr_star1=np.exp(lp1), rr_star2=np.exp(lp2), pattern_number=pattern)
