import datetime
from decimal import Decimal as D

import pytest

from earlywarning.models import ProjectAssessment
from projects.models import ScheduleEntry

START = datetime.date(2026, 3, 9)


@pytest.fixture
def planned(make_project):
    """A ten-week contract from 9 March 2026, planned in a straight line of 10 % a week."""

    def build(**fields):
        project = make_project(start_date=START, duration_days=70, **fields)
        ScheduleEntry.objects.bulk_create(
            ScheduleEntry(
                project=project,
                week=week,
                week_end=START + datetime.timedelta(days=7 * week - 1),
                planned_percent=D(10 * week),
            )
            for week in range(1, 11)
        )
        return project

    return build


@pytest.fixture
def critical_project(planned):
    """A planned project stored as judged critical, so show-cause meetings may be recorded on it."""
    project = planned()
    ProjectAssessment.objects.create(
        project=project,
        status="critical",
        critical_reasons=["period_one_lag"],
        first_critical_on=START + datetime.timedelta(days=28),
        computed_at=datetime.datetime(2026, 4, 6, tzinfo=datetime.UTC),
    )
    return project
