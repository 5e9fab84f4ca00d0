"""Code tables for FHIR export and import, as data: system, code and display.

Each table is written once and read by both directions: the first code of a tuple is
the one emitted, the others are alternatives understood on import. Sources are cited
beside each table; ``docs/fhir.md`` lists every code.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from vigil.facts import (
    EndocrineAgent,
    Her2Ihc,
    Histology,
    Laterality,
    Menopause,
    ReceptorStatus,
    Smoking,
    SurgeryType,
)

SNOMED: Final = "http://snomed.info/sct"
LOINC: Final = "http://loinc.org"
RXNORM: Final = "http://www.nlm.nih.gov/research/umls/rxnorm"
ATC: Final = "http://www.whocc.no/atc"
ICDO3: Final = "http://terminology.hl7.org/CodeSystem/icd-o-3"
ICD10: Final = "http://hl7.org/fhir/sid/icd-10"
ICD10CM: Final = "http://hl7.org/fhir/sid/icd-10-cm"
UCUM: Final = "http://unitsofmeasure.org"
DATA_ABSENT: Final = "http://terminology.hl7.org/CodeSystem/data-absent-reason"
OBSERVATION_CATEGORY: Final = "http://terminology.hl7.org/CodeSystem/observation-category"
MCODE_SD: Final = "http://hl7.org/fhir/us/mcode/StructureDefinition/"
VIGIL: Final = "http://vigil.example/fhir/"
VIGIL_SD: Final = VIGIL + "StructureDefinition/"
VIGIL_CS: Final = VIGIL + "CodeSystem/"
VIGIL_OBSERVATION: Final = VIGIL_CS + "observation"
PATIENT_ID_SYSTEM: Final = VIGIL + "NamingSystem/patient-id"


@dataclass(frozen=True, slots=True)
class Code:
    system: str
    code: str
    display: str

    def coding(self) -> dict[str, str]:
        return {"system": self.system, "code": self.code, "display": self.display}


def _sct(code: str, display: str) -> Code:
    return Code(SNOMED, code, display)


def _lnc(code: str, display: str) -> Code:
    return Code(LOINC, code, display)


def _rx(code: str, display: str) -> Code:
    return Code(RXNORM, code, display)


def _atc(code: str, display: str) -> Code:
    return Code(ATC, code, display)


def _vigil_obs(code: str, display: str) -> Code:
    return Code(VIGIL_OBSERVATION, code, display)


def vigil_code(system_name: str, code: str) -> Code:
    """A code from one of Vigil's own code systems (enum values of the facts)."""
    return Code(VIGIL_CS + system_name, code, code.replace("_", " "))


def ext_url(name: str) -> str:
    return VIGIL_SD + name


# Extensions. mCODE STU4 (HL7/fhir-mCODE-ig 543477b5, SD_Extensions.fsh).
HISTOLOGY_EXT: Final = MCODE_SD + "mcode-histology-morphology-behavior"
LATERALITY_EXT: Final = MCODE_SD + "mcode-laterality-qualifier"
AGE_AT_DIAGNOSIS_EXT: Final = ext_url("age-at-diagnosis")
DETECTION_EXT: Final = ext_url("tumour-detection")
SETTING_EXT: Final = ext_url("treatment-setting")
DERIVED_EXT: Final = ext_url("status-derived-from-measurements")
MICROMETASTASES_EXT: Final = ext_url("micrometastases-only")
HEART_DOSE_EXT: Final = ext_url("mean-heart-dose")
GENERATION_EXT: Final = ext_url("chemotherapy-generation")
PLANNED_DURATION_EXT: Final = ext_url("planned-duration")
PLAN_ITEM_UID_EXT: Final = ext_url("plan-item-uid")
PLAN_ITEM_DUE_EXT: Final = ext_url("plan-item-due")
PLAN_ITEM_KIND_EXT: Final = ext_url("plan-item-kind")
PLAN_RULE_EXT: Final = ext_url("plan-rule")
ADVICE_CATEGORY_EXT: Final = ext_url("advice-category")
END_OF_TREATMENT_EXT: Final = ext_url("end-of-primary-treatment")

# Condition. mCODE extended example (EX_ExtendedExample.fsh) and ICD-10 chapter C50.
BREAST_CANCER: Final = _sct("254837009", "Malignant neoplasm of breast (disorder)")
BREAST_CANCER_ALIASES: Final = (
    _sct("353431000119107", "Primary malignant neoplasm of female left breast (disorder)"),
)
ICD10_BREAST_PREFIX: Final = "C50"

