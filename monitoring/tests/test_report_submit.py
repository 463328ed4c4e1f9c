"""report_submit: a valid visit is stored whole, a bad one stores nothing, a repeat is recognised."""

import datetime
import io
import uuid
from decimal import ROUND_HALF_UP, Decimal
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from audit.models import AuditEntry
from core.errors import DomainError
from evidence.models import Photo
from evidence.services import DevicePosition
from monitoring import services
from monitoring.models import Finding, FindingState, MonitoringReport
from monitoring.services import ReportInvalid
from monitoring.tests.conftest import EVIDENCE_DATA, camera_upload, jpeg_upload, submission
from projects.models import ProjectStatus


def _counts():
    return (
        MonitoringReport.objects.count(),
        Finding.objects.count(),
        Photo.objects.count(),
        AuditEntry.objects.count(),
    )


def _rejected(user, project, **overrides) -> ReportInvalid:
    """Submit with ``overrides``, expect ReportInvalid in Indonesian, and check that nothing was stored."""
    before = _counts()
    with translation.override("id"), pytest.raises(ReportInvalid) as raised:
        services.report_submit(**submission(user, project, **overrides))
    assert _counts() == before
    return raised.value


def _messages(error: ReportInvalid) -> list[str]:
    return [item.message for item in error.errors]


def test_valid_report_stored_whole(users, project, settings):
    user = users["lalang_jaya"]
    position = DevicePosition(
        latitude=Decimal("-2.870100"),
        longitude=Decimal("108.280900"),
        accuracy=Decimal("8.0"),
        captured_at=datetime.datetime(2026, 6, 1, 9, 30, tzinfo=datetime.UTC),
    )

    report, created = services.report_submit(
        **submission(
            user,
            project,
            photos=[camera_upload(), jpeg_upload("kedua.jpg")],
            photo_positions=[position],
            latitude=Decimal("-2.870200"),
            longitude=Decimal("108.281000"),
            location_accuracy=Decimal("12.5"),
            findings=[("Papan nama proyek tidak terpasang.", "medium"), ("Retak pada bahu jalan.", "high")],
        )
    )

    assert created is True
    assert report.village == user.village
    assert report.reporter == user
    assert report.observed_progress == Decimal("42.50")
    assert report.signboard_present is False
    assert report.workers_present is True
    assert report.latitude == Decimal("-2.870200")
    assert report.location_accuracy == Decimal("12.5")
    findings = list(report.findings.order_by("id"))
    assert [finding.severity for finding in findings] == ["medium", "high"]
    assert {finding.agency for finding in findings} == {project.agency}
    assert {finding.state for finding in findings} == {FindingState.OPEN}
    photos = list(report.photos.order_by("id"))
    assert len(photos) == 2
    assert photos[0].device_latitude == Decimal("-2.870100")
    assert photos[0].device_captured_at == position.captured_at
    assert photos[0].camera == "NIKON COOLPIX P6000"
    assert photos[1].device_latitude is None
    # One entry each for the report, the two findings and the two photos.
    assert AuditEntry.objects.count() == 5
    assert AuditEntry.objects.filter(object_type="monitoring.monitoringreport", object_id=str(report.pk)).exists()


def test_no_photo_rejected(users, project):
    error = _rejected(users["lalang_jaya"], project, photos=[])

    assert _messages(error) == ["Lampirkan paling sedikit satu foto lokasi yang diambil saat kunjungan."]
    assert error.errors[0].field == "photos"


@pytest.mark.parametrize("value", ["101", "-1", "100.01"])
def test_progress_out_of_range_rejected(users, project, value):
    error = _rejected(users["lalang_jaya"], project, observed_progress=Decimal(value))

    shown = value.replace(".", ",")
    assert _messages(error) == [
        f"Progres fisik yang terlihat harus 0 sampai 100 persen; yang diisi {shown}. Perbaiki isiannya."
    ]
    assert error.errors[0].field == "observed_progress"


@pytest.mark.parametrize("value", ["0", "100"])
def test_progress_bounds_accepted(users, project, submit, value):
    report, created = submit(users["lalang_jaya"], project, observed_progress=Decimal(value))

    assert created is True
    assert report.observed_progress == Decimal(value)


def test_progress_missing_rejected(users, project):
    error = _rejected(users["lalang_jaya"], project, observed_progress=None)

    assert _messages(error) == ["Isi progres fisik yang terlihat berupa angka 0 sampai 100."]


