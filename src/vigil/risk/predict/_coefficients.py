"""PREDICT Breast coefficients: one named set per version, each value with its source.

The three versions share one implementation (``_model.py``); what differs between them is
here, as named coefficients and as explicit switches for the terms a version has or lacks.
Every value was checked against the Winton Centre reference code
(github WintonCentre/predict-v30-r, commit 42223bc, package ``predictv30r`` 0.3.2) as
described in ``tests/fixtures/predict/README.md``; the fixtures there are its output.

References
----------
1. Wishart GC, Azzato EM, Greenberg DC, et al. PREDICT: a new UK prognostic model that
   predicts survival following surgery for invasive breast cancer. Breast Cancer Res
   2010;12:R1. doi:10.1186/bcr2464
2. Candido dos Reis FJ, Wishart GC, Dicks EM, et al. An updated PREDICT breast cancer
   prognostication and treatment benefit prediction model with independent validation.
   Breast Cancer Res 2017;19:58. doi:10.1186/s13058-017-0852-3
3. Grootes I, Wishart GC, Pharoah PDP. An updated PREDICT breast cancer prognostic model
   including the benefits and harms of radiotherapy. npj Breast Cancer 2024.
   doi:10.1038/s41523-024-00612-y
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import Enum, StrEnum

__all__ = [
    "COEFFICIENTS",
    "PREDICT_V21_COEFFICIENTS",
    "PREDICT_V30_COEFFICIENTS",
    "PREDICT_V31_COEFFICIENTS",
    "REFERENCE_COMMIT",
    "REFERENCE_REPOSITORY",
    "YEARS",
    "BaselineHazard",
    "ErNegativeGrade",
    "Grootes2024Index",
    "HarmPlacement",
    "HazardTerm",
    "Her2Effect",
    "MarkerEffect",
    "PredictCoefficients",
    "RadiotherapyEffects",
    "SmokingEffect",
    "Treatment",
    "TreatmentEffects",
    "Version",
    "Wishart2010Index",
]

REFERENCE_REPOSITORY = "github.com/WintonCentre/predict-v30-r"
REFERENCE_COMMIT = "42223bc1150bb9f88058b2801c770aa9ca091830"

YEARS = 15
"""Every version gives annual estimates for years 1..15 after diagnosis."""


class Version(StrEnum):
    """A published PREDICT Breast version."""

    V2_1 = "2.1"
    V3_0 = "3.0"
    V3_1 = "3.1"


class Treatment(StrEnum):
    """An adjuvant treatment, by the one-letter token of the reference's column names."""

    ENDOCRINE = "h"
    RADIOTHERAPY = "r"
    CHEMOTHERAPY = "c"
    TRASTUZUMAB = "t"
    BISPHOSPHONATE = "b"


class ErNegativeGrade(Enum):
    """How the ER-negative breast-cancer index uses grade (after unknown → 2.13)."""

    # v2.1 script: 1 if grade is exactly 2 or 3, else 0, so unknown (2.13) counts as grade 1.
    GRADE_2_OR_3 = "1 if grade is exactly 2 or 3, else 0"
    # benefits30: 1 if grade >= 2, else 0, so unknown (2.13) counts as grade 2 or 3.
    AT_LEAST_GRADE_2 = "1 if grade >= 2, else 0"
    # benefits31: grade enters linearly for both ER groups (unknown is 2.13).
    LINEAR = "grade, linearly"


class HarmPlacement(Enum):
    """Where the other-cause harms of chemotherapy and radiotherapy enter."""

    NONE = "no treatment harms"
    # benefits30 adds them to the one other-cause index every column shares, surgery included.
    EVERY_COLUMN = "in every column, surgery included, when the treatment is chosen"
    # benefits31 adds them only to the columns whose label holds the treatment.
    TREATED_COLUMNS = "only in the columns that include the treatment"


@dataclass(frozen=True, slots=True)
class MarkerEffect:
    """Log hazard ratio of a positive and a negative marker; unknown contributes 0."""

    positive: float
    negative: float


@dataclass(frozen=True, slots=True)
class Her2Effect:
    """HER2 log hazard ratios on breast-cancer death; ER-positive ones by year 1..15."""

    er_positive_positive_by_year: tuple[float, ...]
    er_positive_negative_by_year: tuple[float, ...]
    er_negative: MarkerEffect


