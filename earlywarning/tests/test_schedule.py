import datetime
import itertools
from decimal import Decimal as D

import pytest

from audit.models import AuditEntry
from core.errors import DomainError
from earlywarning.schedule import CurveShape, generate, week_count, week_end
from earlywarning.services import ScheduleInvalid, schedule_check, schedule_replace
from projects.models import ScheduleEntry


@pytest.mark.parametrize(("days", "weeks"), [(1, 1), (7, 1), (8, 2), (14, 2), (15, 3), (150, 22), (365, 53)])
def test_week_count_rounds_up(days, weeks):
    assert week_count(days) == weeks


def test_week_count_rejects_zero():
    with pytest.raises(ValueError, match="at least one day"):
        week_count(0)


@pytest.mark.parametrize("shape", list(CurveShape))
@pytest.mark.parametrize("days", [1, 6, 7, 8, 13, 30, 45, 150, 181, 365])
def test_every_shape_rises_to_exactly_100(shape, days):
    planned = generate(days, shape)
    percents = [week.percent for week in planned]
    assert [week.week for week in planned] == list(range(1, week_count(days) + 1))
    assert percents[-1] == D("100.00")
    assert all(later >= earlier for earlier, later in itertools.pairwise(percents))
    assert all(D("0") <= value <= D("100") for value in percents)
    assert all(value == value.quantize(D("0.01")) for value in percents)


def test_one_week_contract_is_one_full_week():
    assert [(week.week, week.percent) for week in generate(5, CurveShape.S_CURVE)] == [(1, D("100.00"))]


def test_linear_ten_weeks():
    assert [week.percent for week in generate(70, "linear")] == [D(10 * n) for n in range(1, 11)]


def test_odd_duration_uses_elapsed_share():
    # 10 days: week 1 ends on day 7 (70 % of the time), week 2 is the partial last week.
    assert [week.percent for week in generate(10, CurveShape.LINEAR)] == [D("70.00"), D("100.00")]
    assert [week.percent for week in generate(10, CurveShape.BACK_LOADED)] == [D("49.00"), D("100.00")]
    assert [week.percent for week in generate(10, CurveShape.FRONT_LOADED)] == [D("91.00"), D("100.00")]


def test_s_curve_is_slow_then_fast_then_slow():
    planned = [week.percent for week in generate(100 * 7, CurveShape.S_CURVE)]
    steps = [later - earlier for earlier, later in zip([D(0), *planned[:-1]], planned, strict=True)]
    assert planned[49] == D("50.00")  # symmetric: half the work at half the time
    assert steps[0] < steps[49] > steps[-1]
    assert planned[0] == D("0.03")  # 3(0.01)² - 2(0.01)³ = 0.000298


def test_shapes_differ_at_mid_contract():
    halfway = {shape: generate(140, shape)[9].percent for shape in CurveShape}
    assert halfway[CurveShape.FRONT_LOADED] == D("75.00")
    assert halfway[CurveShape.LINEAR] == D("50.00")
    assert halfway[CurveShape.S_CURVE] == D("50.00")
    assert halfway[CurveShape.BACK_LOADED] == D("25.00")


def test_unknown_shape_rejected():
    with pytest.raises(ValueError, match="zigzag"):
        generate(70, "zigzag")


def test_week_end_matches_import_convention():
    start = datetime.date(2026, 3, 9)
    assert week_end(start, 1) == datetime.date(2026, 3, 15)
    assert week_end(start, 2) == datetime.date(2026, 3, 22)


# --- schedule_check and schedule_replace ---


def entries(*values):
    return [(week, value) for week, value in enumerate(values, start=1)]


def errors_of(excinfo):
    return [(error.code, error.field) for error in excinfo.value.errors]


def test_check_accepts_comma_decimals():
    planned = schedule_check(entries("12,5", "60", "100"))
    assert [week.percent for week in planned] == [D("12.50"), D("60.00"), D("100.00")]


@pytest.mark.parametrize(
    ("values", "code", "field"),
    [
        (("10", "", "100"), "schedule_week_empty", "week_2"),
        (("10", "abc", "100"), "schedule_week_invalid", "week_2"),
        (("10", "-1", "100"), "schedule_week_out_of_range", "week_2"),
        (("10", "100.01", "100"), "schedule_week_out_of_range", "week_2"),
        (("10", "50", "40", "100"), "schedule_decreasing", "week_3"),
        (("10", "50", "99.99"), "schedule_incomplete", "week_3"),
    ],
)
def test_check_names_the_broken_week(values, code, field):
    with pytest.raises(ScheduleInvalid) as excinfo:
        schedule_check(entries(*values))
    assert errors_of(excinfo) == [(code, field)]


