"""Small formatting helpers for the Markdown validation reports."""

from __future__ import annotations

from collections.abc import Sequence

from vigil.evaluate import CalibrationTable, Estimate

__all__ = ["calibration_rows", "fmt", "fmt_ci", "table"]


def fmt(value: float | None, digits: int = 3) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def fmt_ci(estimate: Estimate | None, digits: int = 3) -> str:
    if estimate is None:
        return "—"
    if estimate.lower is None or estimate.upper is None:
        return fmt(estimate.value, digits)
    return f"{estimate.value:.{digits}f} ({estimate.lower:.{digits}f}–{estimate.upper:.{digits}f})"


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def calibration_rows(calibration: CalibrationTable, labels: Sequence[str]) -> list[list[str]]:
    return [
        [
            label,
            f"{int(n)}",
            f"{int(d)}",
            f"{100 * p:.1f} %",
            f"{100 * o:.1f} % ({100 * lo:.1f}–{100 * hi:.1f})",
        ]
        for label, n, d, p, o, lo, hi in zip(
            labels,
            calibration.n,
            calibration.events,
            calibration.predicted,
            calibration.observed,
            calibration.observed_lower,
            calibration.observed_upper,
            strict=True,
        )
    ]
