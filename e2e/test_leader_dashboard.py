"""The Bupati reads the year on a phone: headline figures, a filter, a figure's list, and both monthly reports."""

import io
import re
from decimal import Decimal

from openpyxl import load_workbook

from dashboard.tests.conftest import assess
from earlywarning.models import ProjectStatus as AssessmentStatus
from projects import fiscal

# The map asks a tile server for its background; the test keeps every request on the live server.
OUTSIDE = re.compile(r"^https?://(?!127\.0\.0\.1|localhost)")


def test_bupati_dashboard_filters_drills_down_and_downloads_reports(page, login, users, make_project, regions):
    year = fiscal.current_year()
    road = make_project(name="Jalan Lalang Jaya", fiscal_year=year, contract_value=Decimal("1000000000"))
    bridge = make_project(
        name="Jembatan Gantung",
        fiscal_year=year,
        contract_value=Decimal("500000000"),
        villages=[regions["gantung_desa"]],
    )
    assess(road, AssessmentStatus.CRITICAL, planned="60", deviation="-20")
    assess(bridge, AssessmentStatus.ON_TRACK, planned="50", deviation="1")
    page.route(OUTSIDE, lambda route: route.abort())
    login(users["leader"])

    page.goto("/pimpinan/")
    assert page.locator("[data-figure=projects]").inner_text() == "2"
    assert page.locator("[data-figure=contract-value]").inner_text() == "Rp 1.500.000.000"
    # The map script fetched the project points and drew both as markers or one cluster.
    page.wait_for_selector("#dashboard-map .leaflet-interactive, #dashboard-map .marker-cluster")

    page.select_option("#filter-district", label="Gantung")
    page.click(".dashboard-filters button[type=submit]")
    # Let the filtered page's map requests finish before leaving it, so no request of the old page is still
    # running against the live server's shared SQLite database when the next page loads.
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-figure=projects]").inner_text() == "1"
    assert page.locator("[data-figure=contract-value]").inner_text() == "Rp 500.000.000"

    page.goto("/pimpinan/")
    page.click("[data-status=critical]")
    page.wait_for_load_state()
    assert "status=critical" in page.url
    assert page.locator(".project-table tbody tr").count() == 1
    assert page.locator(".project-table").inner_text().count("Jalan Lalang Jaya") == 1

    page.goto("/pimpinan/")
    page.click("text=Laporan bulanan (PDF, Excel)")
    page.wait_for_selector("#download-pdf")
    with page.expect_download() as pdf_download:
        page.click("#download-pdf")
    pdf = pdf_download.value
    assert pdf.suggested_filename.startswith(f"laporan-bulanan-{year}-")
    with open(pdf.path(), "rb") as pdf_file:
        assert pdf_file.read(5) == b"%PDF-"

    with page.expect_download() as xlsx_download:
        page.click("#download-xlsx")
    with open(xlsx_download.value.path(), "rb") as xlsx_file:
        workbook = load_workbook(io.BytesIO(xlsx_file.read()))
    summary = {row[0].value: row[1].value for row in workbook["Ringkasan"].iter_rows()}
    assert summary["Proyek"] == 2
    assert summary["Total nilai kontrak"] == 1500000000
