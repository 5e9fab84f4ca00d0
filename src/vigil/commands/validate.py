"""``vigil validate``: how well a model or a score predicts outcomes in a table (a shell).

Register with ``app.command("validate")(validate_command)``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import numpy as np
import polars as pl
import typer
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from vigil.errors import VigilError

__all__ = ["ScoredColumns", "columns_for_model", "validate_command"]

_UNIT_DAYS = {"days": 1.0, "months": 365.25 / 12, "years": 365.25}

out = Console()
err = Console(stderr=True)


@dataclass(frozen=True, slots=True)
class ScoredColumns:
    """Which output columns of a scored table to validate."""

    score: str
    risk: str | None
    lp: str | None
    label: str


def columns_for_model(model: Any, horizon_years: float) -> ScoredColumns:
    """The score, predicted risk at the horizon and linear predictor of a model's output."""
    from vigil.risk.fitted import FittedCoxModel  # noqa: PLC0415

    card = model.card
    prefix = card.id.replace("-", "_").replace(".", "")
    whole = float(horizon_years).is_integer()
    if isinstance(model, FittedCoxModel):
        risk = model.risk_column(int(horizon_years)) if whole else None
        if risk is not None and int(horizon_years) not in model.horizons_years:
            risk = None
        return ScoredColumns(model.lp_column, risk, model.lp_column, card.name)
    if card.id.startswith("predict-"):
        if not whole or int(horizon_years) not in (5, 10, 15):
            msg = f"PREDICT gives survival at 5, 10 and 15 years (got --horizon {horizon_years})"
            raise VigilError(msg)
        column = f"{prefix}_os_{int(horizon_years)}y_treated"
        return ScoredColumns(f"__risk_{column}", f"__risk_{column}", None, card.name)
    if card.id == "cts5":
        # CTS5's probability covers years 5-10: 5 years after the 5-year landmark.
        risk = "cts5_late_distant_recurrence" if horizon_years == 5 else None
        return ScoredColumns("cts5", risk, None, card.name)
    numeric = [name for name in card.outputs if name not in (f"{prefix}_group",)]
    return ScoredColumns(numeric[0], None, None, card.name)


def _find_model(model: str) -> Any:
    from vigil.risk import MODELS  # noqa: PLC0415
    from vigil.risk.fitted import FITTED_MODELS, load_model_file  # noqa: PLC0415

    if model.endswith(".json"):
        return load_model_file(Path(model))
    known = {**{m.card.id: m for m in FITTED_MODELS}, **MODELS}
    if model not in known:
        msg = f"unknown model {model!r}; valid: {', '.join(known)} or a model .json file"
        raise VigilError(msg)
    return known[model]


def _score_with_model(frame: pl.DataFrame, model: Any, progress: Progress) -> pl.DataFrame:
    from vigil.risk import MODELS, score_table  # noqa: PLC0415

    task = progress.add_task("scoring", total=max(frame.height, 1))
    if model.card.id in MODELS and MODELS[model.card.id] is model:
        scored = score_table(
            frame,
            [model.card.id],
            progress=lambda done, _total: progress.update(task, completed=done),
        )
    else:
        scored = pl.concat([frame, model.score(frame)], how="horizontal")
        progress.update(task, completed=frame.height)
    for name in scored.columns:
        if name.endswith("_treated") and "_os_" in name:
            scored = scored.with_columns((1 - pl.col(name)).alias(f"__risk_{name}"))
    return scored


def _numbers(frame: pl.DataFrame, name: str, what: str) -> pl.Series:
    if name not in frame.columns:
        msg = f"{what} {name!r}: no such column (the table has {', '.join(frame.columns)})"
        raise VigilError(msg)
    column = frame.get_column(name)
    if column.dtype == pl.String:
        column = column.str.strip_chars().cast(pl.Float64, strict=False)
    return column.cast(pl.Float64)


def _plots(
    t: np.ndarray[Any, Any],
    e: np.ndarray[Any, Any],
    score: np.ndarray[Any, Any],
    validation: Any,
    *,
    unit_days: float,
    horizon: float,
) -> dict[str, str]:
    from vigil.evaluate import cumulative_dynamic_auc, kaplan_meier  # noqa: PLC0415
    from vigil.evaluate.reports import _plots  # noqa: PLC0415

    plots: dict[str, str] = {}
    if validation.calibration is not None:
        plots["Observed against predicted risk at the horizon, tenths of predicted risk"] = (
            _plots.calibration_svg([("this table", validation.calibration)], "Calibration")
        )
    cuts = np.quantile(score, [0.25, 0.5, 0.75])
    group = np.searchsorted(cuts, score, side="left")
    names = ["lowest quarter", "second", "third", "highest quarter"]
    curves = [
        (names[g], kaplan_meier(t[group == g], e[group == g]))
        for g in range(4)
        if (group == g).sum() > 1 and e[group == g].any()
    ]
    plots["Kaplan-Meier curves by quarter of the score"] = _plots.km_svg(
        curves, "Event-free probability by risk group", 365.25 / unit_days, "years"
    )
    year = 365.25 / unit_days
    grid = np.arange(1, int(horizon / year) + 1) * year
    grid = grid[(grid > t.min()) & (grid < t.max())]
    if grid.shape[0]:
        try:
            auc = cumulative_dynamic_auc(t, e, score, grid)
            plots["Time-dependent AUC"] = _plots.auc_svg([("score", auc)], "AUC(t)", year)
        except VigilError:
            pass
    return plots


