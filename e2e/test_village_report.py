"""A village operator sends a report from a phone-sized Chromium, with the form's script running."""

import uuid
from decimal import Decimal

from monitoring.models import MonitoringReport
from monitoring.tests.conftest import jpeg_upload


def _photo_file(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(jpeg_upload(name).read())
    return str(path)


def test_report_sent_with_positions(page, login, users, project, tmp_path):
    page.context.grant_permissions(["geolocation"])
    page.context.set_geolocation({"latitude": -2.8702, "longitude": 108.2809, "accuracy": 14})
    login(users["lalang_jaya"])

    page.goto(f"/pantau/proyek/{project.pk}/laporan-baru/")
    page.wait_for_selector("[data-position-status]:has-text('Posisi perangkat tercatat')")
    client_id = page.input_value("input[name=client_id]")
    assert uuid.UUID(client_id)
    assert page.locator("[data-finding-row]:visible").count() == 1

    page.click("[data-add-finding]")
    assert page.locator("[data-finding-row]:visible").count() == 2
    page.fill("#id_observed_progress", "45")
    for name in ["signboard_present", "workers_present", "materials_as_specified", "work_matches_plan", "site_safe"]:
        page.check(f"input[name={name}][value=yes]")
    page.set_input_files("#id_photos", [_photo_file(tmp_path, "a.jpg"), _photo_file(tmp_path, "b.jpg")])
    rows = page.locator("[data-finding-row]")
    rows.nth(0).locator("textarea").fill("Saluran samping belum dibuat.")
    rows.nth(0).locator("select").select_option("high")
    rows.nth(1).locator("textarea").fill("Batu tidak sesuai spesifikasi.")
    rows.nth(1).locator("select").select_option("low")

    # The narrative is missing: the server shows the form again with the same submission id.
    page.click("[data-submit]")
    page.wait_for_selector(".form-errors")
    assert page.input_value("input[name=client_id]") == client_id
    assert page.locator("text=Uraikan apa yang Anda lihat di lokasi pada kolom uraian.").is_visible()
    assert MonitoringReport.objects.count() == 0

    page.fill("#id_narrative", "Saluran samping belum ada.")
    page.set_input_files("#id_photos", [_photo_file(tmp_path, "a.jpg"), _photo_file(tmp_path, "b.jpg")])
    page.click("[data-submit]")
    page.wait_for_selector("text=Terima kasih. Laporan Anda sudah diterima dan diteruskan ke OPD.")

    report = MonitoringReport.objects.get()
    assert str(report.client_id) == client_id
    assert report.latitude == Decimal("-2.870200")
    assert report.location_accuracy == Decimal("14.0")
    assert report.findings.count() == 2
    photos = list(report.photos.order_by("id"))
    assert len(photos) == 2
    assert photos[1].device_longitude == Decimal("108.280900")
    assert photos[1].device_captured_at is not None

    # The next report on the same project gets a new submission id.
    page.goto(f"/pantau/proyek/{project.pk}/laporan-baru/")
    assert page.input_value("input[name=client_id]") != client_id
