"""Risk pictures as SVG, drawn on the server: an icon array of 100 people, survival
curves and treatment-benefit bars. Each has a text alternative; none needs JavaScript.

Natural frequencies and icon arrays follow PREDICT's presentation (Winton Centre) and the
risk-communication literature (e.g. Spiegelhalter, Science 2017;356:1129).
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

__all__ = ["benefit_bars", "icon_array", "survival_curves"]

# Colour-blind-safe palette (Okabe & Ito 2008).
_COLOURS = ("#0072B2", "#56B4E9", "#E69F00", "#999999")


def _svg(width: int, height: int, label: str, body: list[str]) -> str:
    title = escape(label)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{title}" class="chart"><title>{title}</title>'
        + "".join(body)
        + "</svg>"
    )


def icon_array(groups: Sequence[tuple[str, int]], label: str) -> str:
    """100 icons in a 10 x 10 grid, coloured by group (counts must add up to 100)."""
    if sum(n for _, n in groups) != 100:
        msg = f"icon array groups must add up to 100 (got {sum(n for _, n in groups)})"
        raise ValueError(msg)
    body: list[str] = []
    index = 0
    for (_, count), colour in zip(groups, _COLOURS, strict=False):
        for _ in range(count):
            row, col = divmod(index, 10)
            x, y = 10 + col * 22, 10 + row * 22
            body.append(
                f'<circle cx="{x + 8}" cy="{y + 5}" r="4" fill="{colour}"/>'
                f'<rect x="{x + 3}" y="{y + 10}" width="10" height="9" rx="3" fill="{colour}"/>'
            )
            index += 1
    legend_y = 240
    for i, ((name, count), colour) in enumerate(zip(groups, _COLOURS, strict=False)):
        y = legend_y + i * 18
        body.append(
            f'<rect x="10" y="{y}" width="12" height="12" fill="{colour}"/>'
            f'<text x="28" y="{y + 10}" font-size="12">{count} {escape(name)}</text>'
        )
    return _svg(300, legend_y + 18 * len(groups) + 6, label, body)


def survival_curves(
    years: Sequence[int], curves: Sequence[tuple[str, Sequence[float]]], label: str
) -> str:
    """Lines of survival (fractions) against years, starting at 100 % at year 0."""
    width, height, left, bottom, top, right = 420, 260, 44, 30, 12, 120
    plot_w, plot_h = width - left - right, height - top - bottom
    last = max(years)

    def x(year: float) -> float:
        return left + plot_w * year / last

    def y(fraction: float) -> float:
        return top + plot_h * (1 - fraction)

    body = [
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" '
        'stroke="#333"/>',
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="#333"/>',
    ]
    for tick in (0, 25, 50, 75, 100):
        body.append(
            f'<text x="{left - 6}" y="{y(tick / 100) + 4:.1f}" font-size="10" '
            f'text-anchor="end">{tick}%</text>'
        )
    for year in range(0, last + 1, 5):
        body.append(
            f'<text x="{x(year):.1f}" y="{top + plot_h + 14}" font-size="10" '
            f'text-anchor="middle">{year}</text>'
        )
    body.append(
        f'<text x="{left + plot_w / 2:.1f}" y="{height - 2}" font-size="11" '
        'text-anchor="middle">Years after diagnosis</text>'
    )
    for i, (name, values) in enumerate(curves):
        points = " ".join(
            f"{x(t):.1f},{y(v):.1f}" for t, v in zip((0, *years), (1.0, *values), strict=True)
        )
        colour = _COLOURS[i % len(_COLOURS)]
        dash = ' stroke-dasharray="5 3"' if i == 0 else ""
        body.append(
            f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"{dash}/>'
        )
        body.append(
            f'<text x="{left + plot_w + 6}" y="{y(values[-1]) + 4:.1f}" font-size="11" '
            f'fill="{colour}">{escape(name)} {100 * values[-1]:.0f}%</text>'
        )
    return _svg(width, height, label, body)


def benefit_bars(benefits: Sequence[tuple[str, float]], label: str) -> str:
    """Horizontal bars of extra survivors per 100 (fractions in, percentage points shown)."""
    rows = [(name, value) for name, value in benefits if value is not None]
    top = max((v for _, v in rows), default=0.0) or 0.01
    body: list[str] = []
    for i, (name, value) in enumerate(rows):
        y = 8 + i * 26
        width = 220 * max(value, 0.0) / top
        body.append(
            f'<text x="150" y="{y + 13}" font-size="12" text-anchor="end">{escape(name)}</text>'
            f'<rect x="158" y="{y}" width="{width:.1f}" height="18" fill="{_COLOURS[1]}"/>'
            f'<text x="{162 + width:.1f}" y="{y + 13}" font-size="12">'
            f"{100 * value:.1f} per 100</text>"
        )
    return _svg(460, 16 + 26 * len(rows), label, body)
