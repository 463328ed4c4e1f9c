import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from dashboard.tests.conftest import assess
from earlywarning.models import ProjectStatus as AssessmentStatus
from projects.tests.factories import make_finding, make_photo, make_report
from reports.excel import safe_text

PDF = reverse("reports:monthly_pdf")
XLSX = reverse("reports:monthly_xlsx")


@pytest.fixture
def report_data(make_project, regions, agencies, users):
    road = make_project(
        name='=HYPERLINK("http://contoh")',
        contract_value=Decimal("1000000000"),
        physical_progress=Decimal("40"),
        financial_progress=Decimal("30"),
    )
    school = make_project(
        name="Sekolah Kurnia Jaya",
        agency=agencies["education"],
        contract_value=Decimal("250000000"),
        physical_progress=Decimal("90"),
        villages=[regions["kurnia_jaya"]],
    )
    assess(road, AssessmentStatus.CRITICAL, planned="65", deviation="-25")
    assess(school, AssessmentStatus.ON_TRACK, planned="88", deviation="2")
    report = make_report(road, village=regions["lalang_jaya"], reporter=users["lalang_jaya"])
    make_photo(road, uploaded_by=users["lalang_jaya"], report=report)
    make_finding(report, due_date=datetime.date(2026, 1, 2))
    return {"road": road, "school": school}


@pytest.mark.parametrize("url", [PDF, XLSX, reverse("reports:monthly")])
@pytest.mark.parametrize(
    ("role", "expected"),
    [("admin", 200), ("leader", 200), ("dprd", 200), ("pupr", 200), ("lalang_jaya", 403), ("anonymous", 302)],
)
def test_report_role_matrix(client, users, project, url, role, expected):
    if role != "anonymous":
        client.force_login(users[role])
    assert client.get(url).status_code == expected


def test_pdf_download_is_a_pdf_named_after_the_month(client, users, report_data):
    client.force_login(users["leader"])
    response = client.get(PDF, {"tahun": "2026", "bulan": "4"})

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="laporan-bulanan-2026-04.pdf"'
    assert response.content.startswith(b"%PDF")


def test_pdf_shows_the_kabupaten_critical_list_and_indonesian_figures(client, users, report_data, settings):
    from reports import data

    settings.SIMPOR_REGENCY_NAME = "Kabupaten Contoh"
    client.force_login(users["leader"])
    report = data.monthly_report(
        year=2026, month=4, projects=report_data["road"].__class__.objects.filter(fiscal_year=2026)
    )
    from django.template.loader import render_to_string

    html = render_to_string("reports/monthly_pdf.html", {"report": report, "logo": ""})
    assert "Kabupaten Contoh" in html
    assert "April 2026" in html
    assert "Rp 1.250.000.000" in html
    assert "-25,0" in html
    assert "HYPERLINK" in html
    # The worst case carries the village photo as a data URI, if its file exists; the factory's does not.
    assert report.worst_cases[0].project == report_data["road"]


def test_workbook_has_one_sheet_per_table_with_real_numbers(client, users, report_data):
    client.force_login(users["admin"])
    response = client.get(XLSX, {"tahun": "2026", "bulan": "5"})
    workbook = load_workbook(io.BytesIO(response.content))

    assert workbook.sheetnames == ["Ringkasan", "Per OPD", "Per kecamatan", "Perlu perhatian", "Kontrak kritis"]
    summary = {row[0].value: row[1] for row in workbook["Ringkasan"].iter_rows()}
    assert summary["Proyek"].value == 2
    assert summary["Total nilai kontrak"].value == 1250000000
    assert summary["Total nilai kontrak"].number_format == '"Rp" #,##0'
    per_opd = list(workbook["Per OPD"].iter_rows(values_only=True))
    assert per_opd[0][0] == "OPD"
    pupr = next(row for row in per_opd if row[0] == "Dinas PUPR")
    assert pupr[1] == 1
    assert pupr[6] == -25
    critical = list(workbook["Kontrak kritis"].iter_rows(values_only=True))
    # A project name that starts like a formula stays text.
    assert critical[1][0] == '\'=HYPERLINK("http://contoh")'


def test_opd_report_covers_only_its_projects(client, users, report_data):
    client.force_login(users["education"])
    workbook = load_workbook(io.BytesIO(client.get(XLSX).content))

    assert "Per OPD" not in workbook.sheetnames
    summary = {row[0].value: row[1].value for row in workbook["Ringkasan"].iter_rows()}
    assert summary["Proyek"] == 1
    assert summary["Laporan bulanan monitoring"] == "Dinas Pendidikan"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("=1+1", "'=1+1"), ("+62 812", "'+62 812"), ("-x", "'-x"), ("@SUM(A1)", "'@SUM(A1)"), ("Jalan", "Jalan")],
)
def test_safe_text_guards_formula_starts(text, expected):
    assert safe_text(text) == expected


def test_bad_month_falls_back_to_the_current_month(client, users, report_data):
    client.force_login(users["leader"])
    response = client.get(XLSX, {"bulan": "13"})
    assert response["Content-Disposition"] == 'attachment; filename="laporan-bulanan-2026-05.xlsx"'