def test_visit_date_tomorrow_rejected(users, project):
    tomorrow = services.jakarta_today() + datetime.timedelta(days=1)

    error = _rejected(users["lalang_jaya"], project, visit_date=tomorrow)

    with translation.override("id"):
        shown = tomorrow.strftime("%-d ") + translation.gettext(tomorrow.strftime("%B")) + tomorrow.strftime(" %Y")
    assert _messages(error) == [
        f"Tanggal kunjungan {shown} belum terjadi. Isi tanggal Anda mengunjungi lokasi, paling lambat hari ini."
    ]
    assert error.errors[0].field == "visit_date"


def test_visit_date_uses_jakarta_day(users, project, submit):
    # 20.00 UTC on 10 May is already 03.00 on 11 May in Belitung Timur, so 11 May is today, not the future.
    late_evening_utc = datetime.datetime(2026, 5, 10, 20, 0, tzinfo=datetime.UTC)
    with mock.patch("django.utils.timezone.now", return_value=late_evening_utc):
        report, created = submit(users["lalang_jaya"], project, visit_date=datetime.date(2026, 5, 11))

    assert created is True
    assert report.visit_date == datetime.date(2026, 5, 11)


def test_visit_before_contract_start_rejected(users, project):
    # The project's SPMK start is 9 March 2026.
    error = _rejected(users["lalang_jaya"], project, visit_date=datetime.date(2026, 3, 8))

    assert _messages(error) == [
        "Tanggal kunjungan 8 Maret 2026 lebih awal dari mulai kontrak pada 9 Maret 2026. "
        "Isi tanggal kunjungan pada atau setelah 9 Maret 2026."
    ]


def test_contract_date_used_without_start(users, make_project):
    project = make_project(start_date=None, contract_date=datetime.date(2026, 3, 2))

    error = _rejected(users["lalang_jaya"], project, visit_date=datetime.date(2026, 3, 1))

    assert "2 Maret 2026" in error.message


def test_project_without_dates_visitable(users, make_project, submit):
    project = make_project(
        status=ProjectStatus.PLANNED, contractor=None, contract_number="", contract_date=None, start_date=None
    )

    report, created = submit(users["lalang_jaya"], project, visit_date=datetime.date(2020, 1, 6))
    tomorrow = services.jakarta_today() + datetime.timedelta(days=1)
    error = _rejected(users["lalang_jaya"], project, visit_date=tomorrow)

    assert created is True
    assert report.visit_date == datetime.date(2020, 1, 6)
    assert error.code == "visit_date_future"


def test_text_renamed_jpg_rejected(users, project):
    fake = SimpleUploadedFile("foto_lokasi.jpg", b"Bukan gambar.\n" * 50, content_type="image/jpeg")

    error = _rejected(users["lalang_jaya"], project, photos=[jpeg_upload(), fake])

    assert _messages(error) == [
        "Berkas “foto_lokasi.jpg” bukan foto JPEG, PNG, WebP, atau HEIC. Pilih foto dari kamera atau galeri."
    ]


def test_photo_over_size_limit_rejected(users, project, settings):
    settings.SIMPOR_MAX_PHOTO_BYTES = 100_000
    big = camera_upload()

    error = _rejected(users["lalang_jaya"], project, photos=[big])

    size = str((Decimal(big.size) / 1048576).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)).replace(".", ",")
    assert _messages(error) == [
        f"Foto “DSCN0010.jpg” berukuran {size} MB; batasnya 0,1 MB. Kirim foto yang lebih kecil."
    ]


def test_too_many_photos_rejected(users, project, settings):
    settings.SIMPOR_MAX_PHOTOS_PER_REPORT = 2

    error = _rejected(users["lalang_jaya"], project, photos=[jpeg_upload(f"{n}.jpg") for n in range(3)])

    assert _messages(error) == ["Terlampir 3 foto; satu laporan paling banyak 2 foto. Pilih lebih sedikit foto."]


def test_empty_finding_description_rejected(users, project):
    error = _rejected(users["lalang_jaya"], project, findings=[("Retak.", "low"), ("   ", "high")])

    assert _messages(error) == ["Temuan 2 belum berisi uraian. Uraikan masalahnya atau hapus temuan tersebut."]
    assert error.errors[0].field == "findings"


def test_invalid_severity_rejected(users, project):
    error = _rejected(users["lalang_jaya"], project, findings=[("Retak.", "critical")])

    assert _messages(error) == [
        "Temuan 1 belum memiliki tingkat keparahan yang sah. Pilih rendah, sedang, atau tinggi."
    ]


