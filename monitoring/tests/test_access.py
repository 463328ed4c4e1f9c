"""Role × URL × status for every monitoring screen, and that a refused POST changes nothing."""

import pytest
from django.conf import settings
from django.urls import reverse

from monitoring import services
from monitoring.models import FindingReview, FindingState, ReportStatus, Response

ROLES = ["admin", "leader", "dprd", "pupr", "education", "lalang_jaya", "kurnia_jaya", None]
LOGIN = "login"


def _client_for(client, users, role):
    if role is not None:
        client.force_login(users[role])
    return client


def _check_status(response, expected):
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse(settings.LOGIN_URL))
        assert "next=" in response["Location"]
    else:
        assert response.status_code == expected


PAGES = {
    # name: {role: expected status}
    "village_home": dict(zip(ROLES, [403, 403, 403, 403, 403, 200, 200, LOGIN], strict=True)),
    "report_create": dict(zip(ROLES, [403, 403, 403, 403, 403, 200, 404, LOGIN], strict=True)),
    "report_detail": dict(zip(ROLES, [200, 200, 200, 200, 404, 200, 404, LOGIN], strict=True)),
    "finding_list": dict(zip(ROLES, [200, 200, 200, 200, 200, 200, 200, LOGIN], strict=True)),
    "finding_detail": dict(zip(ROLES, [200, 200, 200, 200, 404, 200, 404, LOGIN], strict=True)),
}


def _page_url(name, project, report, finding):
    arguments = {
        "village_home": [],
        "report_create": [project.pk],
        "report_detail": [report.pk],
        "finding_list": [],
        "finding_detail": [finding.pk],
    }[name]
    return reverse(f"monitoring:{name}", args=arguments)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", PAGES)
def test_page_status_per_role(client, users, project, lalang_report, finding, name, role):
    response = _client_for(client, users, role).get(_page_url(name, project, lalang_report, finding))

    _check_status(response, PAGES[name][role])


# A success redirects back (302); a refusal is 403 for a role that can see the object and 404 for one that cannot.
RESPOND = dict(zip(ROLES, [302, 403, 403, 302, 404, 403, 404, LOGIN], strict=True))
VILLAGE_ONLY = dict(zip(ROLES, [403, 403, 403, 403, 404, 302, 404, LOGIN], strict=True))


@pytest.mark.parametrize("role", ROLES)
def test_respond_per_role(client, users, finding, role):
    response = _client_for(client, users, role).post(
        reverse("monitoring:finding_respond", args=[finding.pk]), {"action": "answer", "message": "Sudah dipasang."}
    )

    _check_status(response, RESPOND[role])
    finding.refresh_from_db()
    changed = RESPOND[role] == 302
    assert (finding.state == FindingState.ANSWERED) is changed
    assert Response.objects.count() == (1 if changed else 0)


@pytest.fixture
def answered_finding(users, finding):
    services.finding_respond(user=users["pupr"], finding=finding, action="answer", message="Sudah dipasang.")
    return finding


@pytest.mark.parametrize("role", ROLES)
def test_confirm_per_role(client, users, answered_finding, role):
    response = _client_for(client, users, role).post(reverse("monitoring:finding_confirm", args=[answered_finding.pk]))

    _check_status(response, VILLAGE_ONLY[role])
    answered_finding.refresh_from_db()
    changed = VILLAGE_ONLY[role] == 302
    assert (answered_finding.state == FindingState.RESOLVED) is changed
    assert FindingReview.objects.count() == (1 if changed else 0)


@pytest.mark.parametrize("role", ROLES)
def test_contest_per_role(client, users, answered_finding, role):
    response = _client_for(client, users, role).post(
        reverse("monitoring:finding_contest", args=[answered_finding.pk]), {"reason": "Papan belum ada."}
    )

    _check_status(response, VILLAGE_ONLY[role])
    answered_finding.refresh_from_db()
    changed = VILLAGE_ONLY[role] == 302
    assert (answered_finding.state == FindingState.OPEN) is changed
    assert FindingReview.objects.count() == (1 if changed else 0)


@pytest.mark.parametrize("role", ROLES)
def test_withdraw_per_role(client, users, lalang_report, role):
    response = _client_for(client, users, role).post(
        reverse("monitoring:report_withdraw", args=[lalang_report.pk]), {"reason": "Salah proyek."}
    )

    _check_status(response, VILLAGE_ONLY[role])
    lalang_report.refresh_from_db()
    changed = VILLAGE_ONLY[role] == 302
    assert (lalang_report.status == ReportStatus.WITHDRAWN) is changed


@pytest.mark.parametrize("name", ["report_withdraw", "finding_respond", "finding_confirm", "finding_contest"])
def test_state_changes_need_post(client, users, lalang_report, finding, name):
    client.force_login(users["lalang_jaya"])
    argument = lalang_report.pk if name == "report_withdraw" else finding.pk

    response = client.get(reverse(f"monitoring:{name}", args=[argument]))

    assert response.status_code == 405


def test_other_village_report_not_found(client, users, shared_project, submit):
    # Kurnia Jaya may read the shared project, but not Lalang Jaya's report on it or its finding.
    report, _ = submit(users["lalang_jaya"], shared_project)
    client.force_login(users["kurnia_jaya"])

    assert client.get(reverse("monitoring:report_detail", args=[report.pk])).status_code == 404
    assert client.get(reverse("monitoring:finding_detail", args=[report.findings.get().pk])).status_code == 404
    assert client.get(reverse("monitoring:report_create", args=[shared_project.pk])).status_code == 200


def test_other_agency_finding_not_found(client, users, make_project, submit):
    school = make_project(name="Rehabilitasi SD Negeri 3 Manggar", agency=users["education"].agency)
    report, _ = submit(users["lalang_jaya"], school)
    finding = report.findings.get()
    client.force_login(users["pupr"])

    assert client.get(reverse("monitoring:finding_detail", args=[finding.pk])).status_code == 404
    response = client.post(
        reverse("monitoring:finding_respond", args=[finding.pk]), {"action": "answer", "message": "Bukan kami."}
    )
    assert response.status_code == 404
    finding.refresh_from_db()
    assert finding.state == FindingState.OPEN
