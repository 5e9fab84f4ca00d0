"""A self-contained HTML validation report: tables and inline SVG plots (a shell).

No scripts, fonts or styles are fetched: it opens offline.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

from vigil.evaluate import Validation
from vigil.evaluate.reports._text import fmt_ci

__all__ = ["validation_html"]

_STYLE = """
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; color: #222; }
table { border-collapse: collapse; margin: 1rem 0; }
td, th { border: 1px solid #ccc; padding: 0.3rem 0.6rem; text-align: left; }
figure { display: inline-block; margin: 0.5rem; vertical-align: top; }
.note { color: #555; font-size: 0.9rem; }
"""


def _rows(rows: Sequence[Sequence[str]]) -> str:
    return "".join(
        "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in rows
    )


def validation_html(
    title: str,
    validation: Validation,
    facts: Sequence[tuple[str, str]],
    plots: Mapping[str, str],
) -> str:
    """The report page: what was validated, the metrics with intervals, the plots."""
    v = validation
    metrics = [
        ("Harrell's C", fmt_ci(v.harrell_c)),
        ("Uno's C (truncated at the horizon)", fmt_ci(v.uno_c)),
        ("AUC at the horizon (cumulative/dynamic)", fmt_ci(v.auc_at_horizon)),
        ("Royston-Sauerbrei D", fmt_ci(v.d_statistic)),
        ("R²_D", fmt_ci(v.r2_d)),
        ("Brier score at the horizon", fmt_ci(v.brier_at_horizon)),
        ("Observed / expected risk at the horizon", fmt_ci(v.observed_expected)),
        ("Calibration slope of the linear predictor", fmt_ci(v.calibration_slope)),
    ]
    interval = (
        f"95 % percentile bootstrap intervals from {v.n_bootstrap} resamples (seed {v.seed})."
        if v.n_bootstrap
        else "No bootstrap was run (use --bootstrap N for intervals)."
    )
    figures = "".join(
        f"<figure>{svg}<figcaption>{html.escape(caption)}</figcaption></figure>"
        for caption, svg in plots.items()
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>{_STYLE}</style></head><body>
<h1>{html.escape(title)}</h1>
<table>{_rows([(k, v) for k, v in facts])}</table>
<h2>Discrimination and calibration</h2>
<table><tr><th>metric</th><th>estimate</th></tr>{_rows(metrics)}</table>
<p class="note">{html.escape(interval)} "—" means the metric needs what this score does not
give (a predicted probability at the horizon, or a linear predictor).</p>
<h2>Plots</h2>
{figures}
</body></html>
"""
