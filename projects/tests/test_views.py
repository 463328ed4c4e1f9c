import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from evidence.models import Photo
from monitoring.models import FindingState, ReportStatus
from projects.models import ProgressUpdate, ProjectStatus, ScheduleEntry
from projects.tests.factories import (
    build_portfolio,
    jpeg_upload,
    make_finding,
    make_photo,
    make_report,
    make_update,
)

ROLES = ["admin", "leader", "dprd", "pupr", "education", "lalang_jaya", "kurnia_jaya", "anonymous"]


def _client_for(client, users, role):
    if role != "anonymous":
        client.force_login(users[role])
    return client


# The project fixture belongs to Dinas PUPR and lies in Desa Lalang Jaya.
MATRIX = {
    "agency_home": dict(zip(ROLES, [200, 403, 403, 200, 200, 403, 403, 302], strict=True)),
    "project_detail": dict(zip(ROLES, [200, 200, 200, 200, 404, 200, 404, 302], strict=True)),
    "progress_create": dict(zip(ROLES, [200, 404, 404, 200, 404, 404, 404, 302], strict=True)),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", list(MATRIX))
def test_role_matrix_get(client, users, project, name, role):
    url = reverse("projects:agency_home") if name == "agency_home" else reverse(f"projects:{name}", args=[project.pk])
    response = _client_for(client, users, role).get(url)
    assert response.status_code == MATRIX[name][role]
    if role == "anonymous":
        assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("admin", 302),
        ("leader", 404),
        ("dprd", 404),
        ("pupr", 302),
        ("education", 404),
        ("lalang_jaya", 404),
        ("kurnia_jaya", 404),
        ("anonymous", 302),
    ],
)
def test_role_matrix_status_update(client, users, project, role, expected):
    url = reverse("projects:status_update", args=[project.pk])
    response = _client_for(client, users, role).post(url, {"status": ProjectStatus.TERMINATED, "confirm": "on"})
    assert response.status_code == expected
    project.refresh_from_db()
    changed = role in ("admin", "pupr")
    assert (project.status == ProjectStatus.TERMINATED) is changed
    if role == "anonymous":
        assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize("role", ROLES)
def test_role_matrix_progress_post(client, users, project, role):
    url = reverse("projects:progress_create", args=[project.pk])
    data = {"date": "2026-05-10", "physical_percent": "40", "financial_percent": "30", "note": ""}
    response = _client_for(client, users, role).post(url, data)
    allowed = role in ("admin", "pupr")
    assert response.status_code == (302 if allowed or role == "anonymous" else 404)
    assert ProgressUpdate.objects.exists() is allowed


# --- progress form ---


def _post_progress(client, project, **changes):
    data = {"date": "2026-05-10", "physical_percent": "40", "financial_percent": "30", "note": "Pengecoran."}
    data.update(changes)
    return client.post(reverse("projects:progress_create", args=[project.pk]), data)


def test_progress_form_saves_with_photos(client, users, project):
    client.force_login(users["pupr"])
    response = _post_progress(
        client, project, physical_percent="45,5", photos=[jpeg_upload("a.jpg"), jpeg_upload("b.jpg")]
    )
    assert response.status_code == 302
    assert response.url == reverse("projects:project_detail", args=[project.pk])
    update = ProgressUpdate.objects.get()
    assert update.physical_percent == Decimal("45.50")
    assert update.photos.count() == 2
    page = client.get(response.url).content.decode()
    assert "Pembaruan progres telah disimpan." in page
    assert "45,50%" in page


