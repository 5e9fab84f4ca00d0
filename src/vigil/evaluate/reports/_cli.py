"""Regenerate the validation reports: ``python -m vigil.evaluate.reports NAME``."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

__all__ = ["main"]

ROOT = Path(__file__).resolve().parents[4]
DOCS = ROOT / "docs" / "validation"
MODELS = ROOT / "src" / "vigil" / "risk" / "fitted"
R_REFERENCE = ROOT / "tests" / "fixtures" / "evaluate" / "r_reference.json"
REPORTS = ("rotterdam-gbsg", "published", "metabric-rfs", "all")


def _rotterdam(bootstrap: int) -> list[Path]:
    from vigil.evaluate.reports._rotterdam import rotterdam_gbsg, write_model_file, write_report  # noqa: PLC0415

    result = rotterdam_gbsg(n_bootstrap=bootstrap)
    reference = json.loads(R_REFERENCE.read_text())
    return [write_report(result, DOCS, reference), write_model_file(result, MODELS)]


def _published(bootstrap: int) -> list[Path]:
    from vigil.evaluate.reports._published import write_published  # noqa: PLC0415

    return write_published(DOCS, bootstrap)


def _metabric(bootstrap: int) -> list[Path]:
    from vigil.evaluate.reports._metabric import write_metabric  # noqa: PLC0415

    return write_metabric(DOCS, MODELS, bootstrap)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m vigil.evaluate.reports")
    parser.add_argument("report", choices=REPORTS)
    parser.add_argument("--bootstrap", type=int, default=200, help="resamples (default 200)")
    args = parser.parse_args(argv)
    jobs = {"rotterdam-gbsg": _rotterdam, "published": _published, "metabric-rfs": _metabric}
    chosen = list(jobs) if args.report == "all" else [args.report]
    for name in chosen:
        for path in jobs[name](args.bootstrap):
            sys.stdout.write(f"wrote {path.relative_to(ROOT)}\n")
    return 0