# Laterality: mCODE LateralityQualifierVS; breast structures from the mCODE example.
BREAST_STRUCTURE: Final = _sct("76752008", "Breast structure (body structure)")
BREAST_SITE: Final[dict[Laterality, tuple[Code, ...]]] = {
    Laterality.LEFT: (_sct("80248007", "Left breast structure (body structure)"),),
    Laterality.RIGHT: (_sct("73056007", "Right breast structure (body structure)"),),
}
LATERALITY_QUALIFIER: Final[dict[Laterality, tuple[Code, ...]]] = {
    Laterality.LEFT: (_sct("7771000", "Left (qualifier value)"),),
    Laterality.RIGHT: (_sct("24028007", "Right (qualifier value)"),),
    Laterality.BILATERAL: (_sct("51440002", "Right and left (qualifier value)"),),
}

# Histology: ICD-O-3 morphology (conformant in mCODE HistologyMorphologyBehaviorVS).
HISTOLOGY: Final[dict[Histology, tuple[Code, ...]]] = {
    Histology.DUCTAL_NST: (
        Code(ICDO3, "8500/3", "Infiltrating duct carcinoma, NOS"),
        _sct("82711006", "Infiltrating duct carcinoma (morphologic abnormality)"),
    ),
    Histology.LOBULAR: (Code(ICDO3, "8520/3", "Lobular carcinoma, NOS"),),
    Histology.MIXED: (Code(ICDO3, "8522/3", "Infiltrating duct and lobular carcinoma"),),
    Histology.MUCINOUS: (Code(ICDO3, "8480/3", "Mucinous adenocarcinoma"),),
    Histology.TUBULAR: (Code(ICDO3, "8211/3", "Tubular adenocarcinoma"),),
    Histology.OTHER: (vigil_code("histology", "other"),),
}

# Answers. Positive/negative: SNOMED qualifiers and the LOINC answers of the mCODE example.
STATUS_ANSWERS: Final[dict[ReceptorStatus, tuple[Code, ...]]] = {
    ReceptorStatus.POSITIVE: (_sct("10828004", "Positive"), _lnc("LA6576-8", "Positive")),
    ReceptorStatus.NEGATIVE: (_sct("260385009", "Negative"), _lnc("LA6577-6", "Negative")),
    ReceptorStatus.UNKNOWN: (_sct("261665006", "Unknown"), _lnc("LA4489-6", "Unknown")),
}
EQUIVOCAL: Final = _sct("42425007", "Equivocal")
HER2_IHC_ANSWERS: Final[dict[Her2Ihc, tuple[Code, ...]]] = {
    Her2Ihc.ZERO: (_lnc("LA6111-4", "0"),),
    Her2Ihc.ONE_PLUS: (_lnc("LA11841-6", "1+"),),
    Her2Ihc.TWO_PLUS: (_lnc("LA11842-4", "2+"),),
    Her2Ihc.THREE_PLUS: (_lnc("LA11843-2", "3+"),),
}
# Nottingham grade answers (mCODE example uses LA27824-4); AJCC G1-G3 SNOMED accepted.
GRADE_ANSWERS: Final[dict[int, tuple[Code, ...]]] = {
    1: (_lnc("LA27823-6", "Nottingham grade 1"), _sct("1228848004", "AJCC grade G1")),
    2: (_lnc("LA27824-4", "Nottingham grade 2"), _sct("1228850007", "AJCC grade G2")),
    3: (_lnc("LA27825-1", "Nottingham grade 3"), _sct("1228851006", "AJCC grade G3")),
}
# Menopausal phase: SNOMED codes of DICOM CID 6086.
MENOPAUSE_ANSWERS: Final[dict[Menopause, tuple[Code, ...]]] = {
    Menopause.PRE: (_sct("309606002", "Before menopause"),),
    Menopause.PERI: (_sct("303111005", "During menopause"),),
    Menopause.POST: (_sct("307429007", "After menopause"),),
}
# Smoking status: US Core smoking-status value set (SNOMED).
SMOKING_ANSWERS: Final[dict[Smoking, tuple[Code, ...]]] = {
    Smoking.CURRENT: (
        _sct("77176002", "Smoker (finding)"),
        _sct("449868002", "Smokes tobacco daily (finding)"),
        _sct("428041000124106", "Occasional tobacco smoker (finding)"),
        _sct("428071000124103", "Heavy tobacco smoker (finding)"),
        _sct("428061000124105", "Light tobacco smoker (finding)"),
    ),
    Smoking.FORMER: (_sct("8517006", "Ex-smoker (finding)"),),
    Smoking.NEVER: (_sct("266919005", "Never smoked tobacco (finding)"),),
    Smoking.UNKNOWN: (_sct("266927001", "Tobacco smoking consumption unknown (finding)"),),
}