def test_progress_form_fields(client, users, project):
    client.force_login(users["pupr"])
    page = client.get(reverse("projects:progress_create", args=[project.pk])).content.decode()
    assert 'accept="image/*"' in page
    assert 'capture="environment"' in page
    assert "multiple" in page
    assert 'enctype="multipart/form-data"' in page
    assert 'value="2026-05-15"' in page


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"physical_percent": "120"}, "physical_percent", "Progres fisik harus antara 0 dan 100; yang diisikan 120."),
        ({"financial_percent": "-5"}, "financial_percent", "Progres keuangan harus antara 0 dan 100"),
        ({"physical_percent": "empat puluh"}, "physical_percent", "Isikan angka 0 sampai 100"),
        ({"date": "2026-05-16"}, "date", "Tanggal progres 16 Mei 2026 berada di masa depan."),
        ({"date": "2026-01-05"}, "date", "sebelum kontrak dimulai pada 9 Maret 2026"),
        ({"date": ""}, "date", "Isikan tanggal progres diukur."),
        ({"photos": [jpeg_upload("rusak.jpg").read()[:40]]}, "photos", "rusak"),
    ],
)
def test_progress_form_bad_input(client, users, project, changes, field, message):
    client.force_login(users["pupr"])
    if field == "photos":
        from django.core.files.uploadedfile import SimpleUploadedFile

        changes = {"photos": [SimpleUploadedFile("rusak.jpg", changes["photos"][0], content_type="image/jpeg")]}
    response = _post_progress(client, project, **changes)
    assert response.status_code == 200
    form = response.context["form"]
    assert any(message in error for error in form.errors[field])
    page = response.content.decode()
    assert f'id="id_{field}_errors"' in page
    assert "Pembaruan belum disimpan" in page
    assert ProgressUpdate.objects.count() == 0
    assert Photo.objects.count() == 0


# --- agency home ---


def test_agency_home_lists_own_projects(client, users, make_project, agencies, regions):
    own = make_project(name="Jalan Lalang Jaya")
    make_project(name="Sekolah Kurnia Jaya", agency=agencies["education"])
    make_project(name="Jalan Tahun Lalu", fiscal_year=2025)
    report = make_report(own, village=regions["lalang_jaya"], reporter=users["lalang_jaya"])
    make_finding(report, description="Tidak ada papan nama di lokasi.")
    make_finding(report, description="Sudah beres.", state=FindingState.RESOLVED)
    withdrawn = make_report(
        own, village=regions["lalang_jaya"], reporter=users["lalang_jaya"], status=ReportStatus.WITHDRAWN
    )
    make_finding(withdrawn, description="Temuan laporan yang ditarik.")

    client.force_login(users["pupr"])
    response = client.get(reverse("projects:agency_home"))
    page = response.content.decode()
    assert [project.name for project in response.context["page"].object_list] == ["Jalan Lalang Jaya"]
    assert "Sekolah Kurnia Jaya" not in page
    assert "Proyek Dinas PUPR" in page
    assert "Laporan dan temuan masuk" in page
    assert "Tidak ada papan nama di lokasi." in page
    assert "Sudah beres." not in page
    assert "Temuan laporan yang ditarik." not in page
    assert reverse("monitoring:report_detail", args=[withdrawn.pk]) not in page
    assert "1 temuan terbuka" in page
    assert "Rp 1.190.000.000" in page
    assert reverse("monitoring:report_detail", args=[report.pk]) in page

    older = client.get(reverse("projects:agency_home"), {"tahun": "2025"})
    assert [project.name for project in older.context["page"].object_list] == ["Jalan Tahun Lalu"]


def test_agency_home_admin_filters_by_opd(client, users, make_project, agencies):
    make_project(name="Jalan Lalang Jaya")
    make_project(name="Sekolah Kurnia Jaya", agency=agencies["education"])
    client.force_login(users["admin"])

    everything = client.get(reverse("projects:agency_home"))
    assert {project.name for project in everything.context["page"].object_list} == {
        "Jalan Lalang Jaya",
        "Sekolah Kurnia Jaya",
    }
    assert "Proyek semua OPD" in everything.content.decode()

    education = client.get(reverse("projects:agency_home"), {"opd": agencies["education"].pk})
    assert [project.name for project in education.context["page"].object_list] == ["Sekolah Kurnia Jaya"]


