"""Patient facts: validated models of one patient, and the cohort table of many.

Pure: nothing here reads files, the clock or the network.
"""

from vigil.facts._codes import (
    UNKNOWN,
    ChemoGeneration,
    Detection,
    EndocrineAgent,
    Germline,
    Her2Category,
    Her2Ihc,
    Her2Ish,
    Histology,
    Laterality,
    Menopause,
    NodeStage,
    Race,
    ReceptorStatus,
    Setting,
    Sex,
    Smoking,
    SurgeryType,
    TriState,
    Unknown,
)
from vigil.facts._derived import (
    KI67_POSITIVE_ABOVE_PERCENT,
    her2_category,
    her2_status,
    is_er_low,
    ki67_status,
    node_stage,
    receptor_status,
    years_since_diagnosis,
)
from vigil.facts._frame import (
    patients_to_frame,
    patients_to_typed_frame,
    patients_to_typed_rows,
)
from vigil.facts._patient import Patient, parse_patient
from vigil.facts._person import BreastRiskFactors, History, Person
from vigil.facts._schema import COLUMNS, COLUMNS_BY_NAME, ColumnSpec
from vigil.facts._table import ROW, CohortTable, validate_cohort
from vigil.facts._treatment import (
    AntiHer2,
    Chemotherapy,
    Endocrine,
    Radiotherapy,
    Surgery,
    Treatment,
)
from vigil.facts._tumour import Her2Result, ReceptorResult, Tumour

__all__ = [
    "COLUMNS",
    "COLUMNS_BY_NAME",
    "KI67_POSITIVE_ABOVE_PERCENT",
    "ROW",
    "UNKNOWN",
    "AntiHer2",
    "BreastRiskFactors",
    "ChemoGeneration",
    "Chemotherapy",
    "CohortTable",
    "ColumnSpec",
    "Detection",
    "Endocrine",
    "EndocrineAgent",
    "Germline",
    "Her2Category",
    "Her2Ihc",
    "Her2Ish",
    "Her2Result",
    "Histology",
    "History",
    "Laterality",
    "Menopause",
    "NodeStage",
    "Patient",
    "Person",
    "Race",
    "Radiotherapy",
    "ReceptorResult",
    "ReceptorStatus",
    "Setting",
    "Sex",
    "Smoking",
    "Surgery",
    "SurgeryType",
    "Treatment",
    "TriState",
    "Tumour",
    "Unknown",
    "her2_category",
    "her2_status",
    "is_er_low",
    "ki67_status",
    "node_stage",
    "parse_patient",
    "patients_to_frame",
    "patients_to_typed_frame",
    "patients_to_typed_rows",
    "receptor_status",
    "validate_cohort",
    "years_since_diagnosis",
]
