"""Badges on photos, the side-by-side view of a reused photo, and the milestones on the project page."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from evidence.tests.conftest import data_upload
from evidence.tests.test_store_checks import CAMERA_PHOTO, OTHER_PHOTO, submit
from projects import services as projects

ROLES = ["admin", "leader", "dprd", "pupr", "education", "lalang_jaya", "kurnia_jaya", None]


@pytest.fixture
def shared_project(make_project, regions):
    return make_project(villages=[regions["lalang_jaya"], regions["kurnia_jaya"]])


@pytest.fixture
def reuse(users, shared_project):
    """A photo of Lalang Jaya's report sent again in Kurnia Jaya's report."""
    first = submit(users["lalang_jaya"], shared_project, [data_upload(CAMERA_PHOTO)])
    second = submit(users["kurnia_jaya"], shared_project, [data_upload(CAMERA_PHOTO)])
    return first, second


def _get(client, users, role, url):
    if role is not None:
        client.force_login(users[role])
    return client.get(url)


COMPARE_STATUS = {
    "admin": 200,
    "leader": 200,
    "dprd": 200,
    "pupr": 200,  # the OPD of the project
    "education": 404,  # another OPD
    "lalang_jaya": 404,  # villages do not see the checks
    "kurnia_jaya": 404,
    None: 302,
}


@pytest.mark.parametrize("role", ROLES)
def test_compare_access(client, users, reuse, role):
    photo = reuse[1].photos.get()

    response = _get(client, users, role, reverse("evidence:photo_compare", args=[photo.pk]))

    assert response.status_code == COMPARE_STATUS[role]


def test_compare_shows_both_uses(client, users, reuse):
    first, second = reuse
    client.force_login(users["leader"])

    response = client.get(reverse("evidence:photo_compare", args=[second.photos.get().pk]))

    body = response.content.decode()
    assert reverse("evidence:photo_file", args=[first.photos.get().pk, "web"]) in body
    assert reverse("evidence:photo_file", args=[second.photos.get().pk, "web"]) in body
    assert reverse("monitoring:report_detail", args=[first.pk]) in body
    assert "Lalang Jaya" in body


@pytest.mark.parametrize(("role", "shown"), [("leader", True), ("pupr", True), ("kurnia_jaya", False)])
def test_report_badges_by_role(client, users, reuse, role, shown):
    second = reuse[1]

    response = _get(client, users, role, reverse("monitoring:report_detail", args=[second.pk]))

    assert response.status_code == 200
    body = response.content.decode()
    assert ('class="evidence-checks"' in body) is shown
    assert (reverse("evidence:photo_compare", args=[second.photos.get().pk]) in body) is shown


def test_portal_page_has_no_badges(client, users, reuse):
    client.force_login(users["leader"])

    response = client.get(reverse("portal:project_detail", args=[reuse[1].project_id]))

    assert response.status_code == 200
    assert "evidence-checks" not in response.content.decode()


def test_project_page_milestones(client, users, shared_project):
    projects.progress_update_create(
        user=users["pupr"],
        project=shared_project,
        date=datetime.date(2026, 3, 10),
        physical_percent=Decimal("5"),
        financial_percent=Decimal("0"),
        photos=[data_upload(OTHER_PHOTO)],
    )
    projects.progress_update_create(
        user=users["pupr"],
        project=shared_project,
        date=datetime.date(2026, 6, 10),
        physical_percent=Decimal("70"),
        financial_percent=Decimal("50"),
    )
    client.force_login(users["pupr"])

    response = client.get(reverse("projects:project_detail", args=[shared_project.pk]))

    milestones = {state.milestone.percent: state for state in response.context["milestones"]}
    assert milestones[0].photo_count == 1
    assert milestones[50].missing is True  # progress passed 50% without a photo set
    assert milestones[100].due is False
    assert "Missing" in response.content.decode() or "Belum ada" in response.content.decode()


def test_project_page_lists_flagged_photos(client, users, reuse, django_assert_max_num_queries):
    client.force_login(users["dprd"])

    response = client.get(reverse("projects:project_detail", args=[reuse[1].project_id]))

    flagged = response.context["flagged"]
    assert [photo.pk for photo in flagged] == sorted((p.pk for r in reuse for p in r.photos.all()), reverse=True)


def test_progress_form_keeps_device_position(client, users, shared_project):
    client.force_login(users["pupr"])
    form = {
        "date": "2026-06-01",
        "physical_percent": "45",
        "financial_percent": "30",
        "note": "",
        "photos": [data_upload(OTHER_PHOTO)],
        "photo_lat_0": "-2.870900",
        "photo_lng_0": "108.281000",
        "photo_acc_0": "9.5",
        "photo_time_0": "2026-06-01T02:15:00.000Z",
        "received_at": "2020-01-01T00:00:00Z",
    }

    response = client.post(reverse("projects:progress_create", args=[shared_project.pk]), form)

    assert response.status_code == 302
    photo = shared_project.photos.get()
    assert (photo.device_latitude, photo.device_longitude) == (Decimal("-2.870900"), Decimal("108.281000"))
    assert photo.device_accuracy == Decimal("9.5")
    assert photo.device_captured_at.isoformat() == "2026-06-01T02:15:00+00:00"
    assert photo.received_at.year == 2026  # the server's clock, not a posted value
    assert photo.location_source == "device"
    assert photo.time_check == "ok"
