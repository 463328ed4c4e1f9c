import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from dashboard import summaries
from dashboard.tests.conftest import assess
from earlywarning.models import ProjectStatus as AssessmentStatus
from monitoring.models import FindingState, ReportStatus
from projects.models import Contractor, Project, Sector
from projects.tests.factories import make_finding, make_report

URL = reverse("dashboard:overview")
PAST_DUE = datetime.date(2026, 1, 5)


@pytest.fixture
def year_data(make_project, regions, agencies, users):
    """Three 2026 projects and one of 2025, with assessments and findings in every state.

    The bridge lies in both kecamatan and the road in two desa of Manggar; the school has no contract.
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
        contractor=Contractor.objects.create(name="PT Jembatan Timur"),
        villages=[regions["gantung_desa"], regions["lalang_jaya"]],
        latitude=None,
        longitude=None,
    )
    school = make_project(
        name="Sekolah Kurnia Jaya",
        agency=agencies["education"],
        sector=Sector.SCHOOLS,
        contract_value=None,
        contractor=None,
        physical_progress=Decimal("0"),
        financial_progress=Decimal("0"),
        villages=[regions["kurnia_jaya"]],
    )
    old = make_project(name="Jalan 2025", fiscal_year=2025, physical_progress=Decimal("100"))
    assess(road, AssessmentStatus.CRITICAL, planned="60", deviation="-20")
    assess(bridge, AssessmentStatus.AHEAD, planned="70", deviation="10")
    assess(old, AssessmentStatus.FINISHED, planned="100", deviation="0")

    report = make_report(road, village=regions["lalang_jaya"], reporter=users["lalang_jaya"])
    make_finding(report, description="Temuan lewat tenggat.", due_date=PAST_DUE)
    make_finding(report, description="Temuan sudah dijawab.", state=FindingState.ANSWERED)
    make_finding(report, description="Temuan selesai.", state=FindingState.RESOLVED)
    make_finding(report, description="Temuan ditolak.", state=FindingState.REJECTED, rejection_reason="Bukan masalah.")
    withdrawn = make_report(
        road, village=regions["lalang_jaya"], reporter=users["lalang_jaya"], status=ReportStatus.WITHDRAWN
    )
    make_finding(withdrawn, description="Temuan dari laporan yang ditarik.", due_date=PAST_DUE)
    old_report = make_report(old, village=regions["lalang_jaya"], reporter=users["lalang_jaya"])
    make_finding(old_report, description="Temuan tahun lalu.", due_date=PAST_DUE)
    return {"road": road, "bridge": bridge, "school": school, "old": old}


def test_headline_weights_progress_by_contract_value(year_data):
    # Weights: road Rp 1 M, bridge Rp 0,5 M, school its pagu Rp 1,25 M (no contract yet); total Rp 2,75 M.
    figures = summaries.headline(Project.objects.filter(fiscal_year=2026))

    assert figures.projects == 3
    assert figures.contract_value == Decimal("1500000000")
    # (1 x 40 + 0,5 x 80 + 1,25 x 0) / 2,75 = 29,09
    assert round(figures.physical, 2) == Decimal("29.09")
    # (1 x 30 + 0,5 x 50) / 2,75 = 20
    assert figures.financial == Decimal("20")
    # Plan and deviation over the two assessed projects: (1 x 60 + 0,5 x 70) / 1,5 and (1 x -20 + 0,5 x 10) / 1,5.
    assert round(figures.planned, 2) == Decimal("63.33")
    assert figures.deviation == Decimal("-10")
    assert figures.critical == 1
    assert figures.on_track == 1
    assert figures.not_assessed == 1
    # Withdrawn-report findings are left out; the rejected one does not count towards the fix rate.
    assert figures.followup.raised == 3
    assert figures.followup.resolved == 1
    assert figures.followup.open == 2
    assert figures.followup.overdue == 1
    assert round(figures.followup.fix_rate, 1) == Decimal("33.3")


def test_tables_per_agency_and_district(year_data):
    projects = Project.objects.filter(fiscal_year=2026)

    agencies = {row.name: row for row in summaries.by_agency(projects)}
    assert agencies["Dinas PUPR"].projects == 2
    assert agencies["Dinas PUPR"].contract_value == Decimal("1500000000")
    # (1 x 40 + 0,5 x 80) / 1,5
    assert round(agencies["Dinas PUPR"].physical, 2) == Decimal("53.33")
    assert agencies["Dinas PUPR"].followup.overdue == 1
    assert agencies["Dinas Pendidikan"].projects == 1
    assert agencies["Dinas Pendidikan"].deviation is None

    districts = {row.name: row for row in summaries.by_district(projects)}
    # The road lies in two desa of Manggar and counts there once.
    assert districts["Manggar"].projects == 3
    assert districts["Manggar"].contract_value == Decimal("1500000000")
    assert districts["Manggar"].followup.overdue == 1
    assert districts["Gantung"].projects == 1
    assert districts["Gantung"].physical == Decimal("80")
    assert districts["Gantung"].followup.raised == 0

    order = [row.name for row in summaries.sort_rows(list(districts.values()), "deviasi")]
    assert order == ["Manggar", "Gantung"]


def test_attention_list_puts_the_critical_road_first_with_reasons(year_data):
    attention = summaries.needs_attention(Project.objects.filter(fiscal_year=2026))

    assert [project.name for project in attention] == ["Jalan Lalang Jaya"]
    assert attention[0].reasons == ["Kontrak kritis, deviasi -20,0 poin", "1 temuan lewat tenggat"]


def test_overview_page_shows_headline_and_links(client, users, year_data):
    client.force_login(users["leader"])
    page = client.get(URL).content.decode()

    assert "Rp 1.500.000.000" in page
    assert "29,1%" in page
    assert "-10,0" in page
    assert "Jalan Lalang Jaya" in page
    assert "Jalan 2025" not in page
    assert f"{reverse('dashboard:project_list')}?tahun=2026&amp;status=critical" in page
    assert f"{reverse('dashboard:finding_list')}?tahun=2026&amp;jenis=lewat" in page


def test_filters_narrow_every_figure(client, users, year_data, regions, agencies):
    client.force_login(users["admin"])

    gantung = client.get(URL, {"kecamatan": regions["gantung"].pk}).context
    assert gantung["headline"].projects == 1
    assert gantung["headline"].physical == Decimal("80")

    schools = client.get(URL, {"sektor": Sector.SCHOOLS}).context
    assert schools["headline"].projects == 1

    contractor = Contractor.objects.get(name="PT Jembatan Timur")
    by_contractor = client.get(URL, {"kontraktor": contractor.pk}).context
    assert by_contractor["headline"].projects == 1

    village = client.get(URL, {"kecamatan": regions["manggar"].pk, "desa": regions["kurnia_jaya"].pk}).context
    assert village["headline"].projects == 2

    unknown = client.get(URL, {"sektor": "rockets", "opd": "x", "tahun": "1800"}).context
    assert unknown["headline"].projects == 3


def test_opd_user_sees_only_its_own_opd_whatever_the_filter(client, users, year_data, agencies):
    client.force_login(users["education"])
    response = client.get(URL, {"opd": agencies["pupr"].pk})

    assert response.status_code == 200
    assert response.context["headline"].projects == 1
    assert response.context["agency_fixed"] is True
    assert [row.name for row in response.context["districts"]] == ["Manggar"]
    assert "Jalan Lalang Jaya" not in response.content.decode()


def test_project_list_behind_a_status_figure(client, users, year_data):
    client.force_login(users["dprd"])
    response = client.get(reverse("dashboard:project_list"), {"status": "critical"})

    assert [project.name for project in response.context["page"].object_list] == ["Jalan Lalang Jaya"]
    not_assessed = client.get(reverse("dashboard:project_list"), {"status": "none"})
    assert [project.name for project in not_assessed.context["page"].object_list] == ["Sekolah Kurnia Jaya"]


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("lewat", {"Temuan lewat tenggat."}),
        ("terbuka", {"Temuan lewat tenggat.", "Temuan sudah dijawab."}),
        ("selesai", {"Temuan selesai."}),
    ],
)
def test_finding_list_behind_a_findings_figure(client, users, year_data, kind, expected):
    client.force_login(users["leader"])
    response = client.get(reverse("dashboard:finding_list"), {"jenis": kind})

    assert {finding.description for finding in response.context["page"].object_list} == expected


def test_map_points_fall_back_to_the_village_centre(client, users, year_data, regions):
    client.force_login(users["leader"])
    points = {row[4]: row for row in client.get(reverse("dashboard:map_points")).json()["points"]}

    assert points["Jalan Lalang Jaya"][1:4] == [-2.8705, 108.281, "critical"]
    # The bridge has no site coordinates; its first desa with a centre is Lalang Jaya.
    assert points["Jembatan Gantung"][1:4] == [-2.87, 108.28, "ahead"]
    assert points["Sekolah Kurnia Jaya"][3] == "none"


def test_boundaries_are_rounded_and_desa_load_per_kecamatan(client, users, regions):
    regions["manggar"].boundary = {
        "type": "Polygon",
        "coordinates": [[[108.123456, -2.1], [108.123457, -2.1], [108.2, -2.2], [108.3, -2.1], [108.123456, -2.1]]],
    }
    regions["manggar"].save()
    client.force_login(users["leader"])

    features = client.get(reverse("dashboard:boundaries")).json()["features"]
    assert [feature["properties"]["name"] for feature in features] == ["Kecamatan Manggar"]
    assert features[0]["geometry"]["coordinates"][0][:2] == [[108.1235, -2.1], [108.2, -2.2]]

    desa = client.get(reverse("dashboard:boundaries"), {"kecamatan": regions["manggar"].pk}).json()["features"]
    assert [feature["properties"]["name"] for feature in desa] == ["Desa Lalang Jaya"]
    assert desa[0]["geometry"]["type"] == "Point"


def test_contractor_record_spans_years_and_opds(client, users, year_data, make_project, agencies):
    contractor = Contractor.objects.get(name="CV Karya Manggar")
    late = make_project(name="Gedung 2025", fiscal_year=2025, agency=agencies["education"], contractor=contractor)
    assess(late, AssessmentStatus.LATE, planned="50", deviation="-8")
    client.force_login(users["leader"])

    response = client.get(reverse("dashboard:contractor_detail", args=[contractor.pk]))

    totals = response.context["totals"]
    assert totals.projects == 3
    assert (totals.late, totals.critical, totals.finished) == (1, 1, 1)
    assert totals.followup.raised == 4
    assert [row.name for row in response.context["per_year"]] == ["2026", "2025"]
    assert {row.name for row in response.context["per_agency"]} == {"Dinas PUPR", "Dinas Pendidikan"}


def test_contractor_record_of_an_opd_user_shows_only_its_projects(client, users, year_data, agencies):
    contractor = Contractor.objects.get(name="CV Karya Manggar")
    client.force_login(users["education"])

    response = client.get(reverse("dashboard:contractor_detail", args=[contractor.pk]))

    assert response.context["totals"].projects == 0
