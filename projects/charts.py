"""The kurva S chart as self-contained SVG markup, for web pages and PDF reports alike.

The markup uses presentation attributes only (no CSS classes, no script), so it renders the same inline in
HTML, in an <img> data URL or in a PDF renderer that reads SVG.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from django.utils.formats import date_format, number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

PLANNED_COLOR = "#0b4f8a"
ACTUAL_COLOR = "#1b7a3a"
OBSERVED_COLOR = "#a15c00"
GRID_COLOR = "#d9dee3"
TEXT_COLOR = "#5f6b76"


@dataclass(frozen=True)
class Series:
    """One line or point set of the chart: cumulative percentages (0–100) by date."""

    label: str
    points: Sequence[tuple[datetime.date, Decimal]]
    style: Literal["line", "line_points", "points"]
    color: str


@dataclass(frozen=True)
class _Frame:
    """Maps dates and percentages to SVG coordinates inside the plot area."""

    start: datetime.date
    end: datetime.date
    left: float
    right: float
    top: float
    bottom: float

    def x(self, day: datetime.date) -> float:
        span = max((self.end - self.start).days, 1)
        return self.left + (self.right - self.left) * (day - self.start).days / span

    def y(self, percent: Decimal | float) -> float:
        clamped = max(0.0, min(100.0, float(percent)))
        return self.bottom - (self.bottom - self.top) * clamped / 100


def _number(value: float) -> str:
    return f"{value:.1f}"


def _point_title(series: Series, day: datetime.date, percent: Decimal) -> str:
    return escape(f"{series.label}, {date_format(day, 'DATE_FORMAT')}: {number_format(percent, decimal_pos=2)}%")


def _series_markup(series: Series, frame: _Frame) -> list[str]:
    points = sorted(series.points)
    color = escape(series.color)
    parts = [f'<g data-series="{escape(series.label)}">']
    if series.style in ("line", "line_points") and len(points) > 1:
        coordinates = " ".join(f"{_number(frame.x(day))},{_number(frame.y(value))}" for day, value in points)
        dash = ' stroke-dasharray="6 4"' if series.style == "line" else ""
        parts.append(f'<polyline points="{coordinates}" fill="none" stroke="{color}" stroke-width="2"{dash}/>')
    for day, value in points:
        x, y = frame.x(day), frame.y(value)
        title = f"<title>{_point_title(series, day, value)}</title>"
        if series.style == "line_points" or (series.style == "line" and len(points) == 1):
            # A plain line of one point draws nothing, so that point gets a dot as well.
            parts.append(f'<circle cx="{_number(x)}" cy="{_number(y)}" r="3.5" fill="{color}">{title}</circle>')
        elif series.style == "points":
            # Squares, so the village observations differ from the OPD's figures without colour too.
            parts.append(
                f'<rect x="{_number(x - 4)}" y="{_number(y - 4)}" width="8" height="8" fill="#fff" '
                f'stroke="{color}" stroke-width="2">{title}</rect>'
            )
    parts.append("</g>")
    return parts


def _legend_markup(series: Sequence[Series], left: float, top: float) -> list[str]:
    parts = []
    for index, item in enumerate(series):
        y = top + index * 18
        color = escape(item.color)
        if item.style == "points":
            swatch = (
                f'<rect x="{_number(left + 6)}" y="{_number(y - 4)}" width="8" height="8" fill="#fff" '
                f'stroke="{color}" stroke-width="2"/>'
            )
        else:
            dash = ' stroke-dasharray="6 4"' if item.style == "line" else ""
            swatch = (
                f'<line x1="{_number(left)}" y1="{_number(y)}" x2="{_number(left + 20)}" y2="{_number(y)}" '
                f'stroke="{color}" stroke-width="2"{dash}/>'
            )
            if item.style == "line_points":
                swatch += f'<circle cx="{_number(left + 10)}" cy="{_number(y)}" r="3.5" fill="{color}"/>'
        parts.append(swatch)
        parts.append(
            f'<text x="{_number(left + 28)}" y="{_number(y + 4)}" font-size="12" fill="{TEXT_COLOR}">'
            f"{escape(item.label)}</text>"
        )
    return parts


def kurva_s_svg(
    series: Sequence[Series],
    *,
    title: str,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    chart_id: str = "kurva-s",
    width: int = 400,
    plot_height: int = 200,
) -> SafeString:
    """Render the series as an SVG chart of cumulative progress (0–100%) over time.

    The time axis runs from ``start`` to ``end``, widened to include every point. The legend below the plot
    names each series. Without any point the chart shows the axes and a note.
    """
    days = [day for item in series for day, _value in item.points]
    first = min([*days, *([start] if start else [])], default=None)
    last = max([*days, *([end] if end else [])], default=None)
    legend_top = plot_height + 52
    height = legend_top + 18 * len(series) + 4
    frame = _Frame(
        start=first or datetime.date.min,
        end=last or datetime.date.min,
        left=42,
        right=width - 14,
        top=10,
        bottom=plot_height + 10,
    )

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'role="img" aria-labelledby="{chart_id}-title" font-family="sans-serif">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#fff"/>',
    ]
    for percent in (0, 25, 50, 75, 100):
        y = frame.y(percent)
        parts.append(
            f'<line x1="{_number(frame.left)}" y1="{_number(y)}" x2="{_number(frame.right)}" y2="{_number(y)}" '
            f'stroke="{GRID_COLOR}" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{_number(frame.left - 6)}" y="{_number(y + 4)}" font-size="12" text-anchor="end" '
            f'fill="{TEXT_COLOR}">{percent}%</text>'
        )

    if not days:
        no_data = _("No progress data yet.")
        parts.append(
            f'<text x="{_number((frame.left + frame.right) / 2)}" y="{_number(frame.y(50))}" font-size="13" '
            f'text-anchor="middle" fill="{TEXT_COLOR}">{escape(no_data)}</text>'
        )
    if first is not None and last is not None:
        ticks = [first, last] if (last - first).days < 14 else [first, first + (last - first) / 2, last]
        anchors = ["start", "middle", "end"] if len(ticks) == 3 else ["start", "end"]
        for day, anchor in zip(ticks, anchors, strict=True):
            parts.append(
                f'<text x="{_number(frame.x(day))}" y="{_number(frame.bottom + 18)}" font-size="12" '
                f'text-anchor="{anchor}" fill="{TEXT_COLOR}">{escape(date_format(day, "SHORT_DATE_FORMAT"))}</text>'
            )
        for item in series:
            parts.extend(_series_markup(item, frame))

    parts.extend(_legend_markup(series, frame.left, legend_top))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped, the rest are numbers