# Observations. TumorMarkerTestVS and TumorSize of mCODE STU4; Ki-67 85330-9 from the
# German MII pathology IG (not in mCODE); node counts 21893-3/21894-1 as in MII oncology.
ER_STATUS: Final = _lnc("16112-5", "Estrogen receptor [Interpretation] in Tissue")
ER_PRESENCE: Final = (
    _lnc("85337-4", "Estrogen receptor Ag [Presence] in Breast cancer specimen by Immune stain"),
    _lnc("40556-3", "Estrogen receptor Ag [Presence] in Tissue by Immune stain"),
)
ER_PERCENT: Final = _lnc(
    "85329-1", "Cells.estrogen receptor/100 cells in Breast cancer specimen by Immune stain"
)
PR_STATUS: Final = _lnc("16113-3", "Progesterone receptor [Interpretation] in Tissue")
PR_PRESENCE: Final = (
    _lnc(
        "85339-0", "Progesterone receptor Ag [Presence] in Breast cancer specimen by Immune stain"
    ),
    _lnc("40557-1", "Progesterone receptor Ag [Presence] in Tissue by Immune stain"),
)
PR_PERCENT: Final = _lnc(
    "85325-9", "Cells.progesterone receptor/100 cells in Breast cancer specimen by Immune stain"
)
ALLRED: Final = _vigil_obs("allred-score", "Allred score (0-8)")
H_SCORE: Final = _vigil_obs("h-score", "H-score (0-300)")
HER2_STATUS: Final = _lnc("48676-1", "HER2 [Interpretation] in Tissue")
HER2_IHC: Final = _lnc("85319-2", "HER2 [Presence] in Breast cancer specimen by Immune stain")
HER2_ISH: Final = _lnc(
    "85318-4", "ERBB2 gene duplication [Presence] in Breast cancer specimen by FISH"
)
HER2_FAINT: Final = _vigil_obs(
    "her2-ihc-faint-staining", "HER2 IHC 0 with faint incomplete staining in <= 10 % of cells"
)
KI67: Final = _lnc(
    "85330-9", "Cells.Ki-67 nuclear Ag/100 cells in Breast cancer specimen by Immune stain"
)
TUMOUR_SIZE: Final = _lnc("21889-1", "Size Tumor")
TUMOUR_LONGEST: Final = _lnc("33728-7", "Size.maximum dimension in Tumor")
GRADE: Final = _lnc("44648-4", "Histologic grade [Score] in Breast cancer specimen by Nottingham")
NODES_POSITIVE: Final = (
    _lnc("21893-3", "Regional lymph nodes positive [#] Specimen"),
    _sct("443527007", "Number of lymph nodes containing metastatic neoplasm in excised specimen"),
)
NODES_EXAMINED: Final = (
    _lnc("21894-1", "Regional lymph nodes examined [#] Specimen"),
    _sct("444025001", "Number of lymph nodes examined by microscopy in excised specimen"),
)
MENSTRUAL_STATUS: Final = _lnc("8678-5", "Menstrual status")
SMOKING_STATUS: Final = _lnc("72166-2", "Tobacco smoking status")
AGE: Final = _lnc("30525-0", "Age")
AGE_AT_MENARCHE: Final = _lnc("42798-9", "Age at menarche")
# Known codes whose values Vigil does not keep: read, not reported as unknown.
KNOWN_NOT_KEPT: Final = (
    _lnc("49683-6", "ERBB2/CEP17 ratio in Tissue by FISH"),
    _lnc("74860-8", "ERBB2 copy number per nucleus in Tissue by FISH"),
    _lnc("33729-5", "Size additional dimension in Tumor"),
)
RELATIVES: Final = _vigil_obs(
    "first-degree-relatives-with-breast-cancer", "First-degree relatives with breast cancer"
)
PRIOR_VTE: Final = _vigil_obs("prior-vte-or-stroke", "Prior venous thromboembolism, stroke or TIA")
GERMLINE: Final = _vigil_obs("germline-result", "Germline genetic testing result")
FIRST_BIRTH: Final = _vigil_obs("age-at-first-live-birth", "Age at first live birth")
NULLIPAROUS: Final = vigil_code("parity", "nulliparous")
BIOPSIES: Final = _vigil_obs("breast-biopsies", "Number of breast biopsies")
ATYPICAL_HYPERPLASIA: Final = _vigil_obs("atypical-hyperplasia", "Atypical hyperplasia in a biopsy")
RACE: Final = _vigil_obs("bcrat-race", "Race/ethnicity (NCI BCRAT categories)")

