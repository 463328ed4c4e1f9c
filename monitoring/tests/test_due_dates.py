"""Due dates by severity, the overdue boundary, and how both are shown."""

import datetime

import pytest
from django.urls import reverse

from conftest import PASSWORD
from monitoring import services
from monitoring.models import Finding, FindingState, jakarta_today


@pytest.mark.parametrize(("severity", "days"), [("high", 7), ("medium", 14), ("low", 30)])
def test_due_date_by_severity(users, project, submit, severity, days):
    report, _ = submit(users["lalang_jaya"], project, findings=[("Saluran belum dibuat.", severity)])

    finding = report.findings.get()

    assert finding.due_date == jakarta_today() + datetime.timedelta(days=days)


def test_due_days_from_settings(users, project, submit, settings):
    settings.SIMPOR_FINDING_DUE_DAYS = {"high": 3}

    report, _ = submit(users["lalang_jaya"], project, findings=[("A", "high"), ("B", "low")])

    high, low = report.findings.order_by("pk")
    assert high.due_date == jakarta_today() + datetime.timedelta(days=3)
    # Severities the setting leaves out keep the default.
    assert low.due_date == jakarta_today() + datetime.timedelta(days=30)


def test_settings_change_keeps_stored_due_date(finding, settings):
    stored = finding.due_date

    settings.SIMPOR_FINDING_DUE_DAYS = {"medium": 1}
    finding.save()
    finding.refresh_from_db()

    assert finding.due_date == stored


def test_due_today_is_not_overdue(finding):
    assert finding.days_overdue(finding.due_date) == 0
    assert finding.days_overdue(finding.due_date + datetime.timedelta(days=1)) == 1
    assert finding.days_overdue(finding.due_date + datetime.timedelta(days=9)) == 9


def test_answered_finding_is_not_overdue(users, finding):
    services.finding_respond(user=users["pupr"], finding=finding, action="answer", message="Sudah dipasang.")
    finding.refresh_from_db()

    assert finding.days_overdue(finding.due_date + datetime.timedelta(days=5)) == 0


def test_withdrawn_finding_is_not_overdue(users, finding):
    services.report_withdraw(user=users["lalang_jaya"], report=finding.report, reason="Salah proyek.")
    finding.refresh_from_db()

    assert finding.days_overdue(finding.due_date + datetime.timedelta(days=5)) == 0


def _make_overdue(finding, days):
    Finding.objects.filter(pk=finding.pk).update(due_date=jakarta_today() - datetime.timedelta(days=days))


def test_overdue_shown_on_finding_page(client, users, finding):
    _make_overdue(finding, 3)
    client.login(username=users["pupr"].username, password=PASSWORD)

    page = client.get(reverse("monitoring:finding_detail", args=[finding.pk])).content.decode()

    assert "lewat tenggat 3 hari" in page
    due = jakarta_today() - datetime.timedelta(days=3)
    assert f"Tenggat {due.day}" in page


def test_due_shown_without_overdue(client, users, finding):
    client.login(username=users["lalang_jaya"].username, password=PASSWORD)

    page = client.get(reverse("monitoring:report_detail", args=[finding.report_id])).content.decode()

    assert "Tenggat " in page
    assert "lewat tenggat" not in page


def test_overdue_filter_lists_only_overdue(client, users, project, submit):
    report, _ = submit(users["lalang_jaya"], project, findings=[("Terlambat.", "high"), ("Masih ada waktu.", "low")])
    late, on_time = report.findings.order_by("pk")
    _make_overdue(late, 1)
    Finding.objects.filter(pk=on_time.pk).update(due_date=jakarta_today())
    client.login(username=users["pupr"].username, password=PASSWORD)

    page = client.get(reverse("monitoring:finding_list") + "?state=overdue").content.decode()

    assert "Terlambat." in page
    assert "Masih ada waktu." not in page
    assert "lewat tenggat 1 hari" in page


def test_finding_state_after_overdue_answer(users, finding):
    _make_overdue(finding, 2)
    services.finding_respond(user=users["pupr"], finding=finding, action="answer", message="Sudah.")
    finding.refresh_from_db()

    assert finding.state == FindingState.ANSWERED
    assert finding.overdue_days == 0
