"""Who may fetch which copy of a photo through evidence:photo_file, and with which content type."""

import datetime
import uuid
from decimal import Decimal

import pytest
from django.urls import reverse

from evidence.models import Photo
from evidence.services import photos_prepare, photos_store
from evidence.tests.conftest import data_upload
from monitoring import services as monitoring
from monitoring.models import CHECKLIST_FIELDS, MonitoringReport
from projects.models import ProgressUpdate

ROLES = ["admin", "leader", "dprd", "pupr", "education", "lalang_jaya", "kurnia_jaya", None]


@pytest.fixture
def shared_project(make_project, regions):
    """A road through Lalang Jaya and Kurnia Jaya: both villages may read the project."""
    return make_project(villages=[regions["lalang_jaya"], regions["kurnia_jaya"]])


def _submit(user, project, photo_name="gps_nikon_coolpix_p6000_DSCN0010.jpg") -> MonitoringReport:
    report, _ = monitoring.report_submit(
        user=user,
        project=project,
        client_id=uuid.uuid4(),
        visit_date=monitoring.jakarta_today(),
        observed_progress=Decimal("30"),
        checklist=dict.fromkeys(CHECKLIST_FIELDS, True),
        narrative="Pekerjaan berjalan.",
        photos=[data_upload(photo_name)],
        findings=[("Drainase tersumbat.", "low")],
    )
    return report


@pytest.fixture
def report_photo(users, shared_project) -> Photo:
    return _submit(users["lalang_jaya"], shared_project).photos.get()


def _fetch(client, users, role, photo, variant):
    if role is not None:
        client.force_login(users[role])
    response = client.get(reverse("evidence:photo_file", args=[photo.pk, variant]))
    if response.streaming:
        # The test client closes a streamed response (and its file) once the content is read.
        return response, b"".join(response.streaming_content)
    return response, response.content


ORIGINAL_STATUS = {
    "admin": 200,
    "leader": 200,
    "dprd": 200,
    "pupr": 200,
    "education": 404,
    "lalang_jaya": 200,
    "kurnia_jaya": 404,
    None: 404,
}


@pytest.mark.parametrize("role", ROLES)
def test_report_original_access(client, users, report_photo, role):
    response, _ = _fetch(client, users, role, report_photo, "original")

    assert response.status_code == ORIGINAL_STATUS[role]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("variant", ["thumb", "web"])
def test_public_copies_open_to_everyone(client, users, report_photo, role, variant):
    response, body = _fetch(client, users, role, report_photo, variant)

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert body.startswith(b"\xff\xd8")
    assert b"NIKON" not in body


def test_original_keeps_exif_and_type(client, users, report_photo):
    response, body = _fetch(client, users, "lalang_jaya", report_photo, "original")

    assert response["Content-Type"] == "image/jpeg"
    assert b"NIKON" in body


def test_heic_original_content_type(client, users, shared_project):
    photo = _submit(users["lalang_jaya"], shared_project, "gps_iphone_11_pro_max_IMG_5195.heic").photos.get()

    original, body = _fetch(client, users, "lalang_jaya", photo, "original")
    thumb, _ = _fetch(client, users, "lalang_jaya", photo, "thumb")

    assert original["Content-Type"] == "image/heif"
    assert body == data_upload("gps_iphone_11_pro_max_IMG_5195.heic").read()
    assert thumb["Content-Type"] == "image/jpeg"


WITHDRAWN_THUMB_STATUS = ORIGINAL_STATUS


@pytest.mark.parametrize("role", ROLES)
def test_withdrawn_report_thumb_hidden(client, users, report_photo, role):
    monitoring.report_withdraw(user=users["lalang_jaya"], report=report_photo.report, reason="Salah proyek.")

    response, _ = _fetch(client, users, role, report_photo, "thumb")

    assert response.status_code == WITHDRAWN_THUMB_STATUS[role]


def test_unknown_variant_not_found(client, users, report_photo):
    response, _ = _fetch(client, users, "admin", report_photo, "exif")

    assert response.status_code == 404


def test_missing_photo_not_found(client, users):
    client.force_login(users["admin"])

    response = client.get(reverse("evidence:photo_file", args=[999999, "thumb"]))

    assert response.status_code == 404


def test_response_photo_original_scoped(client, users, shared_project):
    report = _submit(users["lalang_jaya"], shared_project)
    finding = report.findings.get()
    monitoring.finding_respond(
        user=users["pupr"],
        finding=finding,
        action="answer",
        message="Saluran sudah dibersihkan.",
        photos=[data_upload("gps_nikon_coolpix_p6000_DSCN0010.jpg")],
    )
    photo = Photo.objects.get(response__finding=finding)

    assert _fetch(client, users, "lalang_jaya", photo, "original")[0].status_code == 200
    client.logout()
    assert _fetch(client, users, "kurnia_jaya", photo, "original")[0].status_code == 404
    client.logout()
    assert _fetch(client, users, None, photo, "thumb")[0].status_code == 200


def test_progress_photo_original_follows_project(client, users, shared_project):
    update = ProgressUpdate.objects.create(
        project=shared_project,
        date=datetime.date(2026, 6, 1),
        physical_percent=Decimal("40"),
        financial_percent=Decimal("30"),
        created_by=users["pupr"],
    )
    prepared = photos_prepare([data_upload("gps_nikon_coolpix_p6000_DSCN0010.jpg")])
    photo = photos_store(prepared=prepared, project=shared_project, uploaded_by=users["pupr"], progress_update=update)[
        0
    ]

    assert _fetch(client, users, "kurnia_jaya", photo, "original")[0].status_code == 200
    client.logout()
    assert _fetch(client, users, None, photo, "original")[0].status_code == 404
