"""A change saved anywhere the public sees must show on the next request, although pages are cached."""

import datetime

from django.urls import reverse
from django.utils import timezone

from citizen import services as citizen_services
from earlywarning.models import ProjectAssessment
from projects.tests.factories import make_finding, make_photo, make_report, make_update


def test_project_rename_shows_at_once(client, project, django_assert_max_num_queries):
    url = reverse("portal:project_detail", args=[project.pk])
    assert "Peningkatan Jalan" in client.get(url).content.decode()
    with django_assert_max_num_queries(0):
        client.get(url)
    project.name = "Jalan Baru Lalang Jaya"
    project.save()
    assert "Jalan Baru Lalang Jaya" in client.get(url).content.decode()
    assert "Jalan Baru Lalang Jaya" in client.get(reverse("portal:home")).content.decode()
    assert "Jalan Baru Lalang Jaya" in client.get(reverse("api:project_detail", args=[project.pk])).content.decode()


def test_related_saves_invalidate(client, project, users, regions):
    url = reverse("portal:project_detail", args=[project.pk])
    client.get(url)
    make_update(project, user=users["pupr"], date=datetime.date(2026, 4, 1), physical="33")
    report = make_report(project, village=regions["lalang_jaya"], reporter=users["lalang_jaya"])
    page = client.get(url).content.decode()
    assert "1 April 2026" in page
    make_finding(report, description="Papan nama belum dipasang.")
    assert "Papan nama belum dipasang." in client.get(url).content.decode()
    photo = make_photo(project, uploaded_by=users["lalang_jaya"], report=report)
    assert f"/foto/{photo.pk}/thumb/" in client.get(url).content.decode()


def test_assessment_and_citizen_report_invalidate(client, project, users):
    url = reverse("portal:project_detail", args=[project.pk])
    client.get(url)
    ProjectAssessment.objects.create(project=project, status="critical", computed_at=timezone.now())
    assert "status-critical" in client.get(url).content.decode()
    report = citizen_services.citizen_report_submit(
        category="road", description="Aspal mengelupas di tikungan.", project=project
    )
    assert "Aspal mengelupas" not in client.get(url).content.decode()
    citizen_services.citizen_report_publish(user=users["pupr"], report=report)
    assert "Aspal mengelupas" in client.get(url).content.decode()


def test_village_change_invalidates(client, project, regions):
    url = reverse("portal:region_detail", args=["19.06.02.2001"])
    assert project.name not in client.get(url).content.decode()
    project.villages.add(regions["gantung_desa"])
    assert project.name in client.get(url).content.decode()


def test_api_list_cached_then_fresh(client, project, django_assert_max_num_queries):
    url = reverse("api:project_list")
    assert client.get(url).json()["count"] == 1
    with django_assert_max_num_queries(0):
        assert client.get(url).json()["count"] == 1
    project.name = "Nama Baru"
    project.save()
    assert client.get(url).json()["results"][0]["name"] == "Nama Baru"