def test_check_boundaries_accepted():
    planned = schedule_check(entries("0", "0", "100", "100"))
    assert [week.percent for week in planned] == [D("0.00"), D("0.00"), D("100.00"), D("100.00")]


def test_check_lists_every_error():
    with pytest.raises(ScheduleInvalid) as excinfo:
        schedule_check(entries("50", "40", "", "90"))
    assert errors_of(excinfo) == [
        ("schedule_decreasing", "week_2"),
        ("schedule_week_empty", "week_3"),
        ("schedule_incomplete", "week_4"),
    ]


def test_decreasing_message_names_weeks_and_fix():
    with pytest.raises(ScheduleInvalid) as excinfo:
        schedule_check(entries("45", "40", "100"))
    assert excinfo.value.errors[0].message == (
        "Minggu 2: 40,00% lebih kecil dari 45,00% pada minggu 1. Kurva S bersifat kumulatif, jadi isi paling "
        "sedikit 45,00%."
    )


def test_check_weeks_must_run_from_one():
    with pytest.raises(ScheduleInvalid) as excinfo:
        schedule_check([(1, "10"), (3, "100")])
    assert errors_of(excinfo) == [("schedule_week_order", "week_2")]


def test_incomplete_allowed_when_marked():
    planned = schedule_check(entries("10", "40"), require_complete=False)
    assert planned[-1].percent == D("40.00")


def test_check_rejects_empty():
    with pytest.raises(ScheduleInvalid) as excinfo:
        schedule_check([])
    assert errors_of(excinfo) == [("schedule_empty", "weeks")]


def test_replace_stores_dated_weeks_and_audits(project, users):
    ScheduleEntry.objects.create(project=project, week=1, week_end=project.start_date, planned_percent=D("99"))
    schedule_replace(user=users["pupr"], project=project, entries=entries("20", "70", "100"))
    stored = list(project.schedule.order_by("week").values_list("week", "week_end", "planned_percent"))
    assert stored == [
        (1, datetime.date(2026, 3, 15), D("20.00")),
        (2, datetime.date(2026, 3, 22), D("70.00")),
        (3, datetime.date(2026, 3, 29), D("100.00")),
    ]
    entries_written = AuditEntry.objects.filter(object_type="projects.scheduleentry").order_by("sequence")
    assert [entry.action for entry in entries_written] == ["update", "create", "create"]
    assert entries_written[0].changes["planned_percent"] == ["99.00", "20.00"]
    assert {entry.actor_id for entry in entries_written} == {users["pupr"].pk}
    assert "3 weeks (was 1)" in entries_written[0].summary


def test_replace_keeps_old_schedule_on_error(project, users):
    ScheduleEntry.objects.create(project=project, week=1, week_end=project.start_date, planned_percent=D("100"))
    with pytest.raises(ScheduleInvalid):
        schedule_replace(user=users["pupr"], project=project, entries=entries("20", "10", "100"))
    assert list(project.schedule.values_list("planned_percent", flat=True)) == [D("100")]


@pytest.mark.parametrize("role", ["leader", "dprd", "education", "lalang_jaya"])
def test_replace_refused_for_other_roles(project, users, role):
    with pytest.raises(DomainError) as excinfo:
        schedule_replace(user=users[role], project=project, entries=entries("100"))
    assert excinfo.value.code == "not_project_agency"
    assert not project.schedule.exists()


def test_admin_may_replace(project, users):
    schedule_replace(user=users["admin"], project=project, entries=entries("100"))
    assert project.schedule.count() == 1


def test_replace_needs_start_date(make_project, users):
    project = make_project(start_date=None)
    with pytest.raises(DomainError) as excinfo:
        schedule_replace(user=users["pupr"], project=project, entries=entries("100"))
    assert excinfo.value.code == "schedule_no_start"


def test_last_short_week_ends_on_planned_end(make_project, users):
    # 10 days from 9 March: week 1 ends on 15 March, the contract on 18 March.
    project = make_project(start_date=datetime.date(2026, 3, 9), duration_days=10)
    schedule_replace(user=users["pupr"], project=project, entries=entries("70", "100"))
    assert list(project.schedule.order_by("week").values_list("week_end", flat=True)) == [
        datetime.date(2026, 3, 15),
        datetime.date(2026, 3, 18),
    ]


def test_weeks_beyond_planned_end_keep_seven_days(make_project, users):
    project = make_project(start_date=datetime.date(2026, 3, 9), duration_days=10)
    schedule_replace(user=users["pupr"], project=project, entries=entries("40", "70", "100"))
    assert project.schedule.get(week=3).week_end == datetime.date(2026, 3, 29)
