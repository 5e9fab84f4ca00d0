"""The model card of the Gail model (NCI BCRAT) as Vigil implements it."""

from __future__ import annotations

from vigil.risk._base import ModelCard

__all__ = ["CARD", "MIN_AGE_YEARS", "PROJECTION_END_AGE_YEARS"]

MIN_AGE_YEARS = 35.0
"""Youngest age scored. The NCI BCRAT was developed for, and only calculates risk for,
women aged 35 or older (NCI BCRAT, bcrisktool.cancer.gov); USPSTF 2019 (JAMA 322:857) and
ASCO 2019 (JCO 37:3152) address risk-reducing drugs for women aged 35 and over."""

PROJECTION_END_AGE_YEARS = 90.0
"""BCRA projects to age 90 at most (T2 <= 90); lifetime risk is risk to age 90."""

FIVE_YEARS = 5.0
"""Horizon of the short-term risk, years (BCRAT's "5-year risk")."""

CARD = ModelCard(
    id="gail",
    name="NCI Breast Cancer Risk Assessment Tool (Gail model)",
    version="BCRA 2.1.2",
    source=(
        "Gail MH, Brinton LA, Byar DP, et al. JNCI 1989;81(24):1879-86, "
        "doi:10.1093/jnci/81.24.1879 (relative risks, white women); "
        "Costantino JP, Gail MH, Pee D, et al. JNCI 1999;91(18):1541-48, "
        "doi:10.1093/jnci/91.18.1541 (invasive-cancer version used by BCRAT); "
        "Gail MH, Costantino JP, Pee D, et al. JNCI 2007;99(23):1782-92, "
        "doi:10.1093/jnci/djm223 (African-American women, CARE); "
        "Matsuno RK, Costantino JP, Ziegler RG, et al. JNCI 2011;103(12):951-61, "
        "doi:10.1093/jnci/djr154 (Asian and Pacific Islander women, AABCS); "
        "Banegas MP, John EM, Slattery ML, et al. JNCI 2017;109(2):djw215, "
        "doi:10.1093/jnci/djw215 (Hispanic women, SFBCS)"
    ),
    reference_implementation=(
        "R package BCRA 2.1.2 (Fanni Zhang; CRAN 2020-07-10; github.com/cran/BCRA commit "
        "05bfdea1a18c78f411afa9c8c0fbcdf0ccae7499; GPL (>= 2)): recode.check, relative.risk "
        "and absolute.risk with Raw_Ind = 1. Reproduced on 346 reference women "
        "(tests/fixtures/bcra): every refusal and category exactly, relative risks to "
        "1e-15 and risks to 1e-12 (relative). Rates and coefficients are BCRA's numbers, "
        "in vigil/risk/data/bcrat_*.csv."
    ),
    intended_use=(
        "Estimate a woman's absolute risk of invasive breast cancer over the next five years "
        "and to age 90, next to that of an average woman of the same age and race, to inform "
        "counselling about screening and risk-reducing medication. For women aged 35 or older "
        "(NCI BCRAT) with no history of invasive breast cancer, DCIS or LCIS, no chest "
        "radiation (e.g. for Hodgkin lymphoma) and no known BRCA1/BRCA2 mutation; the tool "
        "cannot estimate risk accurately in those groups (NCI BCRAT). ASCO 2019 (Visvanathan K "
        "et al., JCO 2019;37(33):3152-65, doi:10.1200/JCO.19.01472) recommends discussing "
        "tamoxifen or raloxifene with women aged 35 or older whose 5-year risk is 1.66 % or "
        "more (the NSABP P-1 entry threshold; Fisher B et al., JNCI 1998;90:1371, "
        "doi:10.1093/jnci/90.18.1371). USPSTF 2019 (JAMA 2019;322(9):857-67, "
        "doi:10.1001/jama.2019.11885) names BCRAT among usable tools and sets no single "
        "cut-off. Not a diagnostic test; it does not say which woman will develop cancer."
    ),
    validity_domain=(
        "age 35 to below 90 years (today's age; unaffected women)",
        "5-year risk is over [age, min(age + 5, 90)]: from age 85 it covers only the years "
        "left to 90 and equals the lifetime risk",
        "lifetime risk is over [age, 90]",
        "race one of the 11 BCRAT groups; 'other' (Native American or unknown) uses the "
        "model, rates and comparator of white women, as BCRA does",
        "unknown age at menarche, age at first birth, relatives or biopsies are allowed and "
        "count as the reference category (BCRA code 99)",
        "atypical_hyperplasia is used only when at least one biopsy is recorded; with 0 "
        "biopsies it is ignored, with an unknown number of biopsies it must be unknown "
        "(BCRA refuses otherwise)",
    ),
    inputs=(
        "age",
        "age_menarche",
        "age_first_birth (with nulliparous)",
        "relatives",
        "biopsies",
        "atypical_hyperplasia",
        "race",
    ),
    outputs={
        "gail_5y": "probability (0-1) of invasive breast cancer from age to min(age + 5, 90), "
        "with competing mortality (BCRA absolute.risk, Avg_White = 0, divided by 100)",
        "gail_lifetime": "probability (0-1) of invasive breast cancer from age to 90",
        "gail_5y_average": "the same 5-year probability for an average woman of the same "
        "age and race (BCRA Avg_White = 1)",
        "gail_lifetime_average": "the same lifetime probability for an average woman",
        "gail_relative_risk_under_50": "relative risk at ages below 50 (BCRA RR_Star1), "
        "against a woman of the same race with every risk factor in its lowest category",
        "gail_relative_risk_50_plus": "relative risk at ages 50 and over (BCRA RR_Star2)",
        "gail_refused": "why the row was not scored (null when scored)",
    },
    notes=(
        "Women aged 20-34 are refused although BCRA itself computes from age 20: the NCI "
        "tool, the guidelines and the validation studies concern women aged 35 or older.",
        "Age at or above 90 is refused: BCRA has no rates beyond 90 (it refuses T1 >= 90).",
        "Every input BCRA 2.1.2 refuses is refused, with the field and value named.",
        "BCRA accepts some odd inputs (tests/fixtures/bcra, IDs 314-320): a non-integer, "
        "negative or 98 biopsy count counted as 2+, an age at first birth below menarche or "
        "after today's age for African-American women, any age at first birth when menarche "
        "is unknown. The raw functions (bcra_recode, bcra_relative_risk, bcra_absolute_risk) "
        "reproduce them exactly. The cohort table cannot express most of them (biopsies and "
        "relatives are whole numbers in range; first birth must lie between menarche and "
        "today's age); those it can, this model scores as BCRA does.",
        "Empty (missing) inputs are refused: BCRA's own handling of NA is inconsistent.",
        "The African-American model does not use age at first birth; the US-born Hispanic "
        "model does not use age at menarche (BCRA regrouping).",
        "Risks are not calibrated to any population other than those of the source studies "
        "(mainly US women); the rates are SEER/NCHS 1983-2004.",
    ),
)
