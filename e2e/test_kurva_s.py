"""An OPD operator generates a kurva S on a phone, corrects one week, saves it and sees the early warning."""

from decimal import Decimal

from projects.models import ScheduleEntry


def test_opd_generates_and_saves_kurva_s(page, login, users, project):
    login(users["pupr"])
    page.goto(f"/proyek/{project.pk}/kurva-s/")

    # The generator is open while the project has no kurva S; the preview fills the table but saves nothing.
    page.check("input[name=shape][value=s_curve]")
    page.click("button:has-text('Pratinjau')")
    page.wait_for_load_state()
    assert page.locator("table.schedule-table tbody tr").count() == 22
    assert page.input_value("#week_22") == "100.00"
    assert not ScheduleEntry.objects.filter(project=project).exists()

    # A week typed below the one before is rejected with the week named, and nothing is saved.
    page.fill("#week_2", "0")
    page.click("button:has-text('Simpan kurva S')")
    page.wait_for_load_state()
    assert page.locator(".form-errors").inner_text().count("Minggu 2") == 1
    assert not ScheduleEntry.objects.filter(project=project).exists()

    page.fill("#week_2", "1,5")
    page.press("#week_2", "Enter")
    page.wait_for_load_state()
    assert page.url.endswith(f"/proyek/{project.pk}/#kurva-s-heading")
    assert ScheduleEntry.objects.filter(project=project).count() == 22
    assert ScheduleEntry.objects.get(project=project, week=2).planned_percent == Decimal("1.50")
    assert page.locator("#peringatan-dini").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
