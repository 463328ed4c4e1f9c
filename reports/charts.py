"""Horizontal bar charts as self-contained SVG, for the monthly report (PDF) and the screens.

Like projects/charts.py, the markup uses presentation attributes only, so WeasyPrint and browsers draw it the
same. Bars carry their value as text at the end, so the chart reads in black and white print too.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

TEXT_COLOR = "#1d252c"
AXIS_COLOR = "#5f6b76"
GRID_COLOR = "#d9dee3"


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal | int | float
    color: str


def bar_chart_svg(
    bars: Sequence[Bar],
    *,
    title: str,
    format_value: Callable[[Decimal | int | float], str],
    width: int = 640,
    row_height: int = 26,
    label_width: int = 190,
) -> SafeString:
    """Return an SVG of one horizontal bar per item. Negative values (deviations) grow left of a zero line."""
    values = [float(bar.value) for bar in bars] or [0.0]
    low = min(0.0, *values)
    high = max(0.0, *values)
    span = (high - low) or 1.0
    plot_left = label_width + 8
    plot_right = width - 70
    zero_x = plot_left + (plot_right - plot_left) * (0 - low) / span
    height = 30 + row_height * max(len(bars), 1) + 8
    # DejaVu Sans at 12 units takes up to about 8 units a character; longer labels are cut with an ellipsis.
    max_chars = max(8, label_width // 8)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-label="{escape(title)}" font-family="DejaVu Sans, sans-serif" font-size="12">',
        f"<title>{escape(title)}</title>",
        f'<text x="0" y="16" font-size="13" font-weight="bold" fill="{TEXT_COLOR}">{escape(title)}</text>',
        f'<line x1="{zero_x:.1f}" y1="24" x2="{zero_x:.1f}" y2="{height - 6}" stroke="{AXIS_COLOR}" stroke-width="1"/>',
    ]
    for index, bar in enumerate(bars):
        top = 28 + index * row_height
        value = float(bar.value)
        x = plot_left + (plot_right - plot_left) * (min(value, 0) - low) / span
        bar_width = abs(value) * (plot_right - plot_left) / span
        label = bar.label if len(bar.label) <= max_chars else bar.label[: max_chars - 1] + "…"
        text_x = x + bar_width + 4 if value >= 0 else x - 4
        anchor = "start" if value >= 0 else "end"
        if value < 0 and text_x < plot_left + 40:
            text_x, anchor = zero_x + 4, "start"
        parts += [
            f'<text x="{label_width}" y="{top + row_height / 2 + 4:.1f}" text-anchor="end" fill="{TEXT_COLOR}">'
            f"{escape(label)}</text>",
            f'<rect x="{x:.1f}" y="{top + 4}" width="{max(bar_width, 0.5):.1f}" height="{row_height - 9}" '
            f'fill="{escape(bar.color)}"><title>{escape(bar.label)}: {escape(format_value(bar.value))}</title></rect>',
            f'<text x="{text_x:.1f}" y="{top + row_height / 2 + 4:.1f}" text-anchor="{anchor}" fill="{TEXT_COLOR}">'
            f"{escape(format_value(bar.value))}</text>",
        ]
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every interpolated text is escaped above