def test_agency_home_ignores_opd_filter_for_opd_user(client, users, make_project, agencies):
    make_project(name="Jalan Lalang Jaya")
    make_project(name="Sekolah Kurnia Jaya", agency=agencies["education"])
    client.force_login(users["pupr"])
    response = client.get(reverse("projects:agency_home"), {"opd": agencies["education"].pk})
    assert [project.name for project in response.context["page"].object_list] == ["Jalan Lalang Jaya"]


@pytest.mark.parametrize("size", [3, 24])
def test_agency_home_query_count(client, users, make_project, regions, agencies, django_assert_max_num_queries, size):
    build_portfolio(make_project, regions, agencies, users, count=size)
    client.force_login(users["admin"])
    with django_assert_max_num_queries(12):
        response = client.get(reverse("projects:agency_home"))
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == size


# --- project page ---


def test_project_detail_shows_contract_and_history(client, users, project, regions):
    ScheduleEntry.objects.create(
        project=project, week=1, week_end=datetime.date(2026, 3, 15), planned_percent=Decimal("5")
    )
    ScheduleEntry.objects.create(
        project=project, week=2, week_end=datetime.date(2026, 3, 22), planned_percent=Decimal("12")
    )
    update = make_update(project, user=users["pupr"], date=datetime.date(2026, 3, 20), physical="10")
    photo = make_photo(project, uploaded_by=users["pupr"], progress_update=update)
    report = make_report(
        project, village=regions["lalang_jaya"], reporter=users["lalang_jaya"], observed_progress=Decimal("8")
    )
    make_finding(report, description="Drainase tersumbat.")

    client.force_login(users["leader"])
    page = client.get(reverse("projects:project_detail", args=[project.pk])).content.decode()
    for text in [
        "600/12/PUPR/2026",
        "Rp 1.190.000.000",
        "Rp 1.250.000.000",
        "CV Karya Manggar",
        "9 Maret 2026",
        "150 hari kalender",
        "5 Agustus 2026",
        "Desa Lalang Jaya (Kecamatan Manggar)",
        "Drainase tersumbat.",
        "<svg",
        "Rencana",
        "Realisasi menurut OPD",
        "Pantauan desa",
        "-2,00%",
        "vendor/leaflet/leaflet.js",
        'data-lat="-2.870500"',
    ]:
        assert text in page, text
    assert reverse("evidence:photo_file", args=[photo.pk, "thumb"]) in page
    assert reverse("monitoring:report_detail", args=[report.pk]) in page
    assert reverse("projects:progress_create", args=[project.pk]) not in page
    assert reverse("monitoring:report_create", args=[project.pk]) not in page


def test_project_detail_actions_per_role(client, users, project):
    url = reverse("projects:project_detail", args=[project.pk])
    client.force_login(users["pupr"])
    opd_page = client.get(url).content.decode()
    assert reverse("projects:progress_create", args=[project.pk]) in opd_page
    assert reverse("projects:status_update", args=[project.pk]) in opd_page

    client.force_login(users["lalang_jaya"])
    village_page = client.get(url).content.decode()
    assert reverse("monitoring:report_create", args=[project.pk]) in village_page
    assert reverse("projects:progress_create", args=[project.pk]) not in village_page
    assert reverse("projects:status_update", args=[project.pk]) not in village_page


def test_project_detail_village_sees_own_reports_only(client, users, make_project, regions):
    shared = make_project(villages=[regions["lalang_jaya"], regions["kurnia_jaya"]])
    own = make_report(shared, village=regions["lalang_jaya"], reporter=users["lalang_jaya"])
    other = make_report(shared, village=regions["kurnia_jaya"], reporter=users["kurnia_jaya"])
    make_finding(other, description="Temuan milik Kurnia Jaya.")

    client.force_login(users["lalang_jaya"])
    page = client.get(reverse("projects:project_detail", args=[shared.pk])).content.decode()
    assert reverse("monitoring:report_detail", args=[own.pk]) in page
    assert reverse("monitoring:report_detail", args=[other.pk]) not in page
    assert "Temuan milik Kurnia Jaya." not in page


