import pytest
from django.urls import reverse

from dashboard.tests.conftest import assess
from earlywarning.models import ProjectStatus as AssessmentStatus
from projects.models import Contractor
from projects.tests.factories import build_portfolio

ROLE_STATUS = [
    ("admin", 200),
    ("leader", 200),
    ("dprd", 200),
    ("pupr", 200),
    ("education", 200),
    ("lalang_jaya", 403),
    ("kurnia_jaya", 403),
    ("anonymous", 302),
]
NAMES = ["overview", "project_list", "finding_list", "map_points", "boundaries", "contractor_list"]


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize(("role", "expected"), ROLE_STATUS)
def test_role_matrix(client, users, project, name, role, expected):
    if role != "anonymous":
        client.force_login(users[role])
    response = client.get(reverse(f"dashboard:{name}"))
    assert response.status_code == expected
    if role == "anonymous":
        assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize(("role", "expected"), ROLE_STATUS)
def test_contractor_page_role_matrix(client, users, project, role, expected):
    if role != "anonymous":
        client.force_login(users[role])
    assert client.get(reverse("dashboard:contractor_detail", args=[project.contractor_id])).status_code == expected


def test_unknown_contractor_is_404(client, users):
    client.force_login(users["leader"])
    assert client.get(reverse("dashboard:contractor_detail", args=[999999])).status_code == 404


def test_dashboard_pages_refuse_post(client, users):
    client.force_login(users["leader"])
    assert client.post(reverse("dashboard:overview")).status_code == 405


# Queries of each page whatever the number of projects, findings and contractors (session and user included).
MAX_QUERIES = {
    "overview": 25,
    "project_list": 11,
    "finding_list": 10,
    "map_points": 4,
    "contractor_list": 10,
}


def _portfolio(make_project, regions, agencies, users, count):
    projects = build_portfolio(make_project, regions, agencies, users, count=count)
    statuses = [AssessmentStatus.CRITICAL, AssessmentStatus.LATE, AssessmentStatus.ON_TRACK, AssessmentStatus.STALE]
    for index, project in enumerate(projects):
        project.contractor = Contractor.objects.get_or_create(name=f"CV Mitra {index % 4}")[0]
        project.save()
        assess(project, statuses[index % 4], planned="50", deviation=str(-index % 15))
    return projects


@pytest.mark.parametrize("count", [3, 18])
@pytest.mark.parametrize("name", sorted(MAX_QUERIES))
def test_query_count_is_bounded(
    client, users, make_project, regions, agencies, django_assert_max_num_queries, count, name
):
    _portfolio(make_project, regions, agencies, users, count)
    client.force_login(users["leader"])
    with django_assert_max_num_queries(MAX_QUERIES[name]):
        response = client.get(reverse(f"dashboard:{name}"))
    assert response.status_code == 200


@pytest.mark.parametrize("count", [3, 18])
def test_contractor_record_query_count_is_bounded(
    client, users, make_project, regions, agencies, django_assert_max_num_queries, count
):
    projects = _portfolio(make_project, regions, agencies, users, count)
    client.force_login(users["pupr"])
    with django_assert_max_num_queries(14):
        response = client.get(reverse("dashboard:contractor_detail", args=[projects[0].contractor_id]))
    assert response.status_code == 200


@pytest.mark.parametrize("count", [3, 18])
def test_opd_dashboard_query_count_is_bounded(
    client, users, make_project, regions, agencies, django_assert_max_num_queries, count
):
    _portfolio(make_project, regions, agencies, users, count)
    client.force_login(users["pupr"])
    with django_assert_max_num_queries(27):
        response = client.get(reverse("dashboard:overview"))
    assert response.status_code == 200
    assert response.context["contractors"]
