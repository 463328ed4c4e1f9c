"""List and detail pages run a fixed number of queries, whatever the number of projects, reports or findings."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from monitoring import services
from monitoring.tests.conftest import jpeg_upload


def _village_data(users, make_project, submit, size):
    for number in range(size):
        project = make_project(name=f"Paket jalan {number}")
        submit(users["lalang_jaya"], project, findings=[("Retak.", "low"), ("Papan nama tidak ada.", "high")])


def _report_with_history(users, project, submit, size):
    report, _ = submit(
        users["lalang_jaya"],
        project,
        photos=[jpeg_upload(f"{n}.jpg") for n in range(size)],
        findings=[(f"Temuan {n}", "medium") for n in range(size)],
    )
    for finding in report.findings.all():
        services.finding_respond(
            user=users["pupr"], finding=finding, action="answer", message="Sudah.", photos=[jpeg_upload()]
        )
        services.finding_contest(user=users["lalang_jaya"], finding=finding, reason="Belum.")
    return report


def _count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_village_home_queries_bounded(client, users, make_project, submit):
    client.force_login(users["lalang_jaya"])
    url = reverse("monitoring:village_home")
    _village_data(users, make_project, submit, 2)
    small = _count_queries(client, url)

    _village_data(users, make_project, submit, 8)
    large = _count_queries(client, url)

    assert large == small
    assert large <= 8
    assert client.get(url).content.decode().count("Buat laporan") == 10


def test_report_detail_queries_bounded(client, users, project, submit):
    client.force_login(users["pupr"])
    small_report = _report_with_history(users, project, submit, 1)
    small = _count_queries(client, reverse("monitoring:report_detail", args=[small_report.pk]))

    large_report = _report_with_history(users, project, submit, 5)
    large = _count_queries(client, reverse("monitoring:report_detail", args=[large_report.pk]))

    assert large == small
    assert large <= 12


@pytest.mark.parametrize("role", ["pupr", "lalang_jaya", "leader"])
def test_finding_list_queries_same_at_two_sizes(client, users, make_project, submit, role):
    client.force_login(users[role])
    url = reverse("monitoring:finding_list") + "?state=all"
    _village_data(users, make_project, submit, 2)
    small = _count_queries(client, url)

    _village_data(users, make_project, submit, 10)
    large = _count_queries(client, url)

    assert large == small


def test_finding_detail_queries_same_at_two_sizes(client, users, project, submit):
    client.force_login(users["lalang_jaya"])
    small_report = _report_with_history(users, project, submit, 1)
    small = _count_queries(client, reverse("monitoring:finding_detail", args=[small_report.findings.first().pk]))

    large_finding = _report_with_history(users, project, submit, 1).findings.get()
    for _ in range(4):
        services.finding_respond(
            user=users["pupr"], finding=large_finding, action="answer", message="Lagi.", photos=[jpeg_upload()]
        )
        services.finding_contest(user=users["lalang_jaya"], finding=large_finding, reason="Belum juga.")
    large = _count_queries(client, reverse("monitoring:finding_detail", args=[large_finding.pk]))

    assert large == small
