"""Escalation of overdue findings: to the OPD head on the first overdue day, to the leaders seven days later."""

import datetime

import pytest
from django.core import mail

from monitoring import services
from monitoring.models import JAKARTA, EscalationLevel, Finding
from notifications.models import Notification, NotificationKind


def overdue_notices():
    return Notification.objects.filter(kind=NotificationKind.OVERDUE)


@pytest.fixture
def due(finding):
    return finding.due_date


def test_due_today_not_escalated(emails, pupr_head, finding, due, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert services.findings_escalate(today=due) == []

    finding.refresh_from_db()
    assert finding.escalation_level == EscalationLevel.NONE
    assert overdue_notices().count() == 0


def test_first_overdue_day_goes_to_head(emails, pupr_head, finding, due, django_capture_on_commit_callbacks):
    day = due + datetime.timedelta(days=1)

    with django_capture_on_commit_callbacks(execute=True):
        escalations = services.findings_escalate(today=day)

    assert [(item.finding_id, item.level) for item in escalations] == [(finding.pk, 1)]
    finding.refresh_from_db()
    assert finding.escalation_level == EscalationLevel.AGENCY_HEAD
    assert finding.escalated_at is not None
    assert [notice.recipient for notice in overdue_notices()] == [pupr_head]
    assert [message.to for message in mail.outbox] == [["kadis.pupr@example.test"]]
    assert "lewat tenggat 1 hari" in mail.outbox[0].subject


def test_head_escalation_once(emails, pupr_head, finding, due, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.findings_escalate(today=due + datetime.timedelta(days=1))
        assert services.findings_escalate(today=due + datetime.timedelta(days=1)) == []
        assert services.findings_escalate(today=due + datetime.timedelta(days=4)) == []

    assert overdue_notices().count() == 1
    assert len(mail.outbox) == 1


def test_leaders_after_seven_more_days(users, pupr_head, finding, due, django_capture_on_commit_callbacks):
    head_day = due + datetime.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        services.findings_escalate(today=head_day)
    finding.refresh_from_db()
    assert finding.escalated_at.astimezone(JAKARTA).date() == head_day

    assert services.findings_escalate(today=head_day + datetime.timedelta(days=6)) == []
    escalations = services.findings_escalate(today=head_day + datetime.timedelta(days=7))
    again = services.findings_escalate(today=head_day + datetime.timedelta(days=8))

    assert [item.level for item in escalations] == [2]
    assert again == []
    finding.refresh_from_db()
    assert finding.escalation_level == EscalationLevel.LEADERS
    leaders = {notice.recipient for notice in overdue_notices().filter(dedupe_key__endswith=":2")}
    assert leaders == {users["leader"], users["admin"]}


def test_leaders_delay_from_settings(users, finding, due, settings):
    settings.SIMPOR_FINDING_ESCALATE_LEADERS_AFTER_DAYS = 2
    services.findings_escalate(today=due + datetime.timedelta(days=1))
    Finding.objects.filter(pk=finding.pk).update(
        escalated_at=datetime.datetime.combine(due + datetime.timedelta(days=1), datetime.time(6), tzinfo=datetime.UTC)
    )

    escalations = services.findings_escalate(today=due + datetime.timedelta(days=3))

    assert [item.level for item in escalations] == [2]


def test_leaders_escalation_sends_no_mail(emails, finding, due, django_capture_on_commit_callbacks):
    Finding.objects.filter(pk=finding.pk).update(
        escalation_level=EscalationLevel.AGENCY_HEAD,
        escalated_at=datetime.datetime.combine(due, datetime.time(6), tzinfo=datetime.UTC),
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.findings_escalate(today=due + datetime.timedelta(days=10))

    assert overdue_notices().count() == 2
    assert mail.outbox == []


def test_without_head_the_opd_users_hear(emails, finding, due):
    services.findings_escalate(today=due + datetime.timedelta(days=1))

    assert [notice.recipient for notice in overdue_notices()] == [emails["pupr"]]


def test_answered_finding_not_escalated(users, finding, due):
    services.finding_respond(user=users["pupr"], finding=finding, action="answer", message="Sudah.")

    assert services.findings_escalate(today=due + datetime.timedelta(days=20)) == []


def test_withdrawn_finding_not_escalated(users, finding, due):
    services.report_withdraw(user=users["lalang_jaya"], report=finding.report, reason="Salah proyek.")

    assert services.findings_escalate(today=due + datetime.timedelta(days=20)) == []


def test_reopened_finding_escalates(users, pupr_head, finding, due):
    services.finding_respond(user=users["pupr"], finding=finding, action="answer", message="Sudah.")
    services.finding_contest(user=users["lalang_jaya"], finding=finding, reason="Belum dipasang.")

    escalations = services.findings_escalate(today=due + datetime.timedelta(days=2))

    assert [item.level for item in escalations] == [1]
