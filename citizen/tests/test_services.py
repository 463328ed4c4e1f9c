from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from audit.models import AuditEntry
from citizen import services
from citizen.geo import geometry_contains
from citizen.models import TRACKING_ALPHABET, CitizenReport, Status, normalize_tracking_code
from citizen.tests.conftest import gps_jpeg
from core.errors import DomainError

DESCRIPTION = "Lampu jalan di depan masjid mati sejak seminggu."


def submit(**overrides):
    values = {"category": "street_light", "description": DESCRIPTION}
    values.update(overrides)
    return services.citizen_report_submit(**values)


def test_submit_on_project_routes_to_village_and_opd(project, regions, agencies):
    report = submit(project=project, category="project_work")
    assert report.status == Status.RECEIVED
    assert report.village == regions["lalang_jaya"]
    assert report.agency == agencies["pupr"]
    assert len(report.tracking_code) == 10
    assert set(report.tracking_code) <= set(TRACKING_ALPHABET)
    assert AuditEntry.objects.filter(object_type="citizen.citizenreport", object_id=str(report.pk)).exists()


def test_tracking_codes_differ(project):
    codes = {submit(project=project).tracking_code for _ in range(20)}
    assert len(codes) == 20


def test_normalize_tracking_code():
    assert normalize_tracking_code(" abcd-efgh 23 ") == "ABCDEFGH23"


def test_point_without_project_finds_village(square_village, agencies, regions):
    from agencies.models import Agency

    Agency.objects.create(regency=regions["regency"], name="Dinas Perhubungan", short_name="Dinas Perhubungan")
    report = submit(latitude=Decimal("-2.95"), longitude=Decimal("108.05"))
    assert report.village == square_village
    assert report.agency.short_name == "Dinas Perhubungan"


def test_point_outside_kabupaten_rejected(square_village):
    with pytest.raises(DomainError) as error:
        submit(latitude=Decimal("-6.2"), longitude=Decimal("106.8"))
    assert error.value.code == "location_outside"
    assert not CitizenReport.objects.exists()


def test_category_without_opd_awaits_triage(square_village):
    report = submit(category="other", latitude=Decimal("-2.95"), longitude=Decimal("108.05"))
    assert report.agency is None


def test_no_project_needs_point(db):
    with pytest.raises(DomainError) as error:
        submit()
    assert error.value.code == "location_missing"


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"description": "rusak"}, "description_too_short"),
        ({"description": "x" * 2001}, "description_too_long"),
        ({"category": "ufo"}, "category_invalid"),
        ({"contact_phone": "call me"}, "contact_phone_invalid"),
        ({"contact_phone": "123"}, "contact_phone_invalid"),
        ({"contact_email": "not-an-address"}, "contact_email_invalid"),
        ({"latitude": Decimal("-2.9")}, "location_incomplete"),
    ],
)
def test_submit_rejects_bad_input(project, overrides, code):
    with pytest.raises(DomainError) as error:
        submit(project=project, **overrides)
    assert error.value.code == code
    assert not CitizenReport.objects.exists()


def test_photos_stored_without_exif(project):
    report = submit(project=project, photos=[gps_jpeg()])
    photo = report.photos.get()
    for stored in (photo.web, photo.thumbnail):
        with stored.open("rb") as handle, Image.open(handle) as image:
            assert not image.getexif()
    assert not hasattr(photo, "original")


def test_too_many_photos_rejected(project, settings):
    settings.SIMPOR_CITIZEN = {**settings.SIMPOR_CITIZEN, "max_photos": 1}
    with pytest.raises(DomainError) as error:
        submit(project=project, photos=[gps_jpeg(), gps_jpeg("b.jpg")])
    assert error.value.code == "too_many_photos"


def test_large_photo_rejected(project, settings):
    settings.SIMPOR_CITIZEN = {**settings.SIMPOR_CITIZEN, "max_photo_bytes": 100}
    with pytest.raises(DomainError) as error:
        submit(project=project, photos=[gps_jpeg()])
    assert error.value.code == "photo_too_large"


