"""A project with everything the public API shows, and things it must hide, around it."""

import datetime
import uuid
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from evidence.models import Photo
from monitoring.models import Finding, FindingState, MonitoringReport, ReportStatus, Response, Severity
from projects.models import ProgressUpdate, ScheduleEntry

# Values that belong to people or devices. None of them may appear in any API response.
REPORTER_PHONE = "0812-7788-9911"
REPORTER_EMAIL = "sekdes.lalangjaya@example.id"
AUTHOR_PHONE = "0819-2233-4455"
DEVICE_LATITUDE = Decimal("-2.123457")
EXIF_LONGITUDE = Decimal("107.654321")
NARRATIVE = "Kami bertemu mandor Pak Slamet di lokasi."


@pytest.fixture
def client():
    return APIClient()


def make_report(project, village, reporter, **fields):
    values = {
        "client_id": uuid.uuid4(),
        "project": project,
        "village": village,
        "reporter": reporter,
        "visit_date": datetime.date(2026, 5, 4),
        "observed_progress": Decimal("30.00"),
        "signboard_present": True,
        "workers_present": False,
        "materials_as_specified": True,
        "work_matches_plan": True,
        "site_safe": False,
        "narrative": NARRATIVE,
        "latitude": DEVICE_LATITUDE,
        "longitude": EXIF_LONGITUDE,
    }
    values.update(fields)
    return MonitoringReport.objects.create(**values)


def make_finding(report, **fields):
    values = {
        "report": report,
        "project": report.project,
        "agency": report.project.agency,
        "description": "Papan nama proyek tidak terpasang.",
        "severity": Severity.MEDIUM,
    }
    values.update(fields)
    return Finding.objects.create(**values)


def make_photo(project, uploaded_by, **owner):
    return Photo.objects.create(
        project=project,
        original="photos/original/x.jpg",
        web="photos/web/x.jpg",
        thumbnail="photos/thumb/x.jpg",
        content_type="image/jpeg",
        sha256="ab" * 32,
        size_bytes=1000,
        width=800,
        height=600,
        has_metadata=True,
        camera="Samsung SM-A155F",
        exif_latitude=DEVICE_LATITUDE,
        exif_longitude=EXIF_LONGITUDE,
        device_latitude=DEVICE_LATITUDE,
        device_longitude=EXIF_LONGITUDE,
        device_accuracy=Decimal("8.5"),
        uploaded_by=uploaded_by,
        **owner,
    )


@pytest.fixture
def monitored(project, users, regions):
    """The fixture project with a kurva S, two progress updates, a live and a withdrawn report, three
    findings (one open, one resolved, one on the withdrawn report) and photos of every kind, visible and not."""
    reporter = users["lalang_jaya"]
    reporter.phone = REPORTER_PHONE
    reporter.email = REPORTER_EMAIL
    reporter.save()
    author = users["pupr"]
    author.phone = AUTHOR_PHONE
    author.save()

    for week, percent in [(1, "5.00"), (2, "12.50"), (3, "20.00")]:
        ScheduleEntry.objects.create(
            project=project,
            week=week,
            week_end=project.start_date + datetime.timedelta(days=7 * week - 1),
            planned_percent=Decimal(percent),
        )
    progress = ProgressUpdate.objects.create(
        project=project,
        date=datetime.date(2026, 4, 1),
        physical_percent=Decimal("10.00"),
        financial_percent=Decimal("20.00"),
        note="Catatan internal",
        created_by=author,
    )
    ProgressUpdate.objects.create(
        project=project,
        date=datetime.date(2026, 5, 1),
        physical_percent=Decimal("25.50"),
        financial_percent=Decimal("30.00"),
        created_by=author,
    )

    report = make_report(project, regions["lalang_jaya"], reporter)
    withdrawn = make_report(
        project,
        regions["lalang_jaya"],
        reporter,
        visit_date=datetime.date(2026, 5, 10),
        status=ReportStatus.WITHDRAWN,
        withdrawn_reason="Salah proyek",
    )
    open_finding = make_finding(report)
    resolved = make_finding(
        report, description="Pekerja tanpa helm.", severity=Severity.LOW, state=FindingState.RESOLVED
    )
    hidden_finding = make_finding(withdrawn, description="Temuan yang ditarik.")
    response = Response.objects.create(
        finding=resolved, agency=project.agency, author=author, action="answer", message="Helm sudah dibagikan."
    )
    hidden_response = Response.objects.create(
        finding=hidden_finding, agency=project.agency, author=author, action="answer", message="Jawaban tersembunyi."
    )

    photos = {
        "report": make_photo(project, reporter, report=report),
        "withdrawn": make_photo(project, reporter, report=withdrawn),
        "progress": make_photo(project, author, progress_update=progress),
        "response": make_photo(project, author, response=response),
        "hidden_response": make_photo(project, author, response=hidden_response),
    }
    return {
        "project": project,
        "report": report,
        "withdrawn": withdrawn,
        "open_finding": open_finding,
        "resolved": resolved,
        "hidden_finding": hidden_finding,
        "photos": photos,
    }
