"""The report form over HTTP: what a village sees, what a bad submission shows, and that a resend is recognised."""

import datetime
import re
import uuid
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import AuditEntry
from evidence.models import Photo
from monitoring import services
from monitoring.models import Finding, MonitoringReport
from monitoring.tests.conftest import camera_upload, jpeg_upload


@pytest.fixture
def village_client(client, users):
    client.force_login(users["lalang_jaya"])
    return client


def _form_data(**overrides) -> dict:
    data = {
        "client_id": str(uuid.uuid4()),
        "visit_date": services.jakarta_today().isoformat(),
        "observed_progress": "35",
        "signboard_present": "no",
        "workers_present": "yes",
        "materials_as_specified": "yes",
        "work_matches_plan": "yes",
        "site_safe": "no",
        "narrative": "Pengaspalan baru separuh jalan.",
        "photos": [jpeg_upload("satu.jpg")],
        "finding_description": ["Papan nama proyek tidak ada.", "", ""],
        "finding_severity": ["medium", "", ""],
    }
    data.update(overrides)
    return data


def _counts():
    return (
        MonitoringReport.objects.count(),
        Finding.objects.count(),
        Photo.objects.count(),
        AuditEntry.objects.count(),
    )


def _post(client, project, data):
    return client.post(reverse("monitoring:report_create", args=[project.pk]), data)


def test_form_offers_camera_and_client_id(village_client, project):
    response = village_client.get(reverse("monitoring:report_create", args=[project.pk]))

    content = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'<input type="file"[^>]*accept="image/\*"[^>]*capture="environment"[^>]*multiple', content)
    client_id = re.search(r'name="client_id" value="([0-9a-f-]{36})"', content).group(1)
    assert uuid.UUID(client_id).version == 4
    assert f'max="{services.jakarta_today().isoformat()}"' in content
    assert 'min="2026-03-09"' in content
    assert content.count('type="radio"') == 10
    assert "Papan nama proyek terpasang" in content
    assert "js/report-form.js" in content


def test_valid_post_stores_and_redirects(village_client, project):
    data = _form_data(
        photos=[camera_upload(), jpeg_upload("dua.jpg")],
        lat="-2.870150",
        lng="108.280950",
        acc="9.4",
        photo_lat_0="-2.870100",
        photo_lng_0="108.280900",
        photo_acc_0="6",
        photo_time_0="2026-06-01T02:30:00.000Z",
        photo_lat_1="garbage",
        photo_lng_1="108.2",
    )

    response = _post(village_client, project, data)

    report = MonitoringReport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("monitoring:report_detail", args=[report.pk])
    assert report.latitude == Decimal("-2.870150")
    assert report.location_accuracy == Decimal("9.4")
    assert report.signboard_present is False
    assert report.site_safe is False
    assert report.findings.get().description == "Papan nama proyek tidak ada."
    photos = list(report.photos.order_by("id"))
    assert photos[0].device_latitude == Decimal("-2.870100")
    assert photos[0].device_captured_at == datetime.datetime(2026, 6, 1, 2, 30, tzinfo=datetime.UTC)
    assert photos[1].device_latitude is None
    page = village_client.get(response["Location"])
    assert "Terima kasih. Laporan Anda sudah diterima dan diteruskan ke OPD." in page.content.decode()


def test_resend_shows_same_report(village_client, project):
    data = _form_data()
    first = _post(village_client, project, data)
    after_first = _counts()

    second = _post(village_client, project, data | {"photos": [jpeg_upload("satu.jpg")]})

    assert second.status_code == 302
    assert second["Location"] == first["Location"]
    assert _counts() == after_first
    page = village_client.get(second["Location"])
    assert "Laporan ini sudah diterima sebelumnya; laporan tidak disimpan dua kali." in page.content.decode()


def _tomorrow() -> str:
    return (services.jakarta_today() + datetime.timedelta(days=1)).isoformat()


BAD_INPUT = {
    "no photo": ({"photos": []}, "Lampirkan paling sedikit satu foto lokasi yang diambil saat kunjungan."),
    "progress 101": (
        {"observed_progress": "101"},
        "Progres fisik yang terlihat harus 0 sampai 100 persen; yang diisi 101. Perbaiki isiannya.",
    ),
    "progress -1": (
        {"observed_progress": "-1"},
        "Progres fisik yang terlihat harus 0 sampai 100 persen; yang diisi -1. Perbaiki isiannya.",
    ),
    "visit tomorrow": ({"visit_date": _tomorrow}, "belum terjadi. Isi tanggal Anda mengunjungi lokasi"),
    "before contract": (
        {"visit_date": "2026-03-08"},
        "Tanggal kunjungan 8 Maret 2026 lebih awal dari mulai kontrak pada 9 Maret 2026.",
    ),
    "text as jpg": (
        {"photos": lambda: [SimpleUploadedFile("lokasi.jpg", b"bukan foto " * 40, content_type="image/jpeg")]},
        "Berkas “lokasi.jpg” bukan foto JPEG, PNG, WebP, atau HEIC.",
    ),
    "empty finding": (
        {"finding_description": ["", ""], "finding_severity": ["high", ""]},
        "Temuan 1 belum berisi uraian. Uraikan masalahnya atau hapus temuan tersebut.",
    ),
    "unanswered checklist": ({"workers_present": ""}, "Jawab “pekerja ada di lokasi” dengan ya atau tidak."),
}


