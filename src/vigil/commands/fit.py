"""``vigil fit``: fit a Cox model to a table and write its JSON model file (a shell).

Register with ``app.command("fit")(fit_command)``.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Annotated

import polars as pl
import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn
from rich.table import Table

from vigil.errors import VigilError

__all__ = ["fit_command"]

_UNIT_DAYS = {"days": 1.0, "months": 365.25 / 12, "years": 365.25}

out = Console()
err = Console(stderr=True)


def fit_command(
    *,
    data: Annotated[Path, typer.Option("--data", help="Training table, .csv or .parquet.")],
    time: Annotated[str, typer.Option("--time", help="Column of follow-up time.")],
    event: Annotated[
        str, typer.Option("--event", help="Column of the event (1) or censoring (0).")
    ],
    terms: Annotated[
        str,
        typer.Option(
            "--terms",
            help='Terms joined by "+": age, linear(er, scale=1000), fp(age, 3, 3, scale=100), '
            "rcs(age, k=4), bands(size_mm, 20, 50), equals(menopausal_status, post).",
        ),
    ],
    output: Annotated[Path, typer.Option("-o", "--output", help="Model file to write (.json).")],
    model_id: Annotated[str, typer.Option("--id", help="Model id, e.g. my-rfs.")] = "fitted-cox",
    outcome: Annotated[str, typer.Option("--outcome", help="The event in words.")] = "the event",
    time_unit: Annotated[
        str, typer.Option("--time-unit", help="Unit of --time: days, months or years.")
    ] = "days",
    horizons: Annotated[
        str, typer.Option("--horizons", help="Years to report risks at, comma-separated.")
    ] = "1,2,3,4,5",
) -> None:
    """Fit a Cox model (Breslow ties, scikit-survival) and write a Vigil model file."""
    from vigil.evaluate._fit import fit_cox, parse_terms  # noqa: PLC0415
    from vigil.evaluate.reports._cohort import typed_table  # noqa: PLC0415
    from vigil.tables import read_table  # noqa: PLC0415

    try:
        if time_unit not in _UNIT_DAYS:
            msg = f"--time-unit must be days, months or years (got {time_unit!r})"
            raise VigilError(msg)
        years = tuple(int(h) for h in horizons.split(",") if h.strip())
        raw = read_table(data)
        frame = typed_table(raw).valid if "patient_id" in raw.columns else raw
        with Progress(SpinnerColumn(), TextColumn("fitting"), console=err, transient=True) as bar:
            bar.add_task("fit", total=None)
            fit = fit_cox(
                _numeric(frame),
                time,
                event,
                parse_terms(terms),
                model_id=model_id,
                outcome=outcome,
                time_unit_days=_UNIT_DAYS[time_unit],
                horizons_years=years,
                card={
                    "name": f"Cox model {model_id}",
                    "source": f"Fitted by vigil fit on {data.name}",
                    "reference_implementation": "vigil fit (scikit-survival, Breslow ties)",
                    "intended_use": "Research use; validate before any other use.",
                    "validity_domain": ["the training data's range of every input"],
                },
                training={"data": data.name, "terms": terms},
            )
    except (VigilError, ValueError) as exc:
        err.print(f"[bold red]error:[/] {exc}", highlight=False)
        raise typer.Exit(2) from None
    output.write_text(json.dumps(fit.spec, indent=1) + "\n")
    listing = Table("term", "coefficient", "SE", "HR", title=f"{model_id}: Cox model")
    for name, coef, se in zip(fit.names, fit.coef, fit.se, strict=True):
        listing.add_row(name, f"{coef:.4f}", f"{se:.4f}", f"{math.exp(coef):.3f}")
    out.print(listing)
    out.print(
        f"{fit.n:,} rows ({fit.events:,} events; {fit.dropped:,} left out for a missing "
        f"value); log partial likelihood {fit.loglik:.3f}. Written to {output}"
    )


def _numeric(frame: pl.DataFrame) -> pl.DataFrame:
    """Text columns whose filled cells are all numbers become Float64 (CSV reads text)."""
    cast: list[pl.Series] = []
    for name in frame.columns:
        column = frame.get_column(name)
        if column.dtype == pl.String:
            numbers = column.str.strip_chars().cast(pl.Float64, strict=False)
            if numbers.null_count() == column.null_count():
                cast.append(numbers)
                continue
        cast.append(column)
    return pl.DataFrame(cast)
