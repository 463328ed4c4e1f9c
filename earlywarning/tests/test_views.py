import datetime
from decimal import Decimal as D

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from earlywarning.models import DelayCause, DelayRecord, MeetingOutcome, ProjectAssessment, ShowCauseMeeting
from earlywarning.services import assessment_refresh
from projects.models import ProgressUpdate
from projects.tests.factories import build_portfolio, make_photo, make_report, make_update

ROLES = ["admin", "leader", "dprd", "pupr", "education", "lalang_jaya", "kurnia_jaya", "anonymous"]
WRITE = dict(zip(ROLES, [200, 404, 404, 200, 404, 404, 404, 302], strict=True))
READ = dict(zip(ROLES, [200, 200, 200, 200, 404, 200, 404, 302], strict=True))


def login(client, users, role):
    if role != "anonymous":
        client.force_login(users[role])
    return client


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("name", "expected"),
    [("schedule_edit", WRITE), ("meeting_create", WRITE), ("delay_edit", WRITE), ("kurva_s_file", READ)],
)
def test_role_matrix_get(client, users, critical_project, role, name, expected):
    response = login(client, users, role).get(reverse(f"earlywarning:{name}", args=[critical_project.pk]))
    assert response.status_code == expected[role]


@pytest.mark.parametrize("role", ROLES)
def test_role_matrix_outcome_post(client, users, critical_project, role):
    meeting = ShowCauseMeeting.objects.create(
        project=critical_project,
        stage=1,
        date=datetime.date(2026, 4, 10),
        target_percent=D("40"),
        test_period_end=datetime.date(2026, 4, 24),
        created_by=users["pupr"],
    )
    url = reverse("earlywarning:meeting_outcome", args=[critical_project.pk, meeting.pk])
    response = login(client, users, role).post(url, {"outcome": "not_met"})
    assert response.status_code == (302 if WRITE[role] == 200 else WRITE[role])
    meeting.refresh_from_db()
    assert (meeting.outcome == MeetingOutcome.NOT_MET) is (role in ("admin", "pupr"))


def test_village_cannot_post_a_meeting(client, users, critical_project):
    client.force_login(users["lalang_jaya"])
    url = reverse("earlywarning:meeting_create", args=[critical_project.pk])
    data = {"stage": 1, "date": "2026-04-10", "target_percent": "40", "test_period_end": "2026-04-24"}
    assert client.post(url, data).status_code == 404
    assert not ShowCauseMeeting.objects.exists()


def test_meeting_form_saves_and_shows_on_project(client, users, critical_project):
    client.force_login(users["pupr"])
    url = reverse("earlywarning:meeting_create", args=[critical_project.pk])
    data = {"stage": 1, "date": "2026-04-10", "target_percent": "40,5", "test_period_end": "2026-04-24"}
    response = client.post(url, data)
    assert response.status_code == 302
    assert ShowCauseMeeting.objects.get(project=critical_project).target_percent == D("40.50")
    page = client.get(reverse("projects:project_detail", args=[critical_project.pk])).content.decode()
    assert "SCM I" in page
    assert "Test period running" in page or "Masa uji coba berjalan" in page


