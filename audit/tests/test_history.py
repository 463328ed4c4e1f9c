"""The read-only change history of a project or report, for administrators, leaders and DPRD."""

import uuid
from decimal import Decimal

import pytest
from django.contrib import admin
from django.urls import reverse

from evidence.tests.conftest import data_upload
from monitoring import services as monitoring
from monitoring.models import CHECKLIST_FIELDS

ROLES = ["admin", "leader", "dprd", "pupr", "education", "lalang_jaya", "kurnia_jaya", None]
HISTORY_STATUS = {
    "admin": 200,
    "leader": 200,
    "dprd": 200,
    "pupr": 404,
    "education": 404,
    "lalang_jaya": 404,
    "kurnia_jaya": 404,
    None: 404,
}


@pytest.fixture
def report(users, project):
    submitted, _ = monitoring.report_submit(
        user=users["lalang_jaya"],
        project=project,
        client_id=uuid.uuid4(),
        visit_date=monitoring.jakarta_today(),
        observed_progress=Decimal("30"),
        checklist=dict.fromkeys(CHECKLIST_FIELDS, True),
        narrative="Pekerjaan berjalan.",
        photos=[data_upload("corrupt_exif_hopper_bad_exif.jpg")],
    )
    monitoring.report_withdraw(user=users["lalang_jaya"], report=submitted, reason="Salah proyek.")
    return submitted


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("kind", ["proyek", "laporan"])
def test_history_access(client, users, report, role, kind):
    if role is not None:
        client.force_login(users[role])
    object_id = report.project_id if kind == "proyek" else report.pk

    response = client.get(reverse("audit:object_history", args=[kind, object_id]))

    assert response.status_code == HISTORY_STATUS[role]


def test_report_history_shows_withdrawal(client, users, report):
    client.force_login(users["dprd"])

    response = client.get(reverse("audit:object_history", args=["laporan", report.pk]))

    body = response.content.decode()
    actions = [entry.action for entry in response.context["entries"]]
    assert actions == ["withdraw", "create"]
    assert "Salah proyek." in body
    assert "withdrawn_reason" in body


def test_project_history_includes_its_records(client, users, report):
    client.force_login(users["leader"])

    response = client.get(reverse("audit:object_history", args=["proyek", report.project_id]))

    types = {entry.object_type for entry in response.context["entries"]}
    assert {"monitoring.monitoringreport", "evidence.photo"} <= types


def test_unknown_kind_and_missing_object_404(client, users, report):
    client.force_login(users["admin"])

    assert client.get(reverse("audit:object_history", args=["pengguna", 1])).status_code == 404
    assert client.get(reverse("audit:object_history", args=["laporan", report.pk + 999])).status_code == 404


@pytest.mark.parametrize("role", ["leader", "pupr"])
def test_report_page_history_card(client, users, report, role):
    client.force_login(users[role])

    response = client.get(reverse("monitoring:report_detail", args=[report.pk]))

    shown = reverse("audit:object_history", args=["laporan", report.pk]) in response.content.decode()
    assert shown is (role == "leader")


@pytest.mark.parametrize("entries", [2, 20])
def test_history_query_count(client, users, report, entries, django_assert_max_num_queries):
    for number in range(entries):
        monitoring.report_submit(
            user=users["lalang_jaya"],
            project=report.project,
            client_id=uuid.uuid4(),
            visit_date=monitoring.jakarta_today(),
            observed_progress=Decimal(number),
            checklist=dict.fromkeys(CHECKLIST_FIELDS, True),
            narrative="Kunjungan berikutnya.",
            photos=[data_upload("corrupt_exif_hopper_bad_exif.jpg")],
        )
    client.force_login(users["leader"])

    with django_assert_max_num_queries(16):
        response = client.get(reverse("audit:object_history", args=["proyek", report.project_id]))

    assert response.status_code == 200


@pytest.mark.parametrize(
    "label",
    [
        "projects.Project",
        "projects.ProgressUpdate",
        "monitoring.MonitoringReport",
        "monitoring.Finding",
        "monitoring.Response",
        "evidence.Photo",
        "audit.AuditEntry",
    ],
)
def test_admin_cannot_delete(rf, users, label):
    from django.apps import apps

    model = apps.get_model(label)
    model_admin = admin.site._registry.get(model)
    if model_admin is None:
        pytest.skip(f"{label} is not in the admin site")
    request = rf.get("/admin/")
    request.user = users["admin"]

    assert model_admin.has_delete_permission(request) is False