@dataclass(frozen=True, slots=True)
class HazardTerm:
    """``coefficient * u**power * (ln u if log else 1)`` with u = t / time_scale_years."""

    coefficient: float
    power: float
    log: bool = False


@dataclass(frozen=True, slots=True)
class BaselineHazard:
    """Baseline cumulative hazard ``H(t) = exp(intercept + sum(terms))``."""

    intercept: float
    terms: tuple[HazardTerm, ...]
    time_scale_years: float = 1.0


@dataclass(frozen=True, slots=True)
class Wishart2010Index:
    """Centred fractional-polynomial indices of PREDICT v2 (refs 1, 2).

    Each ``*_centre`` is subtracted from its transformed variable, as in the reference.
    """

    er_pos_age_inv_sq: float
    er_pos_age_inv_sq_centre: float
    er_pos_age_inv_sq_log: float
    er_pos_age_inv_sq_log_centre: float
    er_pos_size_log: float
    er_pos_size_log_centre: float
    er_pos_nodes_log: float
    er_pos_nodes_log_centre: float
    er_pos_grade: float
    er_pos_screen: float
    er_neg_age: float
    er_neg_age_centre: float
    er_neg_size_sqrt: float
    er_neg_size_sqrt_centre: float
    er_neg_nodes_log: float
    er_neg_nodes_log_centre: float
    er_neg_grade: float
    other_age_sq: float
    other_age_sq_centre: float


@dataclass(frozen=True, slots=True)
class Grootes2024Index:
    """Indices of PREDICT v3.1 on the shifted age A = (age - 24) / 100 (ref 3).

    Names in comments are those of ``inst/extdata/coefficients_v3.csv`` in the reference.
    """

    er_pos_age_inv_sqrt: float
    er_pos_age_sq: float
    er_pos_size: float
    er_pos_nodes_log: float
    er_pos_grade: float
    er_pos_screen: float
    er_pos_year: float
    er_neg_age: float
    er_neg_age_log: float
    er_neg_size_log: float
    er_neg_nodes_log: float
    er_neg_grade: float
    er_neg_screen: float
    er_neg_year: float
    other_age_cubed: float
    other_age_cubed_log: float
    other_year: float
    age_origin_years: float
    age_scale_years: float
    size_scale_mm: float
    years_since_2000: float


@dataclass(frozen=True, slots=True)
class TreatmentEffects:
    """Log hazard ratios of adjuvant therapy on breast-cancer death (refs 2, 3)."""

    endocrine: float
    chemo_second_gen: float
    chemo_third_gen: float
    trastuzumab: float
    bisphosphonate: float


@dataclass(frozen=True, slots=True)
class RadiotherapyEffects:
    """Radiotherapy: its benefit, its cardiac harm, and the population offsets (ref 3).

    The model's baseline describes a population of which ``proportion_treated`` had
    radiotherapy, so both indices carry an offset that removes it, always applied.
    """

    breast_cancer_hr: float
    heart_hr_per_gy: float
    proportion_treated: float
    assumed_mean_heart_dose_gy: float

    @property
    def breast_cancer_log_hr(self) -> float:
        return math.log(self.breast_cancer_hr)

    @property
    def other_log_hr_per_gy(self) -> float:
        return math.log(self.heart_hr_per_gy)

    @property
    def breast_cancer_offset(self) -> float:
        """``ln(1 / (0.31 + 0.69 * 0.82))``: the untreated baseline (benefits30/31)."""
        untreated = 1.0 - self.proportion_treated
        return math.log(1.0 / (untreated + self.proportion_treated * self.breast_cancer_hr))

    @property
    def other_offset(self) -> float:
        """``ln(1 / (0.31 + 0.69 * hr**2))``: the baseline at no heart dose (2 Gy assumed)."""
        untreated = 1.0 - self.proportion_treated
        harm = self.heart_hr_per_gy**self.assumed_mean_heart_dose_gy
        return math.log(1.0 / (untreated + self.proportion_treated * harm))


@dataclass(frozen=True, slots=True)
class SmokingEffect:
    """Current smoking on other-cause death, relative to the population mean (ref 3)."""

    current_hr: float
    population_mean_hr: float

    @property
    def current_log_hr(self) -> float:
        return math.log(self.current_hr / self.population_mean_hr)

    @property
    def not_current_log_hr(self) -> float:
        return math.log(1.0 / self.population_mean_hr)