def test_project_detail_without_coordinates_uses_village(client, users, make_project):
    project = make_project(latitude=None, longitude=None)
    client.force_login(users["pupr"])
    page = client.get(reverse("projects:project_detail", args=[project.pk])).content.decode()
    assert 'data-lat="-2.870000"' in page
    assert "Perkiraan: titik tengah desa" in page


def test_project_detail_without_any_location_has_no_map(client, users, make_project, regions):
    project = make_project(latitude=None, longitude=None, villages=[regions["kurnia_jaya"]])
    client.force_login(users["pupr"])
    page = client.get(reverse("projects:project_detail", args=[project.pk])).content.decode()
    assert 'id="project-map"' not in page
    assert "leaflet.js" not in page


def test_status_update_pho_message(client, users, project):
    make_update(project, user=users["pupr"], physical="100")
    project.physical_progress = Decimal("100")
    project.save()
    client.force_login(users["pupr"])
    response = client.post(
        reverse("projects:status_update", args=[project.pk]),
        {"status": ProjectStatus.PHO, "confirm": "on"},
        follow=True,
    )
    assert "Status sekarang “Serah terima pertama (PHO)”." in response.content.decode()
    project.refresh_from_db()
    assert project.status == ProjectStatus.PHO


def test_status_update_refuses_pho_below_full(client, users, project):
    client.force_login(users["pupr"])
    response = client.post(
        reverse("projects:status_update", args=[project.pk]),
        {"status": ProjectStatus.PHO, "confirm": "on"},
        follow=True,
    )
    assert "Pilih salah satu status yang tersedia" in response.content.decode()
    project.refresh_from_db()
    assert project.status == ProjectStatus.IN_PROGRESS


def test_status_update_needs_confirmation(client, users, project):
    client.force_login(users["pupr"])
    url = reverse("projects:status_update", args=[project.pk])
    response = client.post(url, {"status": ProjectStatus.TERMINATED}, follow=True)
    assert "Centang konfirmasi untuk mengubah status." in response.content.decode()
    project.refresh_from_db()
    assert project.status == ProjectStatus.IN_PROGRESS


def test_progress_form_shows_every_field_error_at_once(client, users, project):
    client.force_login(users["pupr"])
    response = _post_progress(
        client, project, date="2026-06-01", physical_percent="120", financial_percent="-1", photos=[jpeg_upload()]
    )
    errors = response.context["form"].errors
    assert set(errors) == {"date", "physical_percent", "financial_percent"}
    assert "browser tidak menyimpannya" in response.content.decode()
    assert ProgressUpdate.objects.count() == 0
    assert Photo.objects.count() == 0


@pytest.mark.parametrize("size", [1, 10])
def test_project_detail_query_count(
    client, users, make_project, regions, agencies, django_assert_max_num_queries, size
):
    project = build_portfolio(make_project, regions, agencies, users, count=1)[0]
    for index in range(size):
        update = make_update(project, user=users["pupr"], date=datetime.date(2026, 4, 2 + index))
        make_photo(project, uploaded_by=users["pupr"], progress_update=update)
        report = make_report(project, village=regions["lalang_jaya"], reporter=users["lalang_jaya"])
        make_finding(report)
    client.force_login(users["leader"])
    # 12 plus one query each for the photo documentation panel, the change history and the contract addenda
    # (evidence, audit, projects), and two for the show-cause meetings and delay record of the early-warning
    # panel when a contract is judged.
    with django_assert_max_num_queries(17):
        response = client.get(reverse("projects:project_detail", args=[project.pk]))
    assert len(response.context["updates"]) == 1 + size
    assert len(response.context["findings"]) == 2 + size