def test_unanswered_checklist_rejected(users, project):
    checklist = submission(users["lalang_jaya"], project)["checklist"] | {"workers_present": None}

    error = _rejected(users["lalang_jaya"], project, checklist=checklist)

    assert _messages(error) == ["Jawab “pekerja ada di lokasi” dengan ya atau tidak."]
    assert error.errors[0].field == "workers_present"


def test_empty_narrative_rejected(users, project):
    error = _rejected(users["lalang_jaya"], project, narrative="  ")

    assert _messages(error) == ["Uraikan apa yang Anda lihat di lokasi pada kolom uraian."]


def test_all_broken_rules_listed(users, project):
    error = _rejected(
        users["lalang_jaya"], project, observed_progress=Decimal("101"), photos=[], findings=[("", "low")]
    )

    assert [item.code for item in error.errors] == [
        "observed_progress_out_of_range",
        "photos_missing",
        "finding_description_missing",
    ]
    assert error.code == "observed_progress_out_of_range"


def test_position_out_of_range_rejected(users, project):
    error = _rejected(users["lalang_jaya"], project, latitude=Decimal("95"), longitude=Decimal("108"))

    assert error.code == "position_invalid"


@pytest.mark.parametrize("role", ["admin", "leader", "dprd", "pupr"])
def test_non_village_user_rejected(users, project, role):
    before = _counts()

    with pytest.raises(DomainError) as raised:
        services.report_submit(**submission(users[role], project))

    assert raised.value.code == "not_village_user"
    assert _counts() == before


def test_village_outside_project_rejected(users, project):
    before = _counts()

    with translation.override("id"), pytest.raises(DomainError) as raised:
        services.report_submit(**submission(users["kurnia_jaya"], project))

    assert raised.value.code == "project_not_in_village"
    assert raised.value.message == (
        "Proyek ini tidak berada di desa Anda. Pilih proyek yang berada di desa Anda sendiri."
    )
    assert _counts() == before


def test_same_client_id_stored_once(users, project):
    arguments = submission(users["lalang_jaya"], project, photos=[jpeg_upload("a.jpg"), jpeg_upload("b.jpg")])
    first, first_created = services.report_submit(**arguments)
    after_first = _counts()

    retry = arguments | {"photos": [jpeg_upload("a.jpg"), jpeg_upload("b.jpg")]}
    second, second_created = services.report_submit(**retry)

    assert first_created is True
    assert second_created is False
    assert second.pk == first.pk
    assert _counts() == after_first
    assert MonitoringReport.objects.count() == 1
    assert Photo.objects.count() == 2


def test_retry_without_photos_returns_stored(users, project):
    # A retry that lost its attachments on the way is still the same submission, not a new invalid one.
    arguments = submission(users["lalang_jaya"], project)
    first, _ = services.report_submit(**arguments)

    second, created = services.report_submit(**(arguments | {"photos": []}))

    assert created is False
    assert second.pk == first.pk


def test_client_id_of_other_user_rejected(users, shared_project):
    client_id = uuid.uuid4()
    services.report_submit(**submission(users["lalang_jaya"], shared_project, client_id=client_id))
    before = _counts()

    with translation.override("id"), pytest.raises(DomainError) as raised:
        services.report_submit(**submission(users["kurnia_jaya"], shared_project, client_id=client_id))

    assert raised.value.code == "client_id_taken"
    assert raised.value.field == "client_id"
    assert _counts() == before


def test_concurrent_duplicate_returns_stored(users, project):
    # The second copy passed the "already stored?" check before the first committed, then hit the unique index.
    arguments = submission(users["lalang_jaya"], project)
    first, _ = services.report_submit(**arguments)
    after_first = _counts()
    real_lookup = services._existing_submission

    with mock.patch.object(services, "_existing_submission", side_effect=[None, first]) as lookup:
        second, created = services.report_submit(**(arguments | {"photos": [jpeg_upload()]}))

    assert lookup.call_count == 2
    assert created is False
    assert second.pk == first.pk
    assert _counts() == after_first
    assert real_lookup(users["lalang_jaya"], arguments["client_id"]).pk == first.pk


def test_heic_photo_accepted(users, project, submit):
    heic = SimpleUploadedFile(
        "IMG_5195.HEIC", (EVIDENCE_DATA / "gps_iphone_11_pro_max_IMG_5195.heic").read_bytes(), content_type="image/heic"
    )

    report, _ = submit(users["lalang_jaya"], project, photos=[heic])

    photo = report.photos.get()
    assert photo.content_type == "image/heif"
    assert photo.original.name.endswith(".heic")
    with photo.web.open("rb") as stored:
        assert Image.open(io.BytesIO(stored.read())).format == "JPEG"
