import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from citizen import services as citizen_services
from earlywarning.models import ProjectAssessment
from projects.tests.factories import make_photo, make_report, make_update

SEARCH = reverse("portal:search")


def assess(project, status):
    return ProjectAssessment.objects.create(project=project, status=status, computed_at=timezone.now())


@pytest.fixture
def three_projects(make_project, regions, agencies):
    road = make_project(name="Jalan Lalang Jaya")
    school = make_project(
        name="Rehab SD Gantung", agency=agencies["education"], sector="schools", villages=[regions["gantung_desa"]]
    )
    old = make_project(name="Jalan Lama 2025", fiscal_year=2025, villages=[regions["kurnia_jaya"]])
    assess(road, "critical")
    assess(school, "on_track")
    return {"road": road, "school": school, "old": old}


@pytest.mark.parametrize(
    ("params", "shown"),
    [
        ({}, {"road", "school", "old"}),
        ({"tahun": "2026"}, {"road", "school"}),
        ({"kecamatan": "19.06.01"}, {"road", "old"}),
        ({"desa": "19.06.02.2001"}, {"school"}),
        ({"sektor": "schools"}, {"school"}),
        ({"status": "critical"}, {"road"}),
        ({"status": "none"}, {"old"}),
        ({"q": "rehab"}, {"school"}),
        ({"q": "karya manggar"}, {"road", "school", "old"}),
        ({"tahun": "abc", "desa": "99.99"}, {"road", "school", "old"}),
    ],
)
def test_search_filters(client, three_projects, params, shown):
    page = client.get(SEARCH, params).content.decode()
    for key, project in three_projects.items():
        assert (project.name in page) == (key in shown), key


def test_search_by_opd(client, three_projects, agencies):
    page = client.get(SEARCH, {"opd": agencies["education"].pk}).content.decode()
    assert "Rehab SD Gantung" in page
    assert "Jalan Lalang Jaya" not in page


def test_search_download_links_keep_filter(client, three_projects):
    page = client.get(SEARCH, {"tahun": "2026", "sektor": "roads"}).content.decode()
    assert reverse("opendata:projects_csv") + "?tahun=2026&amp;sektor=roads" in page
    assert reverse("opendata:projects_oc4ids") + "?tahun=2026&amp;sektor=roads" in page


def test_search_paginates(client, make_project):
    for index in range(35):
        make_project(name=f"Paket {index:02d}")
    first = client.get(SEARCH).content.decode()
    second = client.get(SEARCH, {"halaman": "2"}).content.decode()
    assert "Paket 00" in first and "Paket 34" not in first
    assert "Paket 34" in second and "Paket 00" not in second


@pytest.mark.parametrize("size", [3, 25])
def test_search_query_count(client, make_project, django_assert_max_num_queries, size):
    for index in range(size):
        make_project(name=f"Paket {index:02d}")
    with django_assert_max_num_queries(12):
        assert client.get(SEARCH, {"tahun": "2026"}).status_code == 200


def test_region_pages(client, three_projects):
    district = client.get(reverse("portal:region_detail", args=["19.06.01"])).content.decode()
    assert "Kecamatan Manggar" in district
    assert "Jalan Lalang Jaya" in district
    assert "Rehab SD Gantung" not in district
    assert 'href="/wilayah/19.06.01.2002/"' in district
    village = client.get(reverse("portal:region_detail", args=["19.06.02.2001"])).content.decode()
    assert "Rehab SD Gantung" in village
    assert "Jalan Lalang Jaya" not in village
    older = client.get(reverse("portal:region_detail", args=["19.06.01.2002"]), {"tahun": "2025"}).content.decode()
    assert "Jalan Lama 2025" in older


@pytest.mark.parametrize("code", ["19", "19.06", "99.99.99", "19.06.99.9999"])
def test_region_page_unknown_or_wrong_level(client, regions, code):
    assert client.get(reverse("portal:region_detail", args=[code])).status_code == 404


def test_agency_page(client, three_projects, agencies):
    page = client.get(reverse("portal:agency_detail", args=[agencies["education"].pk])).content.decode()
    assert "Dinas Pendidikan dan Kebudayaan" in page
    assert "Rehab SD Gantung" in page
    assert "Jalan Lalang Jaya" not in page
    assert client.get(reverse("portal:agency_detail", args=[999])).status_code == 404