@pytest.mark.parametrize("case", BAD_INPUT)
def test_bad_input_shown_nothing_saved(village_client, project, case):
    overrides, message = BAD_INPUT[case]
    overrides = {key: value() if callable(value) else value for key, value in overrides.items()}
    data = _form_data(**overrides)
    before = _counts()

    response = _post(village_client, project, data)

    content = response.content.decode()
    assert response.status_code == 200
    assert message in content
    assert "Laporan belum terkirim." in content
    assert f'value="{data["client_id"]}"' in content
    assert _counts() == before


def test_photo_over_limit_shown(village_client, project, settings):
    settings.SIMPOR_MAX_PHOTO_BYTES = 100_000
    before = _counts()

    response = _post(village_client, project, _form_data(photos=[camera_upload()]))

    assert "Foto “DSCN0010.jpg” berukuran 0,2 MB; batasnya 0,1 MB." in response.content.decode()
    assert _counts() == before


def test_too_many_photos_shown(village_client, project, settings):
    settings.SIMPOR_MAX_PHOTOS_PER_REPORT = 2
    before = _counts()

    response = _post(village_client, project, _form_data(photos=[jpeg_upload(f"{n}.jpg") for n in range(3)]))

    assert "Terlampir 3 foto; satu laporan paling banyak 2 foto." in response.content.decode()
    assert _counts() == before


def test_errors_shown_at_fields(village_client, project):
    response = _post(village_client, project, _form_data(observed_progress="101", photos=[]))

    content = response.content.decode()
    progress_at = content.index('name="observed_progress"')
    message_at = content.index("Progres fisik yang terlihat harus 0 sampai 100 persen")
    photos_at = content.index('name="photos"')
    photo_message_at = content.index("Lampirkan paling sedikit satu foto")
    assert progress_at < message_at < photos_at < photo_message_at


def test_rows_kept_after_error(village_client, project):
    data = _form_data(
        observed_progress="101",
        finding_description=["Retak di sisi utara.", "", "Drainase tersumbat."],
        finding_severity=["high", "", "low"],
    )

    content = _post(village_client, project, data).content.decode()

    assert "Retak di sisi utara.</textarea>" in content
    assert "Drainase tersumbat.</textarea>" in content
    assert "pilih ulang foto Anda" in content


def test_blank_finding_rows_ignored(village_client, project):
    _post(village_client, project, _form_data(finding_description=["", ""], finding_severity=["", ""]))

    assert MonitoringReport.objects.get().findings.count() == 0


def test_foreign_client_id_gets_new_one(client, users, shared_project, submit):
    taken = uuid.uuid4()
    submit(users["lalang_jaya"], shared_project, client_id=taken)
    client.force_login(users["kurnia_jaya"])

    response = _post(client, shared_project, _form_data(client_id=str(taken)))

    content = response.content.decode()
    assert "ID pengiriman ini milik akun lain." in content
    assert f'value="{taken}"' not in content
    assert MonitoringReport.objects.count() == 1


def test_withdraw_without_reason_shown(village_client, lalang_report):
    response = village_client.post(reverse("monitoring:report_withdraw", args=[lalang_report.pk]), {"reason": ""})

    assert "Isi alasan penarikan laporan, misalnya salah proyek atau salah foto." in response.content.decode()
    lalang_report.refresh_from_db()
    assert lalang_report.status == "submitted"


def test_reject_without_reason_shown(client, users, finding):
    client.force_login(users["pupr"])

    response = client.post(reverse("monitoring:finding_respond", args=[finding.pk]), {"action": "reject"})

    assert "Isi alasan penolakan temuan agar desa dapat menilainya." in response.content.decode()
    finding.refresh_from_db()
    assert finding.state == "open"


def test_contest_without_reason_shown(client, users, finding):
    services.finding_respond(user=users["pupr"], finding=finding, action="answer", message="Sudah.")
    client.force_login(users["lalang_jaya"])

    response = client.post(reverse("monitoring:finding_contest", args=[finding.pk]), {"reason": " "})

    assert "Isi alasan sanggahan" in response.content.decode()
    finding.refresh_from_db()
    assert finding.state == "answered"


def test_respond_returns_to_report(client, users, finding):
    client.force_login(users["pupr"])

    response = client.post(
        reverse("monitoring:finding_respond", args=[finding.pk]),
        {"action": "answer", "message": "Sudah dipasang.", "next": "report", "photos": [jpeg_upload()]},
    )

    url = reverse("monitoring:report_detail", args=[finding.report_id])
    assert response["Location"] == f"{url}#finding-{finding.pk}"
    assert finding.responses.get().photos.count() == 1


def test_detail_shows_forms_by_role(client, users, finding):
    report_url = reverse("monitoring:report_detail", args=[finding.report_id])
    client.force_login(users["pupr"])
    opd_page = client.get(report_url).content.decode()
    services.finding_respond(user=users["pupr"], finding=finding, action="answer", message="Sudah dipasang.")
    client.force_login(users["lalang_jaya"])
    village_page = client.get(report_url).content.decode()
    client.force_login(users["leader"])
    leader_page = client.get(report_url).content.decode()

    respond_url = reverse("monitoring:finding_respond", args=[finding.pk])
    confirm_url = reverse("monitoring:finding_confirm", args=[finding.pk])
    withdraw_url = reverse("monitoring:report_withdraw", args=[finding.report_id])
    assert respond_url in opd_page
    assert confirm_url not in opd_page
    assert withdraw_url not in opd_page
    assert confirm_url in village_page
    assert withdraw_url in village_page
    assert respond_url not in village_page
    assert respond_url not in leader_page
    assert confirm_url not in leader_page
    assert "Sudah dipasang." in leader_page