@dataclass(frozen=True, slots=True)
class PredictCoefficients:
    """Everything that distinguishes one PREDICT version from another."""

    version: Version
    source: str
    index: Wishart2010Index | Grootes2024Index
    er_negative_grade: ErNegativeGrade
    her2: Her2Effect
    ki67_er_positive: MarkerEffect
    pr_er_positive: MarkerEffect | None
    pr_er_negative: MarkerEffect | None
    treatment: TreatmentEffects
    radiotherapy: RadiotherapyEffects | None
    smoking: SmokingEffect | None
    chemo_other_cause_hr: float | None
    harm_placement: HarmPlacement
    # benefits31 adds the heart-dose term to every `r` column whatever the radio flag.
    heart_term_needs_radiotherapy: bool
    baseline_er_positive: BaselineHazard
    baseline_er_negative: BaselineHazard
    baseline_other: BaselineHazard
    chain: tuple[Treatment, ...]


def _by_year(*values: float) -> tuple[float, ...]:
    return values + (0.0,) * (YEARS - len(values))


def _constant(value: float) -> tuple[float, ...]:
    return (value,) * YEARS


# Candido dos Reis 2017 (ref 2), Table 2 and Methods; the 2018 script
# inst/Predict-v2.1-2018-04-07.R of the reference repository.
_WISHART_INDEX = Wishart2010Index(
    er_pos_age_inv_sq=34.53642,
    er_pos_age_inv_sq_centre=0.0287449295,
    er_pos_age_inv_sq_log=-34.20342,
    er_pos_age_inv_sq_log_centre=0.0510121013,
    er_pos_size_log=0.7530729,
    er_pos_size_log_centre=-1.545233938,
    er_pos_nodes_log=0.7060723,
    er_pos_nodes_log_centre=-1.387566896,
    er_pos_grade=0.746655,
    er_pos_screen=-0.22763366,
    er_neg_age=0.0089827,
    er_neg_age_centre=56.3254902,
    er_neg_size_sqrt=2.093446,
    er_neg_size_sqrt_centre=0.5090456276,
    er_neg_nodes_log=0.6260541,
    er_neg_nodes_log_centre=-1.086916249,
    er_neg_grade=1.129091,
    other_age_sq=0.0698252,
    other_age_sq_centre=34.23391957,
)

# HER2: Wishart 2012 (PREDICT Plus) as carried into v2 (ref 2); same for both ER groups.
_HER2_V2 = Her2Effect(
    er_positive_positive_by_year=_constant(0.2413),
    er_positive_negative_by_year=_constant(-0.0762),
    er_negative=MarkerEffect(positive=0.2413, negative=-0.0762),
)

# Ki-67 (> 10 % positive), ER-positive only: Wishart 2014 as carried into v2 (ref 2).
_KI67 = MarkerEffect(positive=0.14904, negative=-0.11333)

# PR (v3.0 and v3.1): benefits30 / benefits31 of the reference, described in ref 3.
_PR_ER_POSITIVE = MarkerEffect(positive=-0.0619, negative=0.2624)
_PR_ER_NEGATIVE = MarkerEffect(positive=-0.2231, negative=0.0296)

# Treatment log hazard ratios (ref 2, Methods; unchanged in ref 3): endocrine HR 0.68,
# chemotherapy 2nd generation 0.78 and 3rd generation 0.64, trastuzumab 0.70,
# bisphosphonates 0.82 (the reference stores the rounded logs used here).
_TREATMENT = TreatmentEffects(
    endocrine=-0.3857,
    chemo_second_gen=-0.248,
    chemo_third_gen=-0.446,
    trastuzumab=-0.3567,
    bisphosphonate=-0.198,
)

# Smoking (ref 3; benefits30/31): current smokers' other-cause HR 1.25 = 0.25 * 2 + 0.75,
# population mean 1.025 = 0.9 + 0.1 * 1.25 (10 % current smokers).
_SMOKING = SmokingEffect(current_hr=1.25, population_mean_hr=1.025)

