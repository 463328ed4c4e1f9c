"""The planned kurva S of a demo contract and the progress the OPD reports against it."""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

HUNDRED = Decimal("100")
CENT = Decimal("0.01")


def percent(value: float) -> Decimal:
    """Round a percentage to two decimals and keep it within 0 to 100."""
    clamped = max(0.0, min(100.0, value))
    return Decimal(str(clamped)).quantize(CENT, rounding=ROUND_HALF_UP)


def s_curve(share: float, steepness: float) -> float:
    """Cumulative planned share (0 to 1) after ``share`` of the contract time: slow start, fast middle, slow end.

    x^k / (x^k + (1-x)^k) is symmetric around the midpoint. A ``steepness`` k from about 1.5 to 2.5 gives
    curves like the weekly schedules of construction contracts (an estimate by eye, not a fitted value).
    """
    if share <= 0:
        return 0.0
    if share >= 1:
        return 1.0
    rising = share**steepness
    return rising / (rising + (1 - share) ** steepness)


@dataclass(frozen=True)
class Week:
    """One row of the kurva S: the week number, its last day and the planned cumulative progress."""

    number: int
    end: datetime.date
    planned: Decimal


def weekly_schedule(start: datetime.date, duration_days: int, steepness: float) -> list[Week]:
    """Return the planned cumulative progress per week, reaching 100% in the week of the contract's last day.

    Week 1 runs from the SPMK date through the sixth day after it, as in kurva S imports, so the last week may
    end a few days after the contract does.
    """
    weeks = math.ceil(duration_days / 7)
    schedule = []
    for number in range(1, weeks + 1):
        end = start + datetime.timedelta(days=7 * number - 1)
        share = min(1.0, 7 * number / duration_days)
        schedule.append(Week(number, end, HUNDRED if number == weeks else percent(100 * s_curve(share, steepness))))
    return schedule


def planned_on(schedule: list[Week], start: datetime.date, day: datetime.date) -> float:
    """Return the planned cumulative progress on ``day``, interpolated linearly between week ends (0 before the
    start)."""
    previous_day, previous_value = start - datetime.timedelta(days=1), 0.0
    for week in schedule:
        if day <= week.end:
            span = (week.end - previous_day).days
            done = (day - previous_day).days
            return previous_value + (float(week.planned) - previous_value) * max(0, done) / span
        previous_day, previous_value = week.end, float(week.planned)
    return 100.0
