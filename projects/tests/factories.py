"""Builders for monitoring data that the OPD, dashboard and portal tests share.

They write rows directly, so these tests do not depend on the monitoring services being finished.
"""

from __future__ import annotations

import datetime
import io
import uuid
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from accounts.models import Role, User
from evidence.models import Photo
from monitoring.models import Finding, FindingState, MonitoringReport, Response, ResponseAction, Severity
from projects.models import ProgressUpdate


def jpeg_upload(name: str = "foto.jpg", size: tuple[int, int] = (64, 48)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (120, 160, 90)).save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def make_report(project, *, village, reporter, **fields) -> MonitoringReport:
    values = {
        "client_id": uuid.uuid4(),
        "visit_date": datetime.date(2026, 4, 10),
        "observed_progress": Decimal("30.00"),
        "signboard_present": True,
        "workers_present": True,
        "materials_as_specified": True,
        "work_matches_plan": True,
        "site_safe": True,
        "narrative": "Pekerjaan berjalan.",
    }
    values.update(fields)
    return MonitoringReport.objects.create(project=project, village=village, reporter=reporter, **values)


def make_finding(report, **fields) -> Finding:
    values = {"description": "Papan nama proyek tidak terpasang.", "severity": Severity.MEDIUM}
    values.update(fields)
    return Finding.objects.create(report=report, project=report.project, agency=report.project.agency, **values)


def make_response(finding, *, author, message="Papan nama sudah dipasang.", **fields) -> Response:
    return Response.objects.create(
        finding=finding, agency=finding.agency, author=author, action=ResponseAction.ANSWER, message=message, **fields
    )


def make_update(
    project, *, user, date=datetime.date(2026, 4, 1), physical="25.00", financial="20.00"
) -> ProgressUpdate:
    return ProgressUpdate.objects.create(
        project=project,
        date=date,
        physical_percent=Decimal(physical),
        financial_percent=Decimal(financial),
        created_by=user,
    )


def make_photo(project, *, uploaded_by, **owner) -> Photo:
    """Create a photo row with placeholder file names, which is enough because the pages only link to it."""
    name = uuid.uuid4().hex
    return Photo.objects.create(
        project=project,
        original=f"photos/original/{name}.jpg",
        web=f"photos/web/{name}.jpg",
        thumbnail=f"photos/thumb/{name}.jpg",
        content_type="image/jpeg",
        sha256=name * 2,
        size_bytes=1000,
        width=640,
        height=480,
        uploaded_by=uploaded_by,
        **owner,
    )


def build_portfolio(make_project, regions, agencies, users, *, count: int) -> list:
    """Create ``count`` projects across both OPDs and three desa, each with an update, a report, an open
    finding with a response, and photos on the update and the report."""
    villages = [regions["lalang_jaya"], regions["kurnia_jaya"], regions["gantung_desa"]]
    gantung_reporter, _created = User.objects.get_or_create(
        username="desa_gantung", defaults={"role": Role.VILLAGE, "village": regions["gantung_desa"]}
    )
    reporters = {
        regions["lalang_jaya"].pk: users["lalang_jaya"],
        regions["kurnia_jaya"].pk: users["kurnia_jaya"],
        regions["gantung_desa"].pk: gantung_reporter,
    }
    projects = []
    for index in range(count):
        village = villages[index % 3]
        agency = agencies["pupr"] if index % 2 == 0 else agencies["education"]
        opd_user = users["pupr"] if index % 2 == 0 else users["education"]
        reporter = reporters[village.pk]
        project = make_project(
            name=f"Paket {index:03d}", agency=agency, villages=[village], contract_value=Decimal(1_000_000 + index)
        )
        update = make_update(project, user=opd_user)
        make_photo(project, uploaded_by=opd_user, progress_update=update)
        report = make_report(project, village=village, reporter=reporter)
        make_photo(project, uploaded_by=reporter, report=report)
        finding = make_finding(report)
        make_response(finding, author=opd_user)
        make_finding(report, state=FindingState.RESOLVED, description="Sudah diperbaiki.")
        projects.append(project)
    return projects
