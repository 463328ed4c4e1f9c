import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from dashboard import summaries
from monitoring.models import FindingState, ReportStatus
from projects.models import Project
from projects.tests.factories import build_portfolio, make_finding, make_report

URL = reverse("dashboard:overview")


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("admin", 200),
        ("leader", 200),
        ("dprd", 200),
        ("pupr", 403),
        ("education", 403),
        ("lalang_jaya", 403),
        ("kurnia_jaya", 403),
        ("anonymous", 302),
    ],
)
def test_overview_role_matrix(client, users, role, expected):
    if role != "anonymous":
        client.force_login(users[role])
    response = client.get(URL)
    assert response.status_code == expected
    if role == "anonymous":
        assert response.url.startswith(reverse("accounts:login"))


@pytest.fixture
def year_data(make_project, regions, agencies, users):
    """Create three 2026 projects and one 2025 project with findings.

    The bridge lies in both kecamatan, and the road lies in two desa of Manggar.
    """
    road = make_project(
        name="Jalan Lalang Jaya",
        contract_value=Decimal("1000000000"),
        physical_progress=Decimal("40"),
        financial_progress=Decimal("30"),
        villages=[regions["lalang_jaya"], regions["kurnia_jaya"]],
    )
    bridge = make_project(
        name="Jembatan Gantung",
        contract_value=Decimal("500000000"),
        physical_progress=Decimal("80"),
        financial_progress=Decimal("50"),
        villages=[regions["gantung_desa"], regions["lalang_jaya"]],
    )
    school = make_project(
        name="Sekolah Kurnia Jaya",
        agency=agencies["education"],
        contract_value=None,
        physical_progress=Decimal("0"),
        financial_progress=Decimal("0"),
        villages=[regions["kurnia_jaya"]],
    )
    old = make_project(name="Jalan 2025", fiscal_year=2025, physical_progress=Decimal("100"))

    report = make_report(road, village=regions["lalang_jaya"], reporter=users["lalang_jaya"])
    make_finding(report, description="Temuan terbuka pertama.")
    make_finding(report, description="Temuan sudah dijawab.", state=FindingState.ANSWERED)
    make_finding(report, description="Temuan selesai.", state=FindingState.RESOLVED)
    withdrawn = make_report(
        road, village=regions["lalang_jaya"], reporter=users["lalang_jaya"], status=ReportStatus.WITHDRAWN
    )
    make_finding(withdrawn, description="Temuan dari laporan yang ditarik.")

    old_report = make_report(old, village=regions["lalang_jaya"], reporter=users["lalang_jaya"])
    make_finding(old_report, description="Temuan tahun lalu.")
    return {"road": road, "bridge": bridge, "school": school, "old": old}


def test_summaries_per_agency_and_district(year_data, regions):
    projects = Project.objects.filter(fiscal_year=2026)
    open_findings = summaries.open_findings_by_project(projects)

    totals = summaries.year_totals(projects)
    assert totals.projects == 3
    assert totals.contract_value == Decimal("1500000000")
    assert totals.physical_average == Decimal("40")
    assert totals.open_findings == 2

    agencies = {row.name: row for row in summaries.by_agency(projects, open_findings)}
    assert agencies["Dinas PUPR"].projects == 2
    assert agencies["Dinas PUPR"].contract_value == Decimal("1500000000")
    assert agencies["Dinas PUPR"].physical_average == Decimal("60")
    assert agencies["Dinas PUPR"].financial_average == Decimal("40")
    assert agencies["Dinas PUPR"].open_findings == 2
    assert agencies["Dinas Pendidikan"].projects == 1
    assert agencies["Dinas Pendidikan"].contract_value == 0

    districts = {row.name: row for row in summaries.by_district(projects, open_findings)}
    # The road lies in two desa of Manggar and counts there once.
    assert districts["Manggar"].projects == 3
    assert districts["Manggar"].contract_value == Decimal("1500000000")
    assert districts["Manggar"].open_findings == 2
    assert districts["Gantung"].projects == 1
    assert districts["Gantung"].contract_value == Decimal("500000000")
    assert districts["Gantung"].physical_average == Decimal("80")


def test_overview_page_figures(client, users, year_data):
    client.force_login(users["dprd"])
    response = client.get(URL)
    page = response.content.decode()
    assert "Ikhtisar Tahun Anggaran 2026" in page
    assert "Rp 1.500.000.000" in page
    assert "40,0%" in page
    assert "Temuan terbuka pertama." in page
    assert "Temuan sudah dijawab." in page
    assert "Temuan selesai." not in page
    assert "Temuan dari laporan yang ditarik." not in page
    assert "Temuan tahun lalu." not in page
    assert "Jalan 2025" not in page
    listed = {project.name: project for project in response.context["page"].object_list}
    assert set(listed) == {"Jalan Lalang Jaya", "Jembatan Gantung", "Sekolah Kurnia Jaya"}
    assert listed["Jembatan Gantung"].district_names == "Gantung, Manggar"
    assert listed["Jalan Lalang Jaya"].open_findings == 2

    older = client.get(URL, {"tahun": "2025"}).content.decode()
    assert "Ikhtisar Tahun Anggaran 2025" in older
    assert "Temuan tahun lalu." in older
    assert "Jalan 2025" in older


def test_overview_findings_newest_first(client, users, project, regions):
    report = make_report(project, village=regions["lalang_jaya"], reporter=users["lalang_jaya"])
    older = make_finding(report, description="Temuan lama.")
    newer = make_finding(report, description="Temuan baru.")
    older.created_at = timezone.now() - datetime.timedelta(days=3)
    older.save(update_fields=["created_at"])
    client.force_login(users["leader"])
    response = client.get(URL)
    assert list(response.context["findings"]) == [newer, older]


def test_overview_paginates_projects(client, users, make_project):
    for index in range(51):
        make_project(name=f"Paket {index:02d}")
    client.force_login(users["leader"])
    first = client.get(URL)
    assert len(first.context["page"].object_list) == 50
    assert "Halaman 1 dari 2" in first.content.decode()
    assert "?halaman=2" in first.content.decode()
    second = client.get(URL, {"halaman": "2", "tahun": "2026"})
    assert [project.name for project in second.context["page"].object_list] == ["Paket 50"]
    assert "?tahun=2026&amp;halaman=1" in second.content.decode()


def test_overview_empty_year(client, users):
    client.force_login(users["leader"])
    page = client.get(URL, {"tahun": "2030"}).content.decode()
    assert "Tidak ada proyek pada tahun anggaran ini." in page


@pytest.mark.parametrize("size", [3, 30])
def test_overview_query_count(client, users, make_project, regions, agencies, django_assert_max_num_queries, size):
    build_portfolio(make_project, regions, agencies, users, count=size)
    client.force_login(users["leader"])
    with django_assert_max_num_queries(16):
        response = client.get(URL)
    assert response.context["totals"].projects == size
    assert response.context["totals"].open_findings == size
