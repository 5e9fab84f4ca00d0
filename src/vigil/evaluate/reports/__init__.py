"""Validation reports (a shell: reads ``data/``, writes ``docs/validation/``).

Run ``python -m vigil.evaluate.reports NAME`` from a source checkout, NAME one of
``rotterdam-gbsg``, ``published``, ``metabric-rfs`` or ``all``. Nothing here runs on
import; files are written only by :func:`main`.
"""

from vigil.evaluate.reports._cli import main

__all__ = ["main"]
