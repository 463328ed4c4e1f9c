import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from monitoring.models import FindingReview, ReportStatus, ReviewKind
from projects.models import ScheduleEntry
from projects.tests.factories import (
    build_portfolio,
    make_finding,
    make_photo,
    make_report,
    make_response,
    make_update,
)

HOME = reverse("portal:home")
ROLES = ["admin", "leader", "dprd", "pupr", "education", "lalang_jaya", "kurnia_jaya", "anonymous"]


@pytest.mark.parametrize("role", ROLES)
def test_portal_open_to_every_role(client, users, project, role):
    if role != "anonymous":
        client.force_login(users[role])
    assert client.get(HOME).status_code == 200
    assert client.get(reverse("portal:project_detail", args=[project.pk])).status_code == 200


def test_portal_detail_unknown_project(client, db):
    assert client.get(reverse("portal:project_detail", args=[999])).status_code == 404


def test_home_lists_current_year(client, users, make_project, regions):
    current = make_project(name="Jalan Lalang Jaya", physical_progress=Decimal("42.5"))
    make_project(name="Jalan 2025", fiscal_year=2025)
    response = client.get(HOME)
    page = response.content.decode()
    assert "<title>Proyek pembangunan Tahun Anggaran 2026 · SIMPOR</title>" in page
    assert '<meta name="description" content="1 proyek pembangunan Tahun Anggaran 2026' in page
    assert '<meta property="og:title" content="Proyek pembangunan Tahun Anggaran 2026">' in page
    assert '<link rel="canonical" href="http://testserver/">' in page
    assert "Jalan Lalang Jaya" in page
    assert "Jalan 2025" not in page
    assert "Dinas PUPR" in page
    assert 'href="/wilayah/19.06.01.2001/">Desa Lalang Jaya</a>, Kecamatan Manggar' in page
    assert "CV Karya Manggar" in page
    assert "Rp 1.190.000.000" in page
    assert "42,50%" in page
    assert "Sistem Monitoring Pembangunan Partisipatif" in page
    assert reverse("accounts:login") in page
    assert reverse("portal:project_detail", args=[current.pk]) in page

    older = client.get(HOME, {"tahun": "2025"}).content.decode()
    assert "Jalan 2025" in older
    assert "Jalan Lalang Jaya" not in older


def test_home_year_from_jakarta_clock(client, make_project, monkeypatch):
    # 31 Dec 2026 20:00 UTC is already 1 Jan 2027 in Jakarta.
    from projects import fiscal

    monkeypatch.undo()
    monkeypatch.setattr(timezone, "now", lambda: datetime.datetime(2026, 12, 31, 20, 0, tzinfo=datetime.UTC))
    assert fiscal.local_today() == datetime.date(2027, 1, 1)
    make_project(name="Paket 2027", fiscal_year=2027)
    make_project(name="Paket 2026", fiscal_year=2026)
    page = client.get(HOME).content.decode()
    assert "Paket 2027" in page
    assert "Paket 2026" not in page


def test_home_thumbnail_is_latest_public_photo(client, users, project, regions):
    update = make_update(project, user=users["pupr"])
    older = make_photo(project, uploaded_by=users["pupr"], progress_update=update)
    withdrawn = make_report(
        project, village=regions["lalang_jaya"], reporter=users["lalang_jaya"], status=ReportStatus.WITHDRAWN
    )
    hidden = make_photo(project, uploaded_by=users["lalang_jaya"], report=withdrawn)
    hidden.received_at = older.received_at + datetime.timedelta(hours=1)
    hidden.save(update_fields=["received_at"])

    page = client.get(HOME).content.decode()
    assert reverse("evidence:photo_file", args=[older.pk, "thumb"]) in page
    assert reverse("evidence:photo_file", args=[hidden.pk, "thumb"]) not in page

    report = make_report(project, village=regions["lalang_jaya"], reporter=users["lalang_jaya"])
    newest = make_photo(project, uploaded_by=users["lalang_jaya"], report=report)
    newest.received_at = hidden.received_at + datetime.timedelta(hours=1)
    newest.save(update_fields=["received_at"])
    page = client.get(HOME).content.decode()
    assert reverse("evidence:photo_file", args=[newest.pk, "thumb"]) in page
    assert reverse("evidence:photo_file", args=[older.pk, "thumb"]) not in page


def test_home_headline_counts_public_findings(client, users, project, regions):
    report = make_report(project, village=regions["lalang_jaya"], reporter=users["lalang_jaya"])
    make_finding(report)
    withdrawn = make_report(
        project, village=regions["lalang_jaya"], reporter=users["lalang_jaya"], status=ReportStatus.WITHDRAWN
    )
    make_finding(withdrawn)
    page = client.get(HOME).content.decode()
    assert '<span class="value">1 / 1</span>' in page