def test_project_page_sharing_tags_with_photo(client, project, users):
    update = make_update(project, user=users["pupr"])
    photo = make_photo(project, uploaded_by=users["pupr"], progress_update=update)
    page = client.get(reverse("portal:project_detail", args=[project.pk])).content.decode()
    image = f"http://testserver/foto/{photo.pk}/web/"
    assert f'<meta property="og:image" content="{image}">' in page
    assert '<meta name="twitter:card" content="summary_large_image">' in page
    assert f'<link rel="canonical" href="http://testserver/proyek-publik/{project.pk}/">' in page
    assert 'property="og:type" content="article"' in page


def test_project_page_without_photo_has_small_card(client, project):
    page = client.get(reverse("portal:project_detail", args=[project.pk])).content.decode()
    assert "og:image" not in page
    assert '<meta name="twitter:card" content="summary">' in page


def test_photo_timeline_groups(client, project, users, regions):
    start = make_update(project, user=users["pupr"], date=datetime.date(2026, 3, 10), physical="2")
    middle = make_update(project, user=users["pupr"], date=datetime.date(2026, 5, 10), physical="48")
    start_photo = make_photo(project, uploaded_by=users["pupr"], progress_update=start)
    middle_photo = make_photo(project, uploaded_by=users["pupr"], progress_update=middle)
    report = make_report(project, village=regions["lalang_jaya"], reporter=users["lalang_jaya"])
    report_photo = make_photo(project, uploaded_by=users["lalang_jaya"], report=report)
    page = client.get(reverse("portal:project_detail", args=[project.pk])).content.decode()
    zero = page.index("Sekitar progres 0% (OPD)")
    fifty = page.index("Sekitar progres 50% (OPD)")
    visit = page.index("Kunjungan Desa Lalang Jaya")
    assert "Sekitar progres 100% (OPD)" not in page
    assert zero < page.index(f"/foto/{start_photo.pk}/thumb/") < fifty
    assert fifty < page.index(f"/foto/{middle_photo.pk}/thumb/") < visit
    assert visit < page.index(f"/foto/{report_photo.pk}/thumb/")


def test_project_page_status_licence_and_report_link(client, project):
    assess(project, "late")
    page = client.get(reverse("portal:project_detail", args=[project.pk])).content.decode()
    assert 'class="badge status-late"' in page
    assert "https://creativecommons.org/licenses/by/4.0/" in page
    assert f"/lapor/?proyek={project.pk}" in page


def test_project_page_shows_published_citizen_report_without_contact(client, project, users):
    report = citizen_services.citizen_report_submit(
        category="project_work",
        description="Pekerja tidak memakai helm.",
        project=project,
        contact_name="Ani Pelapor",
        contact_phone="081299998888",
        contact_email="ani@example.org",
    )
    url = reverse("portal:project_detail", args=[project.pk])
    assert "Pekerja tidak memakai helm." not in client.get(url).content.decode()
    citizen_services.citizen_report_answer(user=users["pupr"], report=report, answer="Kontraktor sudah ditegur.")
    page = client.get(url).content.decode()
    assert "Pekerja tidak memakai helm." in page
    assert "Kontraktor sudah ditegur." in page
    for private in ("Ani Pelapor", "081299998888", "ani@example.org", report.tracking_code):
        assert private not in page


def test_map_data_has_status_and_positions(client, make_project, regions):
    placed = make_project(name="Dengan koordinat")
    make_project(name="Tanpa koordinat", latitude=None, longitude=None)
    assess(placed, "ahead")
    data = client.get(reverse("portal:map_data")).json()
    assert data["points"] == [[placed.pk, "Dengan koordinat", -2.8705, 108.281, "ahead"]]
    assert data["url"] == "/proyek-publik/{id}/"


def test_home_has_lazy_map_and_report_link(client, project):
    page = client.get(reverse("portal:home")).content.decode()
    assert 'id="home-map"' in page
    assert "leaflet.js" not in page.split("<body")[0]
    assert reverse("citizen:report_create") in page
    assert reverse("opendata:about") in page


def test_english_selectable(client, project):
    client.cookies["django_language"] = "en"
    page = client.get(reverse("portal:project_detail", args=[project.pk])).content.decode()
    assert "Report a problem with this project" in page
    client.cookies["django_language"] = "id"
    assert "Laporkan masalah" in client.get(reverse("portal:project_detail", args=[project.pk])).content.decode()


def test_contract_value_in_rupiah(client, project):
    project.contract_value = Decimal("2500000000")
    project.save()
    assert "Rp 2.500.000.000" in client.get(reverse("portal:project_detail", args=[project.pk])).content.decode()
