"""The services of other apps refresh the stored assessment once their transaction commits."""

import datetime
import io
import uuid
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from core.errors import DomainError
from earlywarning.models import ProjectAssessment
from earlywarning.services import schedule_replace
from monitoring import services as monitoring
from monitoring.models import CHECKLIST_FIELDS
from projects import services as projects
from projects.fiscal import local_today
from projects.models import ProjectStatus, ScheduleEntry


def jpeg():
    buffer = io.BytesIO()
    Image.new("RGB", (32, 24), (90, 120, 60)).save(buffer, format="JPEG")
    return SimpleUploadedFile("lokasi.jpg", buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture
def running(make_project):
    """A ten-week contract that started 42 days ago on a straight plan (60 % planned today)."""
    today = local_today()
    start = today - datetime.timedelta(days=42)
    project = make_project(start_date=start, duration_days=70, fiscal_year=today.year)
    ScheduleEntry.objects.bulk_create(
        ScheduleEntry(
            project=project, week=week, week_end=start + datetime.timedelta(days=7 * week), planned_percent=D(10 * week)
        )
        for week in range(1, 11)
    )
    return project


def stored(project):
    return ProjectAssessment.objects.get(project=project)


def update(project, user, physical, financial="0"):
    projects.progress_update_create(
        user=user, project=project, date=local_today(), physical_percent=D(physical), financial_percent=D(financial)
    )


def test_progress_update_turning_critical_is_stored(running, users, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        update(running, users["pupr"], "58")
    assert stored(running).status == "late"
    with django_capture_on_commit_callbacks(execute=True):
        update(running, users["pupr"], "45", financial="70")
    assessment = stored(running)
    assert assessment.status == "critical"
    assert assessment.critical_reasons == ["period_one_lag"]
    assert assessment.paid_ahead is True
    assert assessment.first_critical_on == local_today()


def test_nothing_refreshed_when_update_rejected(running, users, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(DomainError):
        update(running, users["pupr"], "101")
    assert callbacks == []
    assert not ProjectAssessment.objects.filter(project=running).exists()


def test_hand_over_marks_finished(running, users, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        update(running, users["pupr"], "100", financial="95")
        projects.project_update_status(user=users["pupr"], project=running, status=ProjectStatus.PHO)
    assert stored(running).status == "finished"


def test_village_report_and_withdrawal(running, users, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        update(running, users["pupr"], "60")
    with django_capture_on_commit_callbacks(execute=True):
        report, _created = monitoring.report_submit(
            user=users["lalang_jaya"],
            project=running,
            client_id=uuid.uuid4(),
            visit_date=local_today(),
            observed_progress=D("35"),
            checklist=dict.fromkeys(CHECKLIST_FIELDS, True),
            narrative="Baru sebagian badan jalan yang dicor.",
            photos=[jpeg()],
        )
    assessment = stored(running)
    assert assessment.discrepancy_flag is True
    assert assessment.discrepancy == D("25.00")
    assert assessment.village_observed_percent == D("35.00")

    with django_capture_on_commit_callbacks(execute=True):
        monitoring.report_withdraw(user=users["lalang_jaya"], report=report, reason="Salah proyek")
    assert stored(running).discrepancy_flag is False


def test_schedule_replace_refreshes(running, users, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        update(running, users["pupr"], "45")
    assert stored(running).status == "critical"
    # A slower plan that the OPD agreed on leaves the same progress only a little behind.
    slower = [(week, str(min(100, 7.5 * week))) for week in range(1, 15)]
    slower[-1] = (14, "100")
    with django_capture_on_commit_callbacks(execute=True):
        schedule_replace(user=users["pupr"], project=running, entries=slower)
    assert stored(running).status == "late"
    assert stored(running).critical_reasons == []
    assert stored(running).first_critical_on == local_today()
