import datetime
from decimal import Decimal as D

import pytest

from earlywarning.rules import (
    ContractFacts,
    Observation,
    Status,
    Thresholds,
    assess,
    forecast_completion,
    late_penalty,
    planned_at,
)

RULES = Thresholds()
START = datetime.date(2026, 3, 2)


def week(n):
    return START + datetime.timedelta(days=7 * n)


# A straight plan: 10 % a week for ten weeks.
STRAIGHT_PLAN = [Observation(week(n), D(10 * n)) for n in range(1, 11)]


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (START - datetime.timedelta(days=3), D("0.00")),
        (START, D("0.00")),
        (week(1), D("10.00")),
        (week(1) + datetime.timedelta(days=3), D("14.29")),
        (week(7), D("70.00")),
        (week(10), D("100.00")),
        (week(14), D("100.00")),
    ],
)
def test_planned_at_interpolates(on, expected):
    assert planned_at(STRAIGHT_PLAN, START, on) == expected


WEEK_SEVEN = week(7)


def facts(actual_percent, *, on=WEEK_SEVEN, **extra):
    """A contract on the straight plan with one progress report on ``on``, judged the same day."""
    values = {
        "today": on,
        "fiscal_year": 2026,
        "start_date": START,
        "planned_end_date": week(10),
        "schedule": STRAIGHT_PLAN,
        "actual": [Observation(on, D(actual_percent))],
    }
    values.update(extra)
    return ContractFacts(**values)


# Boundaries of kontrak kritis. Week 7 plans exactly 70 % (still period I); week 8 plans 80 % (period II).
@pytest.mark.parametrize(
    ("on", "actual", "status", "reasons"),
    [
        (week(7), "70", Status.ON_TRACK, []),
        (week(7), "71", Status.AHEAD, []),
        (week(7), "69.99", Status.LATE, []),
        (week(7), "60", Status.LATE, []),  # lag exactly 10 points: not yet critical
        (week(7), "59.99", Status.CRITICAL, ["period_one_lag"]),
        (week(8), "75", Status.LATE, []),  # period II, lag exactly 5 points
        (week(8), "74.99", Status.CRITICAL, ["period_two_lag"]),
        (week(3), "19.99", Status.CRITICAL, ["period_one_lag"]),
        (week(3), "20", Status.LATE, []),
    ],
)
def test_critical_thresholds(on, actual, status, reasons):
    result = assess(facts(actual, on=on), RULES)
    assert result.status == status
    assert result.critical_reasons == reasons


def test_period_boundary_belongs_to_period_one():
    assert assess(facts("70", on=week(7)), RULES).period_two is False
    assert assess(facts("80", on=week(8)), RULES).period_two is True


def test_small_lag_past_year_end_is_critical_in_period_two():
    # 3 points behind at 80 % planned, but only 1 point a week lately: finishing runs into next year.
    late_in_year = datetime.date(2026, 12, 1)
    schedule = [Observation(late_in_year - datetime.timedelta(days=7), D("75")), Observation(late_in_year, D("80"))]
    actual = [
        Observation(late_in_year - datetime.timedelta(days=14), D("75")),
        Observation(late_in_year - datetime.timedelta(days=7), D("76")),
        Observation(late_in_year, D("77")),
    ]
    result = assess(
        ContractFacts(
            today=late_in_year,
            fiscal_year=2026,
            start_date=START,
            planned_end_date=datetime.date(2026, 12, 20),
            schedule=schedule,
            actual=actual,
        ),
        RULES,
    )
    assert result.period_two is True
    assert result.past_fiscal_year is True
    assert result.status == Status.CRITICAL
    assert result.critical_reasons == ["past_fiscal_year"]


def test_same_forecast_in_period_one_is_only_late():
    result = assess(facts("65", on=week(7)), RULES)
    assert result.period_two is False
    assert result.status == Status.LATE


def test_stale_after_configured_days():
    report_day = week(5)
    on_time = assess(facts("50", on=report_day, today=report_day + datetime.timedelta(days=14)), RULES)
    overdue = assess(facts("50", on=report_day, today=report_day + datetime.timedelta(days=15)), RULES)
    assert on_time.status == Status.ON_TRACK
    assert overdue.status == Status.STALE
    assert overdue.days_since_update == 15


def test_critical_outranks_stale():
    result = assess(facts("20", on=week(5), today=week(9)), RULES)
    assert result.stale is True
    assert result.status == Status.CRITICAL


def test_finished_when_handed_over_or_complete():
    assert assess(facts("100", on=week(9)), RULES).status == Status.FINISHED
    assert assess(facts("40", on=week(9), handed_over=True), RULES).status == Status.FINISHED