def test_detail_shows_public_facts_and_follow_up(client, users, project, regions):
    ScheduleEntry.objects.create(project=project, week=1, week_end=datetime.date(2026, 3, 15), planned_percent=5)
    update = make_update(project, user=users["pupr"], date=datetime.date(2026, 3, 14), physical="6")
    update_photo = make_photo(project, uploaded_by=users["pupr"], progress_update=update)
    report = make_report(project, village=regions["lalang_jaya"], reporter=users["lalang_jaya"])
    finding = make_finding(report, description="Saluran air tertutup material.")
    response = make_response(finding, author=users["pupr"], message="Material sudah dipindahkan.")
    response_photo = make_photo(project, uploaded_by=users["pupr"], response=response)
    FindingReview.objects.create(
        finding=finding, kind=ReviewKind.CONTEST, reason="Material masih menutup saluran.", author=users["lalang_jaya"]
    )
    withdrawn = make_report(
        project, village=regions["lalang_jaya"], reporter=users["lalang_jaya"], status=ReportStatus.WITHDRAWN
    )
    make_finding(withdrawn, description="Temuan dari laporan yang ditarik.")

    page = client.get(reverse("portal:project_detail", args=[project.pk])).content.decode()
    assert f"<title>{project.name} · SIMPOR</title>" in page
    assert "Dinas PUPR Tahun Anggaran 2026, nilai kontrak Rp 1.190.000.000" in page
    assert "600/12/PUPR/2026" in page
    assert "<svg" in page
    assert "Saluran air tertutup material." in page
    assert "Ditemukan oleh Desa Lalang Jaya" in page
    assert "Material sudah dipindahkan." in page
    assert "Material masih menutup saluran." in page
    assert page.index("Material sudah dipindahkan.") < page.index("Material masih menutup saluran.")
    assert "Temuan dari laporan yang ditarik." not in page
    assert reverse("evidence:photo_file", args=[update_photo.pk, "thumb"]) in page
    assert reverse("evidence:photo_file", args=[response_photo.pk, "thumb"]) in page


PRIVATE_TEXTS = [
    "Siti Rahmawati Pelapor",
    "pelapor_rahasia",
    "0812-7777-4321",
    "siti.pelapor@example.org",
    "Bambang Penjawab",
    "opd_penjawab",
    "0813-5555-1234",
    "Ir. Joko PPK Rahasia",
    "-2.912345",
    "108.198765",
    "-2,912345",
    "108,198765",
]


def test_public_pages_leak_no_personal_data(client, make_project, regions, agencies):
    reporter = User.objects.create_user(
        username="pelapor_rahasia",
        role=Role.VILLAGE,
        village=regions["lalang_jaya"],
        first_name="Siti Rahmawati",
        last_name="Pelapor",
        phone="0812-7777-4321",
        email="siti.pelapor@example.org",
    )
    officer = User.objects.create_user(
        username="opd_penjawab",
        role=Role.AGENCY,
        agency=agencies["pupr"],
        first_name="Bambang",
        last_name="Penjawab",
        phone="0813-5555-1234",
    )
    project = make_project(ppk_name="Ir. Joko PPK Rahasia")
    update = make_update(project, user=officer)
    report = make_report(
        project,
        village=regions["lalang_jaya"],
        reporter=reporter,
        latitude=Decimal("-2.912345"),
        longitude=Decimal("108.198765"),
    )
    finding = make_finding(report)
    answer = make_response(finding, author=officer)
    FindingReview.objects.create(finding=finding, kind=ReviewKind.CONFIRM, author=reporter)
    private_position = {
        "exif_latitude": Decimal("-2.912345"),
        "exif_longitude": Decimal("108.198765"),
        "device_latitude": Decimal("-2.912345"),
        "device_longitude": Decimal("108.198765"),
    }
    make_photo(project, uploaded_by=reporter, report=report, **private_position)
    make_photo(project, uploaded_by=officer, progress_update=update, **private_position)
    make_photo(project, uploaded_by=officer, response=answer, **private_position)

    pages = {
        "home": client.get(HOME).content.decode(),
        "detail": client.get(reverse("portal:project_detail", args=[project.pk])).content.decode(),
    }
    # The pages do show the project and its finding, so the check below is not vacuous.
    assert project.name in pages["home"]
    assert finding.description in pages["detail"]
    for name, page in pages.items():
        for text in PRIVATE_TEXTS:
            assert text not in page, f"{text!r} appears on the public {name} page"


@pytest.mark.parametrize("size", [3, 30])
def test_home_query_count(client, users, make_project, regions, agencies, django_assert_max_num_queries, size):
    build_portfolio(make_project, regions, agencies, users, count=size)
    with django_assert_max_num_queries(10):
        page = client.get(HOME).content.decode()
    assert f'<span class="value">{size}</span>' in page
    assert page.count('class="thumb"') == min(size, 12)
    # A second visitor gets the cached body: no query at all.
    with django_assert_max_num_queries(0):
        assert client.get(HOME).status_code == 200


@pytest.mark.parametrize("size", [1, 12])
def test_detail_query_count(client, users, make_project, regions, agencies, django_assert_max_num_queries, size):
    project = build_portfolio(make_project, regions, agencies, users, count=1)[0]
    for _ in range(size):
        report = make_report(project, village=regions["lalang_jaya"], reporter=users["lalang_jaya"])
        make_response(make_finding(report), author=users["pupr"])
        make_photo(project, uploaded_by=users["lalang_jaya"], report=report)
    with django_assert_max_num_queries(14):
        page = client.get(reverse("portal:project_detail", args=[project.pk])).content.decode()
    assert page.count('<span class="badge open">') + page.count('<span class="badge resolved">') == 2 + size