# Baselines of the v2 models (ref 2): cumulative hazards in years since diagnosis.
_V2_BASELINE_ER_POSITIVE = BaselineHazard(
    intercept=0.7424402,
    terms=(HazardTerm(-7.527762, -0.5), HazardTerm(-1.812513, -0.5, log=True)),
)
_V2_BASELINE_ER_NEGATIVE = BaselineHazard(
    intercept=-1.156036,
    terms=(HazardTerm(0.4707332, -2.0), HazardTerm(-3.51355, -1.0)),
)
_V2_BASELINE_OTHER = BaselineHazard(
    intercept=-6.052919,
    terms=(HazardTerm(1.079863, 0.0, log=True), HazardTerm(0.3255321, 0.5)),
)

PREDICT_V21_COEFFICIENTS = PredictCoefficients(
    version=Version.V2_1,
    source=(
        "Candido dos Reis 2017 (Breast Cancer Res 19:58) with bisphosphonates; reference "
        "script inst/Predict-v2.1-2018-04-07.R (radiotherapy disabled: r.enabled <- 0)"
    ),
    index=_WISHART_INDEX,
    er_negative_grade=ErNegativeGrade.GRADE_2_OR_3,
    her2=_HER2_V2,
    ki67_er_positive=_KI67,
    pr_er_positive=None,
    pr_er_negative=None,
    treatment=_TREATMENT,
    radiotherapy=None,
    smoking=None,
    chemo_other_cause_hr=None,
    harm_placement=HarmPlacement.NONE,
    heart_term_needs_radiotherapy=True,
    baseline_er_positive=_V2_BASELINE_ER_POSITIVE,
    baseline_er_negative=_V2_BASELINE_ER_NEGATIVE,
    baseline_other=_V2_BASELINE_OTHER,
    # v2.1 defines no order; the PREDICT web tool adds h, c, t, b in that order.
    chain=(
        Treatment.ENDOCRINE,
        Treatment.CHEMOTHERAPY,
        Treatment.TRASTUZUMAB,
        Treatment.BISPHOSPHONATE,
    ),
)

PREDICT_V30_COEFFICIENTS = PredictCoefficients(
    version=Version.V3_0,
    source=(
        "Grootes, Wishart & Pharoah 2024 (npj Breast Cancer, doi:10.1038/s41523-024-00612-y) "
        "on the v2.1 indices; reference function benefits30() in R/benefits30.R"
    ),
    index=_WISHART_INDEX,
    er_negative_grade=ErNegativeGrade.AT_LEAST_GRADE_2,
    her2=_HER2_V2,
    ki67_er_positive=_KI67,
    pr_er_positive=_PR_ER_POSITIVE,
    pr_er_negative=_PR_ER_NEGATIVE,
    treatment=_TREATMENT,
    # benefits30: HR 0.82 on breast-cancer death, 1.04 per Gy of mean heart dose on
    # other-cause death, 69 % of the baseline population irradiated, 2 Gy assumed.
    radiotherapy=RadiotherapyEffects(
        breast_cancer_hr=0.82,
        heart_hr_per_gy=1.04,
        proportion_treated=0.69,
        assumed_mean_heart_dose_gy=2.0,
    ),
    smoking=_SMOKING,
    # benefits30: chemotherapy raises other-cause mortality by HR 1.2.
    chemo_other_cause_hr=1.2,
    harm_placement=HarmPlacement.EVERY_COLUMN,
    heart_term_needs_radiotherapy=True,
    baseline_er_positive=_V2_BASELINE_ER_POSITIVE,
    baseline_er_negative=_V2_BASELINE_ER_NEGATIVE,
    baseline_other=_V2_BASELINE_OTHER,
    # benefits30 column order: surg, h, hr, hrc, hrct, hrctb.
    chain=(
        Treatment.ENDOCRINE,
        Treatment.RADIOTHERAPY,
        Treatment.CHEMOTHERAPY,
        Treatment.TRASTUZUMAB,
        Treatment.BISPHOSPHONATE,
    ),
)