def validate_command(  # noqa: PLR0915
    *,
    data: Annotated[Path, typer.Option("--data", help="Table, .csv or .parquet.")],
    time: Annotated[str, typer.Option("--time", help="Column of follow-up time.")],
    event: Annotated[
        str, typer.Option("--event", help="Column of the event (1) or censoring (0).")
    ],
    horizon: Annotated[float, typer.Option("--horizon", help="Horizon in years.")],
    model: Annotated[
        str | None,
        typer.Option(
            "--model", help="A model id (vigil models list, rotterdam-rfs) or model.json."
        ),
    ] = None,
    score: Annotated[
        str | None, typer.Option("--score", help="A column already in the table; higher = riskier.")
    ] = None,
    time_unit: Annotated[
        str, typer.Option("--time-unit", help="Unit of --time: days, months or years.")
    ] = "days",
    report: Annotated[
        Path | None, typer.Option("--report", help="Write an HTML report (plots inline).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    bootstrap: Annotated[
        int, typer.Option("--bootstrap", help="Bootstrap resamples for 95 % intervals.")
    ] = 0,
    seed: Annotated[int, typer.Option("--seed", help="Bootstrap seed.")] = 0,
    groups: Annotated[int, typer.Option("--groups", help="Risk groups for calibration.")] = 10,
) -> None:
    """Validate a published or fitted model (--model) or a score column (--score)."""
    from vigil.evaluate import validate  # noqa: PLC0415
    from vigil.evaluate.reports._cohort import typed_table  # noqa: PLC0415
    from vigil.tables import read_table  # noqa: PLC0415

    if (model is None) == (score is None):
        err.print("[bold red]error:[/] give exactly one of --model and --score")
        raise typer.Exit(2)
    if time_unit not in _UNIT_DAYS:
        err.print(
            f"[bold red]error:[/] --time-unit must be days, months or years (got {time_unit!r})"
        )
        raise typer.Exit(2)
    unit = _UNIT_DAYS[time_unit]
    horizon_t = horizon * 365.25 / unit
    try:
        raw = read_table(data)
        with Progress(console=err, transient=True) as progress:
            if model is not None:
                chosen = _find_model(model)
                typed = typed_table(raw)
                frame = _score_with_model(typed.valid, chosen, progress)
                columns = columns_for_model(chosen, horizon)
                refused_name = next(c for c in frame.columns if c.endswith("_refused"))
                refused = int(frame.get_column(refused_name).is_not_null().sum())
                not_valid = typed.n_rows - typed.valid.height
            else:
                frame = raw
                columns = ScoredColumns(str(score), None, None, f"column {score}")
                refused = not_valid = 0
            t = _numbers(frame, time, "--time")
            e = _numbers(frame, event, "--event")
            s = _numbers(frame, columns.score, "--score")
            keep = t.is_not_null() & e.is_not_null() & s.is_not_null() & s.is_not_nan()
            missing = max(0, int((~keep).sum()) - refused)
            kept = frame.filter(keep)
            tt = t.filter(keep).to_numpy()
            ee = e.filter(keep).to_numpy()
            ss = s.filter(keep).to_numpy()
            risk = None if columns.risk is None else kept.get_column(columns.risk).to_numpy()
            lp = None if columns.lp is None else kept.get_column(columns.lp).to_numpy()
            task = progress.add_task("bootstrap", total=max(bootstrap, 1))
            result = validate(
                tt,
                ee,
                ss,
                horizon_t,
                predicted_risk=risk,
                linear_predictor=lp,
                groups=groups,
                n_bootstrap=bootstrap,
                seed=seed,
                workers=2,
                progress=lambda done, _total: progress.update(task, completed=done),
            )
            plots = (
                _plots(tt, ee, ss, result, unit_days=unit, horizon=horizon_t)
                if report is not None
                else {}
            )
    except VigilError as exc:
        err.print(f"[bold red]error:[/] {exc}", highlight=False)
        raise typer.Exit(2) from None
    summary = result.as_dict()
    summary |= {
        "validated": columns.label,
        "horizon_years": horizon,
        "rows_read": raw.height,
        "rows_invalid": not_valid,
        "rows_refused_by_model": refused,
        "rows_missing_outcome_or_score": missing,
    }
    if report is not None:
        from vigil.evaluate.reports._html import validation_html  # noqa: PLC0415

        facts = [
            ("validated", columns.label),
            ("table", str(data)),
            ("rows used", f"{result.n:,} ({result.events:,} events)"),
            ("rows left out", f"{not_valid} invalid, {refused} refused, {missing} missing"),
            ("horizon", f"{horizon:g} years"),
        ]
        report.write_text(validation_html(f"Validation: {columns.label}", result, facts, plots))
    if as_json:
        summary.pop("calibration")
        typer.echo(json.dumps(summary))
        return
    _print(summary, columns.label)


def _print(summary: dict[str, Any], label: str) -> None:
    listing = Table("metric", "estimate", "95 % interval", title=f"Validation: {label}")
    for name in (
        "harrell_c",
        "uno_c",
        "auc_at_horizon",
        "brier_at_horizon",
        "observed_expected",
        "calibration_slope",
        "d_statistic",
        "r2_d",
    ):
        est = summary[name]
        if est is None:
            listing.add_row(name, "—", "")
            continue
        ci = "" if est["lower"] is None else f"{est['lower']:.3f} – {est['upper']:.3f}"
        listing.add_row(name, f"{est['value']:.3f}", ci)
    out.print(listing)
    out.print(
        f"{summary['n']:,} rows, {summary['events']:,} events "
        f"({summary['events_by_horizon']:,} by the horizon); left out: "
        f"{summary['rows_invalid']} invalid, {summary['rows_refused_by_model']} refused by the "
        f"model, {summary['rows_missing_outcome_or_score']} without outcome or score"
    )
