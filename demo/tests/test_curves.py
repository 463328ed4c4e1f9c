"""The planned kurva S of demo contracts."""

import datetime
from decimal import Decimal

import pytest

from demo.curves import percent, planned_on, s_curve, weekly_schedule

START = datetime.date(2026, 3, 9)


@pytest.mark.parametrize("steepness", [1.6, 2.0, 2.4])
def test_s_curve_rises_slow_fast_slow(steepness):
    values = [s_curve(step / 20, steepness) for step in range(21)]

    assert values[0] == 0
    assert values[-1] == 1
    assert values == sorted(values)
    assert s_curve(0.5, steepness) == pytest.approx(0.5)
    # Slow start: the first tenth of the time does less than a tenth of the work.
    assert s_curve(0.1, steepness) < 0.1
    assert s_curve(0.9, steepness) > 0.9


@pytest.mark.parametrize("duration", [60, 75, 150, 240])
def test_weekly_schedule_reaches_100(duration):
    schedule = weekly_schedule(START, duration, 2.0)

    assert len(schedule) == -(-duration // 7)
    assert schedule[0].number == 1
    assert schedule[0].end == START + datetime.timedelta(days=6)
    assert schedule[-1].planned == Decimal("100")
    planned = [week.planned for week in schedule]
    assert planned == sorted(planned)
    assert all(Decimal("0") <= value <= Decimal("100") for value in planned)


def test_planned_on_interpolates_between_weeks():
    schedule = weekly_schedule(START, 70, 2.0)

    assert planned_on(schedule, START, START - datetime.timedelta(days=3)) == 0
    assert planned_on(schedule, START, schedule[0].end) == pytest.approx(float(schedule[0].planned))
    middle = schedule[4].end + datetime.timedelta(days=3)
    assert float(schedule[4].planned) < planned_on(schedule, START, middle) < float(schedule[5].planned)
    assert planned_on(schedule, START, START + datetime.timedelta(days=400)) == 100


def test_percent_rounds_and_clamps():
    assert percent(12.345) == Decimal("12.35")
    assert percent(-3) == Decimal("0.00")
    assert percent(100.4) == Decimal("100.00")
