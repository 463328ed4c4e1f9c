"""Generate a planned kurva S from the SPMK start date, the duration and a curve shape. Plain functions.

Week k of a contract of D calendar days covers days 7k-6 to 7k, the SPMK date being day 1, so a contract has
n = ceil(D / 7) weeks (at least one). Week k is given the share of time elapsed at its end,
t = min(7k, D) / D, and the plan for that week is 100 * f(t) percent, rounded half up to two decimals:

| shape         | f(t)          | reads as                                              |
|---------------|---------------|-------------------------------------------------------|
| linear        | t             | the same amount of work every week                    |
| s_curve       | 3t² - 2t³     | slow start, fastest at mid-contract, slow finish      |
| front_loaded  | 1 - (1 - t)²  | most work early (earthworks, mobilisation first)      |
| back_loaded   | t²            | most work late (finishing, installation at the end)   |

Every f rises from f(0) = 0 to f(1) = 1 and never falls, so the weeks are non-decreasing and the last week,
where t = 1, is exactly 100.00. When D is not a multiple of seven the last week is shorter, and
earlywarning.services.schedule_replace dates its end on the planned end date.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from django.utils.translation import gettext_lazy as _

HUNDRED = Decimal("100")
TWO_PLACES = Decimal("0.01")
# The longest contract the generator plans: ten years of weeks, the same bound as the project import.
MAX_WEEKS = 520


class CurveShape(StrEnum):
    LINEAR = "linear"
    S_CURVE = "s_curve"
    FRONT_LOADED = "front_loaded"
    BACK_LOADED = "back_loaded"


SHAPE_LABELS = {
    CurveShape.S_CURVE: _("S-curve: slow start, fastest mid-contract, slow finish"),
    CurveShape.LINEAR: _("Straight line: the same amount every week"),
    CurveShape.FRONT_LOADED: _("Front-loaded: most of the work early"),
    CurveShape.BACK_LOADED: _("Back-loaded: most of the work late"),
}

_SHAPES: dict[CurveShape, Callable[[Decimal], Decimal]] = {
    CurveShape.LINEAR: lambda t: t,
    CurveShape.S_CURVE: lambda t: 3 * t**2 - 2 * t**3,
    CurveShape.FRONT_LOADED: lambda t: 1 - (1 - t) ** 2,
    CurveShape.BACK_LOADED: lambda t: t**2,
}


@dataclass(frozen=True)
class PlannedWeek:
    """One generated week of the kurva S: cumulative planned progress in percent at the end of the week."""

    week: int
    percent: Decimal


def week_count(duration_days: int) -> int:
    """Return the number of schedule weeks of a contract of ``duration_days`` calendar days."""
    if duration_days < 1:
        raise ValueError(f"A contract lasts at least one day, not {duration_days}")
    return math.ceil(duration_days / 7)


def week_end(start_date: datetime.date, week: int) -> datetime.date:
    """Return the last day of schedule week ``week``: week 1 runs from the SPMK date through the sixth day after."""
    return start_date + datetime.timedelta(days=7 * week - 1)


def generate(duration_days: int, shape: CurveShape | str) -> list[PlannedWeek]:
    """Return the weekly cumulative planned percent of a contract of ``duration_days`` days in ``shape``.

    Raises ValueError for an unknown shape, a duration below one day or one longer than MAX_WEEKS weeks.
    """
    curve = _SHAPES[CurveShape(shape)]
    weeks = week_count(duration_days)
    if weeks > MAX_WEEKS:
        raise ValueError(f"A duration of {duration_days} days exceeds {MAX_WEEKS} weeks")
    days = Decimal(duration_days)
    planned = []
    for week in range(1, weeks + 1):
        elapsed = Decimal(min(7 * week, duration_days)) / days
        percent = (HUNDRED * curve(elapsed)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
        planned.append(PlannedWeek(week, min(percent, HUNDRED)))
    # Decimal arithmetic keeps f(1) exact, but pin the last week so no rounding path can leave it at 99.99.
    planned[-1] = PlannedWeek(weeks, HUNDRED.quantize(TWO_PLACES))
    return planned
