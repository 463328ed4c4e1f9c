"""A citizen reports a problem on a project from a phone, follows it by tracking code, a moderator publishes and
answers it, and the answer shows on the portal."""

import io

from PIL import Image

from citizen.models import CitizenReport, Status


def _photo_file(tmp_path):
    path = tmp_path / "lampu.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (120, 90), (220, 190, 30)).save(buffer, format="JPEG")
    path.write_bytes(buffer.getvalue())
    return str(path)


def _stay_local(page, live_server):
    # Map tiles and anything else off this machine are refused, so the test sends nothing outside.
    page.route(
        "**/*", lambda route: route.continue_() if route.request.url.startswith(live_server.url) else route.abort()
    )


def test_citizen_report_journey(page, login, live_server, users, project, settings, tmp_path):
    settings.SIMPOR_CITIZEN = {**settings.SIMPOR_CITIZEN, "min_fill_seconds": 0}
    _stay_local(page, live_server)

    # The citizen finds the project on the portal and reports from its page, without an account.
    page.goto(f"/proyek-publik/{project.pk}/")
    page.click("text=Laporkan masalah pada proyek ini")
    page.wait_for_selector("#citizen-form")
    page.fill("#id_description", "Galian saluran dibiarkan terbuka tanpa pagar pengaman.")
    page.fill("#id_location_description", "Depan balai desa")
    page.set_input_files("#id_photos", [_photo_file(tmp_path)])
    page.fill("#id_contact_phone", "0812 3456 7890")
    page.click("text=Kirim laporan")
    page.wait_for_selector("[data-tracking-code]")
    code = page.inner_text("[data-tracking-code]").strip()
    report = CitizenReport.objects.get()
    assert code == report.tracking_code
    assert report.photos.count() == 1
    assert page.locator("text=Diterima. Petugas desa atau OPD akan segera membacanya.").is_visible()

    # Later, from another browser session, the citizen follows it by the code alone.
    page.context.clear_cookies()
    page.goto("/lapor/lacak/")
    page.fill("#id_kode", code.lower())
    page.click("text=Tampilkan status")
    page.wait_for_selector(f"h1:has-text('Laporan {code}')")
    assert page.locator(".photos img").count() == 1

    # The village moderator publishes it, the OPD answers it.
    login(users["lalang_jaya"])
    page.goto("/lapor/moderasi/")
    page.click("text=Galian saluran dibiarkan terbuka")
    page.click("button:has-text('Terbitkan')")
    page.wait_for_selector("text=Laporan diterbitkan di portal.")
    page.context.clear_cookies()
    login(users["pupr"])
    page.goto(f"/lapor/moderasi/{report.pk}/")
    page.fill("#id_answer", "Pagar pengaman dipasang hari ini oleh kontraktor.")
    page.click("button:has-text('Terbitkan jawaban')")
    page.wait_for_selector("text=Jawaban diterbitkan di portal.")
    report.refresh_from_db()
    assert report.status == Status.ANSWERED

    # Everyone sees the report and the answer on the project page, but not the contact.
    page.context.clear_cookies()
    page.goto(f"/proyek-publik/{project.pk}/")
    citizen = page.locator("#citizen-heading + ul")
    assert citizen.locator("text=Galian saluran dibiarkan terbuka tanpa pagar pengaman.").is_visible()
    assert citizen.locator("text=Pagar pengaman dipasang hari ini oleh kontraktor.").is_visible()
    assert "0812 3456 7890" not in page.content()

    page.goto(f"/lapor/lacak/{code}/")
    assert page.locator("text=Pagar pengaman dipasang hari ini oleh kontraktor.").is_visible()
