"""One finding's whole life in a phone-sized Chromium: raised with a photo, answered, contested, answered, confirmed."""

from conftest import PASSWORD
from monitoring.models import Finding, FindingState
from monitoring.tests.conftest import jpeg_upload
from notifications.models import Notification


def _photo_file(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(jpeg_upload(name).read())
    return str(path)


def _sign_in_as(page, user):
    page.context.clear_cookies()
    page.goto("/akun/masuk/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit]:has-text('Masuk')")
    page.wait_for_load_state()


def _answer(page, finding, message, photo=None):
    page.goto(f"/pantau/temuan/{finding.pk}/")
    page.check(f"#respond-{finding.pk}-answer")
    page.fill(f"#respond-{finding.pk}-message", message)
    if photo:
        page.set_input_files(f"#respond-{finding.pk}-photos", photo)
    page.click(f"form[action$='/temuan/{finding.pk}/tanggapi/'] button[type=submit]")
    page.wait_for_selector("text=Tindak lanjut Anda sudah tersimpan.")
    assert page.locator(".finding-badges .badge.answered").inner_text() == "Sudah ditindaklanjuti"


def test_finding_lifecycle(page, users, project, tmp_path):
    village, opd = users["lalang_jaya"], users["pupr"]

    # The village reports a visit with one finding and a photo.
    _sign_in_as(page, village)
    page.goto(f"/pantau/proyek/{project.pk}/laporan-baru/")
    page.fill("#id_observed_progress", "30")
    for name in ["signboard_present", "workers_present", "materials_as_specified", "work_matches_plan", "site_safe"]:
        page.check(f"input[name={name}][value=yes]")
    page.fill("#id_narrative", "Bahu jalan longsor di STA 0+300.")
    page.set_input_files("#id_photos", [_photo_file(tmp_path, "longsor.jpg")])
    row = page.locator("[data-finding-row]").nth(0)
    row.locator("textarea").fill("Bahu jalan longsor sepanjang 20 meter.")
    row.locator("select").select_option("high")
    page.click("[data-submit]")
    page.wait_for_selector("text=Terima kasih. Laporan Anda sudah diterima dan diteruskan ke OPD.")
    finding = Finding.objects.get()
    assert page.locator(f"#finding-{finding.pk} .badge.open").inner_text() == "Terbuka"
    assert page.locator(f"#finding-{finding.pk} .due").inner_text().startswith("Tenggat ")

    # The OPD sees the new finding in its notifications and answers it with a photo.
    _sign_in_as(page, opd)
    assert page.locator(".notification-link .unread-count").inner_text() == "1"
    page.click(".notification-link")
    page.click("text=1 temuan baru pada Peningkatan Jalan Desa Lalang Jaya")
    page.wait_for_selector(f"#finding-{finding.pk}")
    assert page.locator(".notification-link .unread-count").count() == 0
    _answer(page, finding, "Bahu jalan sudah ditimbun kembali.", _photo_file(tmp_path, "timbun.jpg"))
    assert page.locator(".timeline-entry.response .photos img").count() == 1

    # The village finds it still broken and contests.
    _sign_in_as(page, village)
    page.goto(f"/pantau/temuan/{finding.pk}/")
    assert page.locator("text=Bahu jalan sudah ditimbun kembali.").is_visible()
    page.click(".village-verdict summary")
    page.fill(f"#contest-{finding.pk}-reason", "Timbunan hanya tanah lepas, longsor lagi setelah hujan.")
    page.click("text=Kirim sanggahan")
    page.wait_for_selector("text=Temuan dibuka kembali. OPD dapat melihat alasan Anda.")
    assert page.locator(".finding-badges .badge.open").inner_text() == "Terbuka"

    # The OPD answers again.
    _sign_in_as(page, opd)
    page.goto("/notifikasi/")
    assert page.locator("text=Desa Lalang Jaya menyanggah tindak lanjut Anda").is_visible()
    _answer(page, finding, "Dipasang bronjong batu sepanjang 20 meter.")

    # The village confirms: the finding is resolved.
    _sign_in_as(page, village)
    page.goto(f"/pantau/temuan/{finding.pk}/")
    page.click("text=Konfirmasi: sudah beres")
    page.wait_for_selector("text=Temuan dikonfirmasi selesai.")
    assert page.locator(".finding-badges .badge.resolved").inner_text() == "Selesai"
    assert page.locator(".timeline-entry").count() == 4
    assert page.locator(f"form[action$='/temuan/{finding.pk}/sanggah/']").count() == 0

    finding.refresh_from_db()
    assert finding.state == FindingState.RESOLVED
    assert finding.responses.count() == 2
    assert list(finding.reviews.values_list("kind", flat=True)) == ["contest", "confirm"]
    assert Notification.objects.filter(recipient=village).count() == 2
    assert Notification.objects.filter(recipient=opd).count() == 3
