"""Risk results in plain words and as model cards (Markdown)."""

from __future__ import annotations

from collections.abc import Sequence

from vigil.risk import ModelCard, ModelResult

__all__ = ["model_card_markdown", "results_json", "risk_sentences"]


def results_json(results: Sequence[ModelResult]) -> list[dict[str, object]]:
    """Labelled results as JSON-ready data: every value with its model, version and source."""
    return [
        {
            "model": r.card.id,
            "name": r.card.name,
            "version": r.card.version,
            "source": r.card.source,
            "in_domain": r.in_domain,
            "refused": r.refused,
            "values": dict(r.values),
        }
        for r in results
    ]


def _of_100(fraction: float) -> int:
    return round(100 * fraction)


def _percent(fraction: float) -> str:
    return f"{100 * fraction:.1f} %"


def _predict_sentences(result: ModelResult, prefix: str) -> list[str]:
    values = result.values
    lines: list[str] = []
    for horizon in (5, 10, 15):
        alone = values.get(f"{prefix}_os_{horizon}y_surgery_only")
        treated = values.get(f"{prefix}_os_{horizon}y_treated")
        if isinstance(alone, float) and isinstance(treated, float):
            lines.append(
                f"Of 100 women like you, about {_of_100(alone)} are alive at {horizon} years "
                f"with surgery alone, and about {_of_100(treated)} with the treatments chosen."
            )
    return lines


def risk_sentences(results: Sequence[ModelResult]) -> list[str]:
    """Plain-language sentences, one or more per model that gave an estimate."""
    lines: list[str] = []
    for result in results:
        card, values = result.card, result.values
        if result.refused:
            lines.append(f"{card.name} does not apply: {result.refused}.")
            continue
        if card.id == "npi":
            lines.append(
                f"The Nottingham Prognostic Index is {values['npi']}: the "
                f"'{values['npi_group']}' prognostic group."
            )
        elif card.id == "cts5":
            risk = values["cts5_late_distant_recurrence"]
            approx = f" (about {_percent(risk)})" if isinstance(risk, float) else ""
            lines.append(
                f"CTS5 puts the risk of the cancer coming back elsewhere in the body in years "
                f"5-10 in the {values['cts5_group']} group{approx}."
            )
        elif card.id.startswith("predict-"):
            prefix = card.id.replace("-", "_").replace(".", "")
            lines += [
                f"PREDICT {card.version}: {line}" for line in _predict_sentences(result, prefix)
            ]
        elif card.id == "gail":
            five, average = values.get("gail_5y"), values.get("gail_5y_average")
            if isinstance(five, float) and isinstance(average, float):
                lines.append(
                    f"The chance of developing breast cancer in the next 5 years is about "
                    f"{_percent(five)}; for an average woman of the same age and group it is "
                    f"{_percent(average)}."
                )
    return lines


def model_card_markdown(card: ModelCard) -> str:
    """A model card as Markdown, for ``docs/models/``."""
    parts = [
        f"# {card.name}",
        "",
        f"- **Id:** `{card.id}`",
        f"- **Version:** {card.version}",
        f"- **Source:** {card.source}",
        f"- **Reference implementation:** {card.reference_implementation}",
        "",
        "## Intended use",
        "",
        card.intended_use,
        "",
        "## Validity domain (rows outside it are refused with the reason)",
        "",
        *[f"- {item}" for item in card.validity_domain],
        "",
        "## Inputs (cohort-table columns)",
        "",
        ", ".join(f"`{name}`" for name in card.inputs),
        "",
        "## Outputs",
        "",
        "| column | meaning |",
        "|---|---|",
        *[f"| `{name}` | {text} |" for name, text in card.outputs.items()],
    ]
    if card.notes:
        parts += ["", "## Notes", "", *[f"- {note}" for note in card.notes]]
    return "\n".join(parts) + "\n"
