"""Vigil: recurrence estimates, survivorship care plans and symptom triage after breast cancer.

Vigil informs decisions made with a clinician; it never replaces one.
"""

from vigil._version import __version__

__all__ = ["__version__"]