# Procedures. Codes of the task brief and the mCODE example (64368001 partial mastectomy,
# 1217123003 radiotherapy course); 33496007 from DICOM CID 6084.
SURGERY: Final[dict[SurgeryType, tuple[Code, ...]]] = {
    SurgeryType.BREAST_CONSERVING: (
        _sct("392021009", "Lumpectomy of breast (procedure)"),
        _sct("64368001", "Partial mastectomy (procedure)"),
    ),
    SurgeryType.MASTECTOMY: (_sct("172043006", "Simple mastectomy (procedure)"),),
    SurgeryType.BILATERAL_MASTECTOMY: (_sct("27865001", "Bilateral mastectomy (procedure)"),),
}
ANY_SURGERY: Final = _sct("387713003", "Surgical procedure (procedure)")
RECONSTRUCTION: Final = _sct("33496007", "Reconstruction of breast (procedure)")
RADIOTHERAPY: Final = (
    _sct("1217123003", "Radiotherapy course of treatment (regime/therapy)"),
    _sct("108290001", "Radiation oncology AND/OR radiotherapy (procedure)"),
)
CHEMOTHERAPY: Final = _sct("367336001", "Chemotherapy (procedure)")

# Medicines: RxNorm ingredients (brief; mCODE example for 84857, 3639, 3002, 56946);
# ATC classes where Vigil knows the class only.
ENDOCRINE: Final[dict[EndocrineAgent, tuple[Code, ...]]] = {
    EndocrineAgent.TAMOXIFEN: (_rx("10324", "tamoxifen"), _atc("L02BA01", "tamoxifen")),
    EndocrineAgent.AROMATASE_INHIBITOR: (
        _atc("L02BG", "Aromatase inhibitors"),
        _rx("84857", "anastrozole"),
        _rx("72965", "letrozole"),
        _rx("258494", "exemestane"),
        _atc("L02BG03", "anastrozole"),
        _atc("L02BG04", "letrozole"),
        _atc("L02BG06", "exemestane"),
    ),
    EndocrineAgent.OVARIAN_SUPPRESSION: (
        _atc("L02AE", "Gonadotropin releasing hormone analogues"),
        _atc("L02AE02", "leuprorelin"),
        _atc("L02AE03", "goserelin"),
        _atc("L02AE04", "triptorelin"),
    ),
}
ENDOCRINE_NAMES: Final[dict[EndocrineAgent, tuple[str, ...]]] = {
    EndocrineAgent.TAMOXIFEN: ("tamoxifen",),
    EndocrineAgent.AROMATASE_INHIBITOR: (
        "aromatase inhibitor",
        "anastrozole",
        "letrozole",
        "exemestane",
    ),
    EndocrineAgent.OVARIAN_SUPPRESSION: (
        "ovarian suppression",
        "ovarian function suppression",
        "goserelin",
        "leuprorelin",
        "leuprolide",
        "triptorelin",
    ),
}
ENDOCRINE_TEXT: Final[dict[EndocrineAgent, str]] = {
    EndocrineAgent.TAMOXIFEN: "Tamoxifen",
    EndocrineAgent.AROMATASE_INHIBITOR: "Aromatase inhibitor (agent not recorded)",
    EndocrineAgent.OVARIAN_SUPPRESSION: "Ovarian function suppression (GnRH analogue)",
}
ANY_ENDOCRINE: Final = _atc("L02", "Endocrine therapy")
ANTI_HER2: Final[dict[str, tuple[Code, ...]]] = {
    "trastuzumab": (_rx("224905", "trastuzumab"), _atc("L01FD01", "trastuzumab")),
    "pertuzumab": (_rx("1298944", "pertuzumab"), _atc("L01FD02", "pertuzumab")),
    "trastuzumab_emtansine": (
        _rx("1371041", "ado-trastuzumab emtansine"),
        _atc("L01FD03", "trastuzumab emtansine"),
    ),
}
BISPHOSPHONATE: Final = (_atc("M05BA", "Bisphosphonates"), _rx("77655", "zoledronic acid"))
BISPHOSPHONATE_NAMES: Final = ("bisphosphonate", "zoledron", "clodron", "ibandron")
ANTHRACYCLINE: Final = (
    _atc("L01DB", "Anthracyclines and related substances"),
    _rx("3639", "doxorubicin"),
    _rx("3995", "epirubicin"),
)
TAXANE: Final = (_atc("L01CD", "Taxanes"), _rx("56946", "paclitaxel"), _rx("72962", "docetaxel"))
OTHER_CHEMOTHERAPY: Final = (
    _rx("3002", "cyclophosphamide"),
    _rx("4492", "fluorouracil"),
    _rx("40048", "carboplatin"),
    _rx("194000", "capecitabine"),
    _rx("6851", "methotrexate"),
)
