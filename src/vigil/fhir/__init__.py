"""FHIR R4 exchange: export facts and care plan as a Bundle; import mCODE-style bundles.

Pure: dicts and JSON text in, dicts and result objects out; dates are arguments.
Codes, extensions and decisions are listed in ``docs/fhir.md``.
"""

from vigil.fhir._export import export_bundle
from vigil.fhir._import import import_bundle
from vigil.fhir._import_treatment import TreatmentPart
from vigil.fhir._result import BundleError, ImportResult

__all__ = ["BundleError", "ImportResult", "TreatmentPart", "export_bundle", "import_bundle"]