# inst/extdata/coefficients_v3.csv of the reference (ref 3), full precision.
_GROOTES_INDEX = Grootes2024Index(
    er_pos_age_inv_sqrt=0.1958986203588129,  # ag1_er1
    er_pos_age_sq=2.929125051895787,  # ag2_er1
    er_pos_size=2.27417420673498,  # sz1_er1
    er_pos_nodes_log=0.6724828209061207,  # nd1_er1
    er_pos_grade=0.7050339629739382,  # gr1_er1
    er_pos_screen=-0.32039363353015476,  # sc1_er1
    er_pos_year=-0.048251370712776756,  # yr1_er1
    er_neg_age=1.7560679383953317,  # ag1_er0
    er_neg_age_log=4.555274634880487,  # ag2_er0
    er_neg_size_log=0.7443277265210039,  # sz1_er0
    er_neg_nodes_log=0.6308590364310884,  # nd1_er0
    er_neg_grade=0.3462287839000938,  # gr1_er0
    er_neg_screen=-0.2110969326598672,  # sc1_er0
    er_neg_year=-0.045504610416172736,  # yr1_er0
    other_age_cubed=4.211443507724736,  # ag_ot_ea.beta.1
    other_age_cubed_log=-31.41202815365277,  # ag_ot_ea.beta.2
    other_year=-0.021186462111818898,  # yr_ot_ea.beta
    age_origin_years=24.0,  # benefits31: A = (age - 24) / 100
    age_scale_years=100.0,
    size_scale_mm=20.0,  # ER-positive size term 1 - exp(-size / 20)
    years_since_2000=17.0,  # benefits31 fixes the year of diagnosis at 2017
)

PREDICT_V31_COEFFICIENTS = PredictCoefficients(
    version=Version.V3_1,
    source=(
        "Grootes, Wishart & Pharoah 2024 (npj Breast Cancer, doi:10.1038/s41523-024-00612-y); "
        "reference function benefits31() in R/benefits31.R with inst/extdata/coefficients_v3.csv"
    ),
    index=_GROOTES_INDEX,
    er_negative_grade=ErNegativeGrade.LINEAR,
    # benefits31: the ER-positive HER2 effect wanes over years 1..9 (positive) and 1..8
    # (negative); the ER-negative one is constant.
    her2=Her2Effect(
        er_positive_positive_by_year=_by_year(
            0.608, 0.532, 0.457, 0.382, 0.307, 0.231, 0.156, 0.081, 0.006
        ),
        er_positive_negative_by_year=_by_year(
            -0.053, -0.046, -0.040, -0.033, -0.027, -0.020, -0.014, -0.007
        ),
        er_negative=MarkerEffect(positive=0.2316, negative=-0.08589),
    ),
    ki67_er_positive=_KI67,
    pr_er_positive=_PR_ER_POSITIVE,
    pr_er_negative=_PR_ER_NEGATIVE,
    treatment=_TREATMENT,
    # benefits31: as v3.0 but 1.02 per Gy of mean heart dose (the package, not its script).
    radiotherapy=RadiotherapyEffects(
        breast_cancer_hr=0.82,
        heart_hr_per_gy=1.02,
        proportion_treated=0.69,
        assumed_mean_heart_dose_gy=2.0,
    ),
    smoking=_SMOKING,
    chemo_other_cause_hr=1.2,
    harm_placement=HarmPlacement.TREATED_COLUMNS,
    heart_term_needs_radiotherapy=False,
    # coefficients_v3.csv: h1_br_* (ER+), h0_br_* (ER-), h_ot_*; u = t / 10.
    baseline_er_positive=BaselineHazard(
        intercept=-2.3193510039281637,
        terms=(
            HazardTerm(-3.622538332641392, -0.5),
            HazardTerm(-0.542240944493945, -0.5, log=True),
        ),
        time_scale_years=10.0,
    ),
    baseline_er_negative=BaselineHazard(
        intercept=-3.0153139765165835,
        terms=(
            HazardTerm(-0.5755380524044251, -1.0),
            HazardTerm(-0.1028439317178058, -1.0, log=True),
        ),
        time_scale_years=10.0,
    ),
    baseline_other=BaselineHazard(
        intercept=-4.845654758283992,
        terms=(
            HazardTerm(1.341348310005262, 0.0, log=True),
            HazardTerm(0.49539394353046057, 1.0),
        ),
        time_scale_years=10.0,
    ),
    # benefits31 reports r -> h -> c -> t -> b.
    chain=(
        Treatment.RADIOTHERAPY,
        Treatment.ENDOCRINE,
        Treatment.CHEMOTHERAPY,
        Treatment.TRASTUZUMAB,
        Treatment.BISPHOSPHONATE,
    ),
)

COEFFICIENTS: dict[Version, PredictCoefficients] = {
    Version.V2_1: PREDICT_V21_COEFFICIENTS,
    Version.V3_0: PREDICT_V30_COEFFICIENTS,
    Version.V3_1: PREDICT_V31_COEFFICIENTS,
}
