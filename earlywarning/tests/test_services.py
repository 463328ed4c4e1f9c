import datetime
from decimal import Decimal as D

import pytest

from earlywarning.models import ProjectAssessment
from earlywarning.services import assessment_refresh, assessments_refresh_all
from projects.models import ProgressUpdate, ProjectStatus, ScheduleEntry

START = datetime.date(2026, 3, 2)


@pytest.fixture
def planned_project(make_project):
    project = make_project(start_date=START, duration_days=70)
    for week in range(1, 11):
        ScheduleEntry.objects.create(
            project=project, week=week, week_end=START + datetime.timedelta(days=7 * week), planned_percent=D(10 * week)
        )
    return project


def progress(project, user, day, physical, financial="0"):
    ProgressUpdate.objects.create(
        project=project, date=day, physical_percent=D(physical), financial_percent=D(financial), created_by=user
    )


def test_refresh_stores_critical_status(planned_project, users):
    day = START + datetime.timedelta(days=28)
    progress(planned_project, users["pupr"], day, "25")
    change = assessment_refresh(project=planned_project, today=day)
    stored = ProjectAssessment.objects.get(project=planned_project)
    assert stored.status == "critical"
    assert stored.deviation == D("-15.00")
    assert stored.critical_reasons == ["period_one_lag"]
    assert change.previous is None
    assert change.current == "critical"


def test_refresh_twice_reports_no_change(planned_project, users):
    day = START + datetime.timedelta(days=28)
    progress(planned_project, users["pupr"], day, "40")
    assert assessment_refresh(project=planned_project, today=day) is not None
    assert assessments_refresh_all(today=day) == []


def test_last_update_of_a_day_counts(planned_project, users):
    day = START + datetime.timedelta(days=28)
    progress(planned_project, users["pupr"], day, "25")
    progress(planned_project, users["pupr"], day, "41", financial="60")
    assessment_refresh(project=planned_project, today=day)
    stored = ProjectAssessment.objects.get(project=planned_project)
    assert stored.status == "ahead"
    assert stored.paid_ahead is True


def test_terminated_project_loses_assessment(planned_project, users):
    day = START + datetime.timedelta(days=28)
    assessment_refresh(project=planned_project, today=day)
    planned_project.status = ProjectStatus.TERMINATED
    planned_project.save()
    assert assessment_refresh(project=planned_project, today=day) is None
    assert not ProjectAssessment.objects.filter(project=planned_project).exists()
