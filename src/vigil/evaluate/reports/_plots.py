"""Plots rendered server-side as SVG text (matplotlib, Agg): no browser, no internet."""

from __future__ import annotations

import io
from collections.abc import Sequence

import matplotlib as mpl

mpl.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from vigil.evaluate import CalibrationTable, SurvivalCurve, TimeDependentAuc

__all__ = ["auc_svg", "calibration_svg", "km_svg"]

# Deterministic SVG: fixed ids, no date, text kept as text.
mpl.rcParams["svg.hashsalt"] = "vigil"
mpl.rcParams["svg.fonttype"] = "none"


def _svg(fig: Figure) -> str:
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(fig)
    text = buffer.getvalue()
    return text[text.index("<svg") :]


def calibration_svg(tables: Sequence[tuple[str, CalibrationTable]], title: str) -> str:
    """Observed (Kaplan-Meier, 95 % interval) against mean predicted risk per group."""
    fig, ax = plt.subplots(figsize=(4.6, 4.4))
    top = 0.05
    for label, table in tables:
        err = np.vstack(
            [table.observed - table.observed_lower, table.observed_upper - table.observed]
        )
        ax.errorbar(table.predicted, table.observed, yerr=err, fmt="o", capsize=2, label=label)
        top = max(top, float(np.max(table.observed_upper)), float(np.max(table.predicted)))
    top = min(1.0, top * 1.08)
    ax.plot([0, top], [0, top], color="grey", linestyle="--", linewidth=1, label="ideal")
    ax.set_xlim(0, top)
    ax.set_ylim(0, top)
    ax.set_xlabel("predicted risk")
    ax.set_ylabel("observed risk (Kaplan-Meier)")
    ax.set_title(title, fontsize=10)
    ax.legend(fontsize=8, loc="upper left")
    return _svg(fig)


def km_svg(
    curves: Sequence[tuple[str, SurvivalCurve]], title: str, time_scale: float, unit: str
) -> str:
    """Kaplan-Meier curves (e.g. one per risk group), time divided by ``time_scale``."""
    fig, ax = plt.subplots(figsize=(5.6, 4.0))
    for label, curve in curves:
        x = np.concatenate(([0.0], curve.time)) / time_scale
        y = np.concatenate(([1.0], curve.survival))
        ax.step(x, y, where="post", label=label)
    ax.set_ylim(0, 1.02)
    ax.set_xlabel(unit)
    ax.set_ylabel("event-free probability")
    ax.set_title(title, fontsize=10)
    ax.legend(fontsize=7, loc="center left", bbox_to_anchor=(1.01, 0.5))
    return _svg(fig)


def auc_svg(curves: Sequence[tuple[str, TimeDependentAuc]], title: str, time_scale: float) -> str:
    """Cumulative/dynamic AUC over time."""
    fig, ax = plt.subplots(figsize=(5.0, 3.6))
    for label, curve in curves:
        ax.plot(curve.times / time_scale, curve.auc, marker="o", label=label)
    ax.axhline(0.5, color="grey", linestyle="--", linewidth=1)
    ax.set_ylim(0.4, 1.0)
    ax.set_xlabel("years")
    ax.set_ylabel("AUC(t), cumulative/dynamic")
    ax.set_title(title, fontsize=10)
    ax.legend(fontsize=8)
    return _svg(fig)
