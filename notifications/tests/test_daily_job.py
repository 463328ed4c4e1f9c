"""The daily job run_daily_checks: statuses, project alerts and escalations, and nothing sent twice."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from accounts.models import Role, User
from monitoring.models import EscalationLevel
from notifications.models import Notification, NotificationKind
from projects.models import ProgressUpdate, ScheduleEntry

START = datetime.date(2026, 3, 2)
DAY = START + datetime.timedelta(days=28)


@pytest.fixture
def lagging_project(make_project, users):
    """A ten-week road planned at 10 % a week, 25 % done at week four: 15 points behind, so kritis."""
    project = make_project(start_date=START, duration_days=70)
    for week in range(1, 11):
        ScheduleEntry.objects.create(
            project=project,
            week=week,
            week_end=START + datetime.timedelta(days=7 * week),
            planned_percent=Decimal(10 * week),
        )
    ProgressUpdate.objects.create(
        project=project,
        date=DAY,
        physical_percent=Decimal("25"),
        financial_percent=Decimal("20"),
        created_by=users["pupr"],
    )
    return project


def run(date):
    output = io.StringIO()
    call_command("run_daily_checks", "--date", date.isoformat(), stdout=output)
    return output.getvalue()


def test_critical_project_notified_once(emails, pupr_head, lagging_project, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        summary = run(DAY)
    sent = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        second = run(DAY)

    assert "notified 1 critical and 0 stale projects" in summary
    recipients = {n.recipient.username for n in Notification.objects.filter(kind=NotificationKind.CONTRACT_CRITICAL)}
    assert recipients == {"opd_pupr", "kadis_pupr", "bupati", "admin_ekbang"}
    assert "Dinas Pendidikan" not in str(recipients)
    assert sent == 4
    assert "notified 0 critical and 0 stale projects" in second
    assert len(mail.outbox) == sent
    assert Notification.objects.count() == 4


def test_critical_again_after_recovery(emails, lagging_project):
    run(DAY)
    ProgressUpdate.objects.create(
        project=lagging_project,
        date=DAY + datetime.timedelta(days=1),
        physical_percent=Decimal("40"),
        financial_percent=Decimal("30"),
        created_by=emails["pupr"],
    )
    run(DAY + datetime.timedelta(days=1))
    ProgressUpdate.objects.create(
        project=lagging_project,
        date=DAY + datetime.timedelta(days=14),
        physical_percent=Decimal("41"),
        financial_percent=Decimal("30"),
        created_by=emails["pupr"],
    )

    summary = run(DAY + datetime.timedelta(days=14))

    assert "notified 1 critical" in summary
    assert Notification.objects.filter(kind=NotificationKind.CONTRACT_CRITICAL, recipient=emails["pupr"]).count() == 2


def test_overdue_escalation_idempotent(emails, pupr_head, finding, django_capture_on_commit_callbacks):
    day = finding.due_date + datetime.timedelta(days=1)

    with django_capture_on_commit_callbacks(execute=True):
        first = run(day)
        second = run(day)

    assert "escalated 1 findings to OPD heads and 0 to leaders" in first
    assert "escalated 0 findings to OPD heads and 0 to leaders" in second
    finding.refresh_from_db()
    assert finding.escalation_level == EscalationLevel.AGENCY_HEAD
    assert [message.to for message in mail.outbox if "tenggat" in message.subject] == [["kadis.pupr@example.test"]]


def test_leaders_escalation_by_job(users, finding):
    head_day = finding.due_date + datetime.timedelta(days=1)
    run(head_day)

    summary = run(head_day + datetime.timedelta(days=7))

    assert "escalated 0 findings to OPD heads and 1 to leaders" in summary
    leaders = User.objects.filter(notifications__kind=NotificationKind.OVERDUE, role__in=[Role.LEADER, Role.ADMIN])
    assert set(leaders) == {users["leader"], users["admin"]}


def test_bad_date_rejected(db):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("run_daily_checks", "--date", "04-12-2026")


def test_stale_project_notified(emails, pupr_head, make_project, django_capture_on_commit_callbacks):
    """A running project whose last progress report is older than 14 days turns stale: the OPD hears, leaders not."""
    project = make_project(start_date=START, duration_days=70)
    for week in range(1, 11):
        ScheduleEntry.objects.create(
            project=project,
            week=week,
            week_end=START + datetime.timedelta(days=7 * week),
            planned_percent=Decimal(week),
        )
    ProgressUpdate.objects.create(
        project=project,
        date=START + datetime.timedelta(days=7),
        physical_percent=Decimal("1"),
        financial_percent=Decimal("0"),
        created_by=emails["pupr"],
    )

    with django_capture_on_commit_callbacks(execute=True):
        summary = run(START + datetime.timedelta(days=30))

    assert "notified 0 critical and 1 stale projects" in summary
    recipients = {n.recipient.username for n in Notification.objects.filter(kind=NotificationKind.PROJECT_STALE)}
    assert recipients == {"opd_pupr", "kadis_pupr"}
    assert sorted(message.to[0] for message in mail.outbox) == ["kadis.pupr@example.test", "opd_pupr@example.test"]