def test_meeting_form_rejects_skipped_stage(client, users, critical_project):
    client.force_login(users["pupr"])
    url = reverse("earlywarning:meeting_create", args=[critical_project.pk])
    data = {"stage": 2, "date": "2026-04-10", "target_percent": "40", "test_period_end": "2026-04-24"}
    response = client.post(url, data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert not ShowCauseMeeting.objects.exists()


# --- kurva S screen ---


def schedule_url(project):
    return reverse("earlywarning:schedule_edit", args=[project.pk])


def test_generate_previews_without_saving(client, users, project):
    client.force_login(users["pupr"])
    response = client.post(schedule_url(project), {"action": "generate", "shape": "linear"})
    assert response.status_code == 200
    rows = response.context["rows"]
    assert len(rows) == 22  # 150 days
    assert rows[-1]["value"] == "100.00"
    assert rows[0]["value"] == "4.67"  # 7 / 150 of the work
    assert response.context["preview"] is True
    assert not project.schedule.exists()


def test_save_table_stores_schedule(client, users, project):
    client.force_login(users["pupr"])
    data = {"action": "save", "weeks": "3", "week_1": "10", "week_2": "55,5", "week_3": "100", "shape_used": "linear"}
    response = client.post(schedule_url(project), data)
    assert response.status_code == 302
    assert list(project.schedule.values_list("planned_percent", flat=True)) == [D("10"), D("55.5"), D("100")]


def test_save_with_errors_names_the_week_and_saves_nothing(client, users, project):
    client.force_login(users["pupr"])
    data = {"action": "save", "weeks": "3", "week_1": "30", "week_2": "20", "week_3": "90"}
    response = client.post(schedule_url(project), data, HTTP_ACCEPT_LANGUAGE="id")
    assert response.status_code == 400
    assert not project.schedule.exists()
    page = response.content.decode()
    assert "Minggu 2" in page
    assert response.context["rows"][1]["errors"]
    assert response.context["rows"][0]["errors"] == []
    # What was typed stays in the table so it can be corrected.
    assert 'value="20"' in page


def test_incomplete_schedule_saved_when_marked(client, users, project):
    client.force_login(users["pupr"])
    data = {"action": "save", "weeks": "2", "week_1": "10", "week_2": "30", "incomplete": "1"}
    assert client.post(schedule_url(project), data).status_code == 302
    assert project.schedule.count() == 2


def test_resize_keeps_values(client, users, project):
    client.force_login(users["pupr"])
    data = {"action": "resize", "weeks": "4", "week_1": "10", "week_2": "20"}
    response = client.post(schedule_url(project), data)
    assert [row["value"] for row in response.context["rows"]] == ["10", "20", "", ""]
    assert not project.schedule.exists()


def test_schedule_screen_without_start_date(client, users, make_project):
    project = make_project(start_date=None)
    client.force_login(users["pupr"])
    response = client.post(schedule_url(project), {"action": "save", "weeks": "1", "week_1": "100"})
    assert response.status_code == 400
    assert not project.schedule.exists()


def test_kurva_s_file_is_svg_with_three_series(client, users, planned):
    project = planned()
    make_update(project, user=users["pupr"], date=datetime.date(2026, 3, 20), physical="15")
    make_report(
        project, village=project.villages.first(), reporter=users["lalang_jaya"], visit_date=datetime.date(2026, 3, 21)
    )
    client.force_login(users["leader"])
    response = client.get(reverse("earlywarning:kurva_s_file", args=[project.pk]))
    assert response["Content-Type"].startswith("image/svg+xml")
    body = response.content.decode()
    assert body.startswith("<svg")
    assert body.count("data-series=") == 3
    assert "<polyline" in body and "<rect x=" in body


# --- project page panel ---


def test_panel_shows_both_discrepancy_numbers_with_evidence(client, users, planned, regions):
    project = planned()
    update = make_update(project, user=users["pupr"], date=datetime.date(2026, 4, 13), physical="50")
    make_photo(project, uploaded_by=users["pupr"], progress_update=update)
    report = make_report(
        project,
        village=regions["lalang_jaya"],
        reporter=users["lalang_jaya"],
        visit_date=datetime.date(2026, 4, 11),
        observed_progress=D("25"),
    )
    photo = make_photo(project, uploaded_by=users["lalang_jaya"], report=report)
    assessment_refresh(project=project, today=datetime.date(2026, 4, 13))
    assert ProjectAssessment.objects.get(project=project).discrepancy_flag is True

    client.force_login(users["leader"])
    page = client.get(reverse("projects:project_detail", args=[project.pk]), HTTP_ACCEPT_LANGUAGE="id")
    text = page.content.decode()
    panel = text[text.index('id="peringatan-dini"') :]
    panel = panel[: panel.index("</section>")]
    assert "50,00%" in panel
    assert "25,00%" in panel
    assert reverse("monitoring:report_detail", args=[report.pk]) in panel
    assert reverse("evidence:photo_file", args=[photo.pk, "thumb"]) in panel
    assert "Lalang Jaya" in panel


def test_panel_explains_critical_status(client, users, planned):
    project = planned()
    make_update(project, user=users["pupr"], date=datetime.date(2026, 4, 5), physical="20", financial="45")
    assessment_refresh(project=project, today=datetime.date(2026, 4, 6))
    client.force_login(users["pupr"])
    text = client.get(reverse("projects:project_detail", args=[project.pk]), HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert "Kontrak kritis" in text
    assert "Periode I" in text
    assert "−20,00" in text  # planned 40 % at the end of week 4, actual 20 %
    assert "Dibayar mendahului progres" in text
    assert reverse("earlywarning:meeting_create", args=[project.pk]) in text


def test_panel_hidden_forms_for_leader(client, users, critical_project):
    client.force_login(users["leader"])
    text = client.get(reverse("projects:project_detail", args=[critical_project.pk])).content.decode()
    assert reverse("earlywarning:meeting_create", args=[critical_project.pk]) not in text
    assert reverse("earlywarning:schedule_edit", args=[critical_project.pk]) not in text


# --- late penalty panel ---


def penalty_page(client, users, project):
    client.force_login(users["pupr"])
    return client.get(reverse("projects:project_detail", args=[project.pk]), HTTP_ACCEPT_LANGUAGE="id")


def test_penalty_panel_numbers(client, users, planned):
    # Contract value 1.110.000.000 including 11 % VAT, planned end 17 May 2026, finished 27 May: 10 days late.
    project = planned(contract_value=D("1110000000"))
    assert project.planned_end_date == datetime.date(2026, 5, 17)
    ProgressUpdate.objects.create(
        project=project,
        date=datetime.date(2026, 5, 27),
        physical_percent=D("100"),
        financial_percent=D("90"),
        created_by=users["pupr"],
    )
    DelayRecord.objects.create(
        project=project, cause=DelayCause.CONTRACTOR, extension_days=5, recorded_by=users["pupr"]
    )
    response = penalty_page(client, users, project)
    penalty = response.context["panel"].penalty if "panel" in response.context else None
    text = response.content.decode()
    section = text[text.index('id="kontrak-kritis"') :]
    assert "Rp 1.000.000" in section  # per day: 1 per mille of 1.000.000.000 before VAT
    assert "Rp 10.000.000" in section
    assert "Rp 55.500.000" in section  # performance bond, 5 % of the contract value
    assert "lebih lama dari 5 hari" in section
    assert penalty is None or penalty.penalty.days_late == 10


@pytest.mark.parametrize("cause", [DelayCause.FORCE_MAJEURE, DelayCause.OWNER])
def test_no_penalty_for_kahar_or_compensation(client, users, planned, cause):
    project = planned(contract_value=D("1110000000"))
    ProgressUpdate.objects.create(
        project=project,
        date=datetime.date(2026, 5, 27),
        physical_percent=D("100"),
        financial_percent=D("90"),
        created_by=users["pupr"],
    )
    DelayRecord.objects.create(project=project, cause=cause, note="BA banjir", recorded_by=users["pupr"])
    text = penalty_page(client, users, project).content.decode()
    section = text[text.index('id="kontrak-kritis"') :]
    assert "Tidak ada denda" in section
    assert "Rp 10.000.000" not in section


def test_no_penalty_section_when_on_time(client, users, planned):
    project = planned(contract_value=D("1110000000"))
    ProgressUpdate.objects.create(
        project=project,
        date=datetime.date(2026, 5, 10),
        physical_percent=D("100"),
        financial_percent=D("90"),
        created_by=users["pupr"],
    )
    text = penalty_page(client, users, project).content.decode()
    assert 'id="kontrak-kritis"' not in text


# --- lists ---


def test_agency_home_shows_status_badge(client, users, planned):
    project = planned()
    make_update(project, user=users["pupr"], date=datetime.date(2026, 4, 5), physical="20")
    assessment_refresh(project=project, today=datetime.date(2026, 4, 6))
    client.force_login(users["pupr"])
    text = client.get(reverse("projects:agency_home") + "?tahun=2026", HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert 'class="badge ew-critical"' in text
    assert "Kontrak kritis" in text


@pytest.mark.parametrize("size", [3, 24])
def test_agency_home_badges_bounded_queries(
    client, users, make_project, regions, agencies, size, django_assert_max_num_queries
):
    for project in build_portfolio(make_project, regions, agencies, users, count=size):
        assessment_refresh(project=project, today=datetime.date(2026, 4, 6))
    client.force_login(users["admin"])
    with django_assert_max_num_queries(12):
        response = client.get(reverse("projects:agency_home") + "?tahun=2026")
    assert response.content.decode().count('class="badge ew-') == size


@pytest.mark.parametrize("size", [2, 12])
def test_critical_list_bounded_queries(users, planned, size, django_assert_max_num_queries):
    for index in range(size):
        project = planned(name=f"Jalan {index}")
        make_update(project, user=users["pupr"], date=datetime.date(2026, 4, 5), physical=str(index))
        assessment_refresh(project=project, today=datetime.date(2026, 4, 6))
        ShowCauseMeeting.objects.create(
            project=project,
            stage=1,
            date=datetime.date(2026, 4, 7),
            target_percent=D("40"),
            test_period_end=datetime.date(2026, 4, 21),
            created_by=users["pupr"],
        )
    request = RequestFactory().get("/")
    request.user = users["leader"]
    with django_assert_max_num_queries(3):
        html = render_to_string("earlywarning/_critical_list.html", {"year": 2026}, request=request)
    assert html.count("<li>") == size
    # Furthest behind first: Jalan 0 reported 0 %.
    assert html.index("Jalan 0") < html.index(f"Jalan {size - 1}")


def test_critical_list_scoped_to_agency(users, planned, agencies):
    own = planned(name="Jalan PUPR")
    other = planned(name="Sekolah Dasar", agency=agencies["education"])
    for project in (own, other):
        assessment_refresh(project=project, today=datetime.date(2026, 4, 6))
    request = RequestFactory().get("/")
    request.user = users["pupr"]
    html = render_to_string("earlywarning/_critical_list.html", {"year": 2026}, request=request)
    assert "Jalan PUPR" in html
    assert "Sekolah Dasar" not in html