def test_not_started_before_spmk():
    result = assess(facts("0", on=START, today=START - datetime.timedelta(days=1), actual=[]), RULES)
    assert result.status == Status.NOT_STARTED


def test_no_report_counts_as_zero_progress():
    result = assess(facts("0", on=week(2), actual=[]), RULES)
    assert result.actual == D("0.00")
    assert result.deviation == D("-20.00")
    assert result.status == Status.CRITICAL


@pytest.mark.parametrize(
    ("financial", "flag"),
    [("60", False), ("60.01", True), (None, False)],
)
def test_paid_ahead_margin(financial, flag):
    value = None if financial is None else D(financial)
    assert assess(facts("50", on=week(5), financial_percent=value), RULES).paid_ahead is flag


@pytest.mark.parametrize(
    ("village", "gap", "flag"),
    [("40", "10.00", False), ("39.99", "10.01", True), ("62", "-12.00", True)],
)
def test_discrepancy_with_village_observation(village, gap, flag):
    seen = [Observation(week(5) - datetime.timedelta(days=2), D(village))]
    result = assess(facts("50", on=week(5), village_observed=seen), RULES)
    assert result.discrepancy == D(gap)
    assert result.discrepancy_flag is flag


def test_village_observation_beyond_a_week_is_ignored():
    seen = [Observation(week(5) - datetime.timedelta(days=8), D("10"))]
    result = assess(facts("50", on=week(5), village_observed=seen), RULES)
    assert result.discrepancy is None
    assert result.discrepancy_flag is False


def test_margins_come_from_settings():
    strict = Thresholds.from_settings({"discrepancy_margin": 5, "stale_after_days": 7})
    assert strict.discrepancy_margin == D("5")
    assert strict.stale_after_days == 7
    with pytest.raises(ValueError, match="Unknown early-warning threshold 'speed'"):
        Thresholds.from_settings({"speed": 1})


def test_forecast_from_recent_slope():
    points = [Observation(week(1), D("10")), Observation(week(2), D("20")), Observation(week(3), D("30"))]
    forecast, known = forecast_completion(points, RULES)
    assert known is True
    assert forecast == week(10)


def test_forecast_flat_trend_never_finishes():
    points = [Observation(week(1), D("30")), Observation(week(2), D("30"))]
    assert forecast_completion(points, RULES) == (datetime.date.max, True)


def test_forecast_needs_two_points():
    assert forecast_completion([Observation(week(1), D("30"))], RULES) == (None, False)


def test_forecast_past_contract_end_flagged():
    slow = [Observation(week(5), D("30")), Observation(week(6), D("35")), Observation(week(7), D("40"))]
    result = assess(facts("40", on=week(7), actual=slow), RULES)
    assert result.past_contract_end is True
    assert result.forecast_date == week(7) + datetime.timedelta(days=84)


def test_penalty_per_mille_before_vat():
    penalty = late_penalty(
        contract_value=D("1110000000"),
        planned_end=datetime.date(2026, 11, 30),
        finished_on=datetime.date(2026, 12, 10),
        thresholds=RULES,
    )
    assert penalty.days_late == 10
    assert penalty.per_day == D("1000000")
    assert penalty.total == D("10000000")
    assert penalty.performance_bond == D("55500000")
    assert penalty.exceeds_bond is False
    assert penalty.exceeds_extension is False


def test_penalty_limits():
    penalty = late_penalty(
        contract_value=D("1110000000"),
        planned_end=datetime.date(2026, 6, 30),
        finished_on=datetime.date(2026, 8, 20),
        thresholds=RULES,
    )
    assert penalty.days_late == 51
    assert penalty.exceeds_extension is True
    assert penalty.total == D("51000000")
    assert penalty.exceeds_bond is False
    assert (
        late_penalty(
            contract_value=D("1110000000"),
            planned_end=datetime.date(2026, 6, 30),
            finished_on=datetime.date(2026, 8, 26),
            thresholds=RULES,
        ).exceeds_bond
        is True
    )


def test_penalty_on_late_part_only():
    penalty = late_penalty(
        contract_value=D("1110000000"),
        late_part_value=D("111000000"),
        planned_end=datetime.date(2026, 11, 30),
        finished_on=datetime.date(2026, 12, 1),
        thresholds=RULES,
    )
    assert penalty.per_day == D("100000")


def test_no_penalty_when_on_time():
    penalty = late_penalty(
        contract_value=D("500000000"),
        planned_end=datetime.date(2026, 11, 30),
        finished_on=datetime.date(2026, 11, 28),
        thresholds=RULES,
    )
    assert penalty.days_late == 0
    assert penalty.total == D("0")
