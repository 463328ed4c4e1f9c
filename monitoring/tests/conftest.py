"""Fixtures for monitoring tests: small real images, a valid report submission and reports in two villages."""

import io
import uuid
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from monitoring import services
from monitoring.models import CHECKLIST_FIELDS

EVIDENCE_DATA = Path(__file__).resolve().parents[2] / "evidence" / "tests" / "data"


def jpeg_upload(name: str = "lokasi.jpg", size=(64, 48), color=(120, 160, 90)) -> SimpleUploadedFile:
    """A small real JPEG, as a phone browser would upload it."""
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def camera_upload() -> SimpleUploadedFile:
    """A real camera JPEG with EXIF (Nikon COOLPIX P6000, with GPS)."""
    data = (EVIDENCE_DATA / "gps_nikon_coolpix_p6000_DSCN0010.jpg").read_bytes()
    return SimpleUploadedFile("DSCN0010.jpg", data, content_type="image/jpeg")


def submission(user, project, **overrides) -> dict:
    """Keyword arguments of a valid report_submit call; ``overrides`` replace any of them."""
    values = {
        "user": user,
        "project": project,
        "client_id": uuid.uuid4(),
        "visit_date": services.jakarta_today(),
        "observed_progress": Decimal("42.50"),
        "checklist": dict.fromkeys(CHECKLIST_FIELDS, True) | {"signboard_present": False},
        "narrative": "Pengecoran bahu jalan sedang berjalan, enam pekerja di lokasi.",
        "photos": [jpeg_upload()],
        "findings": [("Papan nama proyek tidak terpasang.", "medium")],
    }
    values.update(overrides)
    return values


@pytest.fixture
def submit():
    """Submit a valid report through the service; keyword arguments override the defaults."""

    def run(user, project, **overrides):
        return services.report_submit(**submission(user, project, **overrides))

    return run


@pytest.fixture
def shared_project(make_project, regions):
    """A road through both Lalang Jaya and Kurnia Jaya, so both villages may report on it."""
    return make_project(
        name="Peningkatan Jalan Lalang Jaya – Kurnia Jaya", villages=[regions["lalang_jaya"], regions["kurnia_jaya"]]
    )


@pytest.fixture
def lalang_report(users, project, submit):
    """A report of Lalang Jaya with one finding for Dinas PUPR."""
    report, _ = submit(users["lalang_jaya"], project)
    return report


@pytest.fixture
def finding(lalang_report):
    return lalang_report.findings.get()


@pytest.fixture
def answered_finding(users, finding):
    services.finding_respond(user=users["pupr"], finding=finding, action="answer", message="Papan nama sudah dipasang.")
    finding.refresh_from_db()
    return finding


@pytest.fixture
def emails(users):
    """Give every fixture user an e-mail address, so notifications are mailed too."""
    for user in users.values():
        user.email = f"{user.username}@example.test"
        user.save(update_fields=["email"])
    return users


@pytest.fixture
def pupr_head(agencies):
    """The head (kepala) of Dinas PUPR, who receives escalations of overdue findings."""
    from accounts.models import Role, User

    return User.objects.create_user(
        username="kadis_pupr",
        password="rahasia-uji-123",
        role=Role.AGENCY,
        agency=agencies["pupr"],
        is_agency_head=True,
        first_name="Kepala Dinas PUPR",
        email="kadis.pupr@example.test",
    )
