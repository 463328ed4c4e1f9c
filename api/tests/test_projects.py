"""GET /api/v1/projects/ and /api/v1/projects/{id}/: public fields, filters, ordering and query counts."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from agencies.models import Agency
from api.tests.conftest import (
    AUTHOR_PHONE,
    DEVICE_LATITUDE,
    EXIF_LONGITUDE,
    NARRATIVE,
    REPORTER_EMAIL,
    REPORTER_PHONE,
    make_finding,
    make_photo,
    make_report,
)
from conftest import PASSWORD
from projects.models import FundingSource, ProjectStatus, Sector
from regions.models import Region

LIST_URL = "/api/v1/projects/"

LIST_FIELDS = {
    "id",
    "url",
    "fiscal_year",
    "name",
    "agency",
    "sector",
    "sector_label",
    "funding_source",
    "funding_source_label",
    "villages",
    "kecamatan",
    "location_description",
    "location",
    "budget_ceiling",
    "contractor_name",
    "contract_number",
    "contract_date",
    "contract_value",
    "start_date",
    "duration_days",
    "planned_end_date",
    "status",
    "status_label",
    "physical_progress",
    "financial_progress",
    "progress_date",
    "open_findings",
    "total_findings",
    "photos",
    "early_warning",
    "early_warning_label",
    "portal_url",
}


def detail_url(project_id):
    return f"/api/v1/projects/{project_id}/"


def listed_ids(response):
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["results"]]


@pytest.mark.django_db
def test_urls_are_the_agreed_ones():
    assert reverse("api:project_list") == LIST_URL
    assert reverse("api:project_detail", kwargs={"pk": 7}) == detail_url(7)


@pytest.mark.django_db
def test_list_fields_and_values(client, monitored):
    project = monitored["project"]

    response = client.get(LIST_URL)

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    item = body["results"][0]
    assert set(item) == LIST_FIELDS
    assert item["id"] == project.pk
    assert item["url"] == f"http://testserver{detail_url(project.pk)}"
    assert item["agency"] == {
        "id": project.agency_id,
        "short_name": "Dinas PUPR",
        "name": "Dinas Pekerjaan Umum dan Penataan Ruang",
    }
    assert item["sector"] == "roads"
    assert item["funding_source"] == "apbd"
    assert item["villages"] == [{"code": "19.06.01.2001", "name": "Lalang Jaya", "kind": "desa"}]
    assert item["kecamatan"] == [{"code": "19.06.01", "name": "Manggar"}]
    assert item["location"] == {"type": "Point", "coordinates": [108.281, -2.8705]}
    assert item["contractor_name"] == "CV Karya Manggar"
    assert item["contract_number"] == "600/12/PUPR/2026"
    assert item["contract_date"] == "2026-03-02"
    assert item["start_date"] == "2026-03-09"
    assert item["duration_days"] == 150
    assert item["planned_end_date"] == "2026-08-05"
    assert item["status"] == "in_progress"


@pytest.mark.django_db
def test_decimals_are_exact_strings(client, make_project):
    make_project(budget_ceiling=Decimal("1250000000.05"), contract_value=Decimal("999999999999.99"))

    item = client.get(LIST_URL).json()["results"][0]

    assert item["budget_ceiling"] == "1250000000.05"
    assert item["contract_value"] == "999999999999.99"
    assert item["physical_progress"] == "0.00"
    assert item["financial_progress"] == "0.00"


@pytest.mark.django_db
def test_labels_follow_request_language(client, project):
    item = client.get(LIST_URL, HTTP_ACCEPT_LANGUAGE="en").json()["results"][0]

    assert item["sector_label"] == "Roads"
    assert item["status_label"] == "In progress"
    assert item["funding_source_label"] == "APBD"


@pytest.mark.django_db
def test_project_without_contract_or_location(client, make_project):
    make_project(
        contractor=None,
        contract_number="",
        contract_date=None,
        contract_value=None,
        start_date=None,
        duration_days=None,
        latitude=None,
        longitude=None,
        status=ProjectStatus.PLANNED,
    )

    item = client.get(LIST_URL).json()["results"][0]

    assert item["contractor_name"] is None
    assert item["contract_value"] is None
    assert item["planned_end_date"] is None
    assert item["location"] is None


@pytest.mark.django_db
def test_finding_counts_skip_withdrawn_reports(client, monitored):
    item = client.get(LIST_URL).json()["results"][0]

    assert item["open_findings"] == 1
    assert item["total_findings"] == 2


@pytest.mark.django_db
def test_photos_public_copies_only(client, monitored):
    photos = monitored["photos"]

    item = client.get(LIST_URL).json()["results"][0]

    listed = {photo["id"] for photo in item["photos"]}
    assert listed == {photos["report"].pk, photos["progress"].pk, photos["response"].pk}
    first = item["photos"][0]
    assert set(first) == {"id", "caption", "thumbnail_url", "web_url"}
    assert first["thumbnail_url"] == f"http://testserver/foto/{first['id']}/thumb/"
    assert first["web_url"] == f"http://testserver/foto/{first['id']}/web/"
    assert "original" not in response_text(client.get(LIST_URL))


def response_text(response):
    assert response.status_code == 200, response.content
    return response.content.decode()


@pytest.mark.django_db
def test_no_personal_data_anywhere(client, monitored, users):
    project = monitored["project"]
    regions_imported = client.get("/api/v1/regions/")
    bodies = [
        response_text(client.get(LIST_URL)),
        response_text(client.get(detail_url(project.pk))),
        response_text(regions_imported),
        response_text(client.get("/api/v1/regions/19.06.01.2001/")),
    ]

    private = [
        users["lalang_jaya"].username,
        users["lalang_jaya"].first_name,
        users["pupr"].username,
        users["pupr"].first_name,
        REPORTER_PHONE,
        REPORTER_EMAIL,
        AUTHOR_PHONE,
        str(DEVICE_LATITUDE),
        str(EXIF_LONGITUDE),
        "2.123457",
        "107.654321",
        "Samsung",
        NARRATIVE,
        "Catatan internal",
        "Salah proyek",
        "Temuan yang ditarik.",
        "Jawaban tersembunyi.",
        "reporter",
        "author",
        "created_by",
        "uploaded_by",
        "sha256",
    ]
    for body in bodies:
        for value in private:
            assert value not in body


@pytest.mark.django_db
def test_detail_fields(client, monitored):
    project = monitored["project"]

    response = client.get(detail_url(project.pk))

    assert response.status_code == 200
    body = response.json()
    assert set(body) == LIST_FIELDS | {"schedule", "progress_history", "reports", "findings", "amendments"}
    assert body["schedule"] == [
        {"week": 1, "week_end": "2026-03-15", "planned_percent": "5.00"},
        {"week": 2, "week_end": "2026-03-22", "planned_percent": "12.50"},
        {"week": 3, "week_end": "2026-03-29", "planned_percent": "20.00"},
    ]
    assert body["progress_history"] == [
        {"date": "2026-04-01", "physical_percent": "10.00", "financial_percent": "20.00"},
        {"date": "2026-05-01", "physical_percent": "25.50", "financial_percent": "30.00"},
    ]


@pytest.mark.django_db
def test_detail_reports_without_reporter(client, monitored):
    report = monitored["report"]

    body = client.get(detail_url(monitored["project"].pk)).json()

    assert body["reports"] == [
        {
            "id": report.pk,
            "visit_date": "2026-05-04",
            "village": {"code": "19.06.01.2001", "name": "Lalang Jaya", "kind": "desa"},
            "observed_progress": "30.00",
            "checklist": {
                "signboard_present": True,
                "workers_present": False,
                "materials_as_specified": True,
                "work_matches_plan": True,
                "site_safe": False,
            },
        }
    ]


@pytest.mark.django_db
def test_detail_findings_with_responses(client, monitored):
    body = client.get(detail_url(monitored["project"].pk), HTTP_ACCEPT_LANGUAGE="en").json()

    findings = {finding["id"]: finding for finding in body["findings"]}
    assert set(findings) == {monitored["open_finding"].pk, monitored["resolved"].pk}
    resolved = findings[monitored["resolved"].pk]
    assert resolved["description"] == "Pekerja tanpa helm."
    assert resolved["severity"] == "low"
    assert resolved["severity_label"] == "Low"
    assert resolved["state"] == "resolved"
    assert resolved["state_label"] == "Resolved"
    assert resolved["report_id"] == monitored["report"].pk
    assert len(resolved["responses"]) == 1
    answer = resolved["responses"][0]
    assert set(answer) == {"action", "action_label", "message", "created_at"}
    assert answer["message"] == "Helm sudah dibagikan."
    assert findings[monitored["open_finding"].pk]["responses"] == []


@pytest.mark.django_db
@pytest.mark.parametrize("project_id", [999999, 0])
def test_detail_unknown_id_404(client, project, project_id):
    response = client.get(detail_url(project_id), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 404
    assert response.json() == {"detail": f"No project has the id {project_id}."}


@pytest.mark.django_db
def test_other_regency_projects_hidden(client, project, regions):
    other = Region.objects.create(
        code="19.05", name="Kabupaten Bangka Selatan", level=2, kind="kabupaten", parent=regions["province"]
    )
    agency = Agency.objects.create(regency=other, name="Dinas PUPR Bangka Selatan", short_name="Dinas PUPR")
    foreign = project.__class__.objects.create(
        fiscal_year=2026,
        name="Jalan di kabupaten lain",
        agency=agency,
        sector=Sector.ROADS,
        funding_source=FundingSource.APBD,
        budget_ceiling=Decimal("100.00"),
    )

    assert listed_ids(client.get(LIST_URL)) == [project.pk]
    assert client.get(detail_url(foreign.pk)).status_code == 404


@pytest.mark.django_db
def test_read_only(client, project):
    assert client.post(LIST_URL, {"name": "x"}).status_code == 405
    assert client.put(detail_url(project.pk), {"name": "x"}).status_code == 405
    assert client.patch(detail_url(project.pk), {"name": "x"}).status_code == 405
    assert client.delete(detail_url(project.pk)).status_code == 405


@pytest.mark.django_db
def test_signed_in_user_sees_same_public_data(client, monitored, users):
    anonymous = client.get(detail_url(monitored["project"].pk)).json()
    client.login(username=users["admin"].username, password=PASSWORD)

    signed_in = client.get(detail_url(monitored["project"].pk)).json()

    assert signed_in == anonymous


@pytest.fixture
def spread(make_project, regions, agencies):
    """Four projects that differ in year, village, agency, status and sector."""
    return {
        "road": make_project(),
        "school": make_project(
            name="Rehabilitasi SD Negeri 3 Manggar",
            agency=agencies["education"],
            sector=Sector.SCHOOLS,
            villages=[regions["kurnia_jaya"]],
            budget_ceiling=Decimal("400000000.00"),
        ),
        "gantung": make_project(
            name="Drainase Gantung",
            villages=[regions["gantung_desa"]],
            sector=Sector.DRAINAGE,
            status=ProjectStatus.PHO,
            budget_ceiling=Decimal("900000000.00"),
        ),
        "old": make_project(fiscal_year=2025, name="Jalan 2025", status=ProjectStatus.FHO),
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"year": 2025}, {"old"}),
        ({"year": 2026}, {"road", "school", "gantung"}),
        ({"kecamatan": "19.06.01"}, {"road", "school", "old"}),
        ({"kecamatan": "19.06.02"}, {"gantung"}),
        ({"desa": "19.06.01.2002"}, {"school"}),
        ({"desa": "19.06.07.2001"}, set()),
        ({"opd": "Dinas Pendidikan"}, {"school"}),
        ({"opd": "dinas pupr"}, {"road", "gantung", "old"}),
        ({"status": "pho"}, {"gantung"}),
        ({"sector": "schools"}, {"school"}),
        ({"year": 2026, "kecamatan": "19.06.01", "sector": "roads"}, {"road"}),
    ],
)
def test_filters(client, spread, query, expected):
    ids = listed_ids(client.get(LIST_URL, query))

    assert sorted(ids) == sorted(spread[name].pk for name in expected)


@pytest.mark.django_db
def test_filter_opd_by_id(client, spread, agencies):
    ids = listed_ids(client.get(LIST_URL, {"opd": agencies["education"].pk}))

    assert ids == [spread["school"].pk]


@pytest.mark.django_db
def test_project_in_two_villages_listed_once(client, make_project, regions):
    project = make_project(villages=[regions["lalang_jaya"], regions["kurnia_jaya"]])

    item_ids = listed_ids(client.get(LIST_URL, {"kecamatan": "19.06.01"}))

    assert item_ids == [project.pk]
    item = client.get(LIST_URL).json()["results"][0]
    assert [village["code"] for village in item["villages"]] == ["19.06.01.2001", "19.06.01.2002"]
    assert item["kecamatan"] == [{"code": "19.06.01", "name": "Manggar"}]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"status": "selesai"}, "status"),
        ({"sector": "jalan"}, "sector"),
        ({"year": "dua ribu"}, "year"),
        ({"kecamatan": "19.06"}, "kecamatan"),
        ({"kecamatan": "1906 01"}, "kecamatan"),
        ({"desa": "19.06.01.201"}, "desa"),
    ],
)
def test_bad_filter_value_400(client, spread, query, field):
    response = client.get(LIST_URL, query)

    assert response.status_code == 400
    assert field in response.json()


@pytest.mark.django_db
def test_ordering(client, spread):
    cheapest_first = listed_ids(client.get(LIST_URL, {"ordering": "budget_ceiling", "year": 2026}))
    newest_first = listed_ids(client.get(LIST_URL))

    assert cheapest_first == [spread["school"].pk, spread["gantung"].pk, spread["road"].pk]
    assert newest_first[-1] == spread["old"].pk


@pytest.mark.django_db
def test_ordering_by_two_fields(client, spread):
    ids = listed_ids(client.get(LIST_URL, {"ordering": "fiscal_year,-budget_ceiling"}))

    assert ids == [spread["old"].pk, spread["road"].pk, spread["gantung"].pk, spread["school"].pk]


@pytest.mark.django_db
def test_unknown_ordering_field_ignored(client, spread):
    ids = listed_ids(client.get(LIST_URL, {"ordering": "contractor__npwp"}))

    assert len(ids) == 4


@pytest.mark.django_db
def test_pagination_pages_do_not_overlap(client, make_project):
    created = [make_project(name="Paket sama") for _ in range(5)]

    first = client.get(LIST_URL, {"page_size": 2, "ordering": "name"}).json()
    second = client.get(LIST_URL, {"page_size": 2, "ordering": "name", "page": 2}).json()
    third = client.get(LIST_URL, {"page_size": 2, "ordering": "name", "page": 3}).json()

    assert first["count"] == 5
    pages = [item["id"] for page in (first, second, third) for item in page["results"]]
    assert sorted(pages) == sorted(project.pk for project in created)


@pytest.mark.django_db
def test_page_size_capped(client, make_project):
    make_project()

    response = client.get(LIST_URL, {"page_size": 100000})

    assert response.status_code == 200
    assert response.json()["count"] == 1


def build_projects(make_project, regions, users, count):
    """``count`` projects, each in two villages with two reports, two findings with a response and photos."""
    reporter = users["lalang_jaya"]
    author = users["pupr"]
    for number in range(count):
        project = make_project(name=f"Paket {number}", villages=[regions["lalang_jaya"], regions["gantung_desa"]])
        for day in (1, 2):
            report = make_report(project, regions["lalang_jaya"], reporter, visit_date=datetime.date(2026, 5, day))
            finding = make_finding(report)
            finding.responses.create(agency=project.agency, author=author, action="answer", message="Sudah.")
            make_photo(project, reporter, report=report)


@pytest.mark.django_db
@pytest.mark.parametrize("count", [2, 12])
def test_list_query_count_bounded(client, make_project, regions, users, count, django_assert_max_num_queries):
    build_projects(make_project, regions, users, count)

    with django_assert_max_num_queries(4):
        response = client.get(LIST_URL)

    assert response.json()["count"] == count
    assert all(len(item["photos"]) == 2 for item in response.json()["results"])


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 8])
def test_detail_query_count_bounded(client, make_project, regions, users, count, django_assert_max_num_queries):
    build_projects(make_project, regions, users, 1)
    project = make_project(name="Paket besar", villages=[regions["lalang_jaya"], regions["kurnia_jaya"]])
    for day in range(1, count + 1):
        report = make_report(
            project, regions["lalang_jaya"], users["lalang_jaya"], visit_date=datetime.date(2026, 6, day)
        )
        make_finding(report).responses.create(
            agency=project.agency, author=users["pupr"], action="answer", message="Ok"
        )

    with django_assert_max_num_queries(9):
        response = client.get(detail_url(project.pk))

    assert len(response.json()["findings"]) == count
    assert len(response.json()["reports"]) == count


@pytest.mark.django_db
def test_detail_lists_amendments_without_author(client, make_project, users):
    from projects.services import amendment_record

    project = make_project()
    amendment_record(
        user=users["pupr"],
        project=project,
        number="Adendum I",
        date=datetime.date(2026, 5, 4),
        kind="value",
        description="Tambah volume drainase.",
        value_after=Decimal("1250000000"),
    )

    body = client.get(detail_url(project.pk)).json()

    assert body["amendments"] == [
        {
            "number": "Adendum I",
            "date": "2026-05-04",
            "kind": "value",
            "value_before": "1190000000.00",
            "value_after": "1250000000.00",
            "end_before": None,
            "end_after": None,
            "description": "Tambah volume drainase.",
        }
    ]
    assert users["pupr"].username not in str(body)