def test_not_an_image_rejected(project):
    fake = SimpleUploadedFile("foto.jpg", b"<?php echo 1; ?>", content_type="image/jpeg")
    with pytest.raises(DomainError) as error:
        submit(project=project, photos=[fake])
    assert error.value.code == "photo_not_image"
    assert not CitizenReport.objects.exists()


def test_moderation_flow(project, users):
    report = submit(project=project)
    report = services.citizen_report_take(user=users["lalang_jaya"], report=report)
    assert report.status == Status.IN_MODERATION
    report = services.citizen_report_publish(user=users["lalang_jaya"], report=report)
    assert report.status == Status.PUBLISHED
    assert report.published_at is not None
    report = services.citizen_report_answer(user=users["pupr"], report=report, answer="Akan diperbaiki pekan depan.")
    assert report.status == Status.ANSWERED
    assert report.answered_by_agency == users["pupr"].agency
    report = services.citizen_report_close(user=users["pupr"], report=report)
    assert report.status == Status.CLOSED


def test_reject_needs_reason(project, users):
    report = submit(project=project)
    with pytest.raises(DomainError) as error:
        services.citizen_report_reject(user=users["pupr"], report=report, reason="  ")
    assert error.value.code == "reason_missing"
    report = services.citizen_report_reject(user=users["pupr"], report=report, reason="Bukan di wilayah proyek.")
    assert report.status == Status.REJECTED


def test_rejected_cannot_be_published(project, users):
    report = submit(project=project)
    report = services.citizen_report_reject(user=users["pupr"], report=report, reason="Berisi data pribadi.")
    with pytest.raises(DomainError) as error:
        services.citizen_report_publish(user=users["pupr"], report=report)
    assert error.value.code == "status_invalid"


@pytest.mark.parametrize("role", ["kurnia_jaya", "education", "leader", "dprd"])
def test_outsiders_cannot_moderate(project, users, role):
    report = submit(project=project)
    with pytest.raises(DomainError) as error:
        services.citizen_report_publish(user=users[role], report=report)
    assert error.value.code == "not_moderator"


def test_only_admin_assigns(project, users, agencies):
    report = submit(project=project)
    with pytest.raises(DomainError):
        services.citizen_report_assign(user=users["pupr"], report=report, agency=agencies["education"])
    report = services.citizen_report_assign(user=users["admin"], report=report, agency=agencies["education"])
    assert report.agency == agencies["education"]


def test_geometry_contains_multipolygon_with_hole():
    square = [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]
    hole = [[4, 4], [6, 4], [6, 6], [4, 6], [4, 4]]
    geometry = {"type": "MultiPolygon", "coordinates": [[square, hole]]}
    assert geometry_contains(geometry, 1, 1)
    assert not geometry_contains(geometry, 5, 5)
    assert not geometry_contains(geometry, 11, 5)
    assert not geometry_contains({"type": "Point", "coordinates": [1, 1]}, 1, 1)
    assert not geometry_contains({"type": "Polygon", "coordinates": "junk"}, 1, 1)


def test_moderators_notified(project, users):
    from notifications.models import Notification

    report = submit(project=project)
    notified = set(
        Notification.objects.filter(dedupe_key=f"citizen-report-{report.pk}").values_list(
            "recipient__username", flat=True
        )
    )
    assert notified == {users["lalang_jaya"].username, users["pupr"].username}
    notification = Notification.objects.filter(recipient=users["pupr"]).get()
    assert notification.title == "Laporan warga baru: Lampu jalan"
    assert notification.url == f"/lapor/moderasi/{report.pk}/"


def test_admins_notified_without_opd(square_village, users):
    from notifications.models import Notification

    report = submit(category="other", latitude=Decimal("-2.95"), longitude=Decimal("108.05"))
    notified = set(
        Notification.objects.filter(dedupe_key=f"citizen-report-{report.pk}").values_list(
            "recipient__username", flat=True
        )
    )
    assert notified == {users["admin"].username}
