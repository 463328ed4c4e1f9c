"""Follow-up figures per OPD: fix rate, median days to resolve and overdue count, computed by hand here."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import PASSWORD
from monitoring import services
from monitoring.models import Finding, FindingState, jakarta_today
from monitoring.selectors import agency_followup_stats

NOW = timezone.now()


def _finding(report, state, *, agency=None, age_days=10, resolved_after_days=None, due_in_days=5, **fields):
    created = NOW - datetime.timedelta(days=age_days)
    finding = Finding.objects.create(
        report=report,
        project=report.project,
        agency=agency or report.project.agency,
        description=f"Temuan {state}",
        severity="medium",
        state=state,
        due_date=jakarta_today() + datetime.timedelta(days=due_in_days),
        **fields,
    )
    closed = created + datetime.timedelta(days=resolved_after_days) if resolved_after_days is not None else None
    Finding.objects.filter(pk=finding.pk).update(created_at=created, closed_at=closed)
    return finding


@pytest.fixture
def scenario(users, agencies, project, submit, make_project, regions):
    """Dinas PUPR: 2 resolved (2 and 5 days), 1 rejected, 1 closed without a fix, 1 open overdue, 1 answered,
    and 1 resolved finding of a withdrawn report. Dinas Pendidikan: 1 resolved in 1 day."""
    report, _ = submit(users["lalang_jaya"], project, findings=[])
    _finding(report, FindingState.RESOLVED, resolved_after_days=2)
    _finding(report, FindingState.RESOLVED, resolved_after_days=5)
    _finding(report, FindingState.REJECTED, rejection_reason="Bukan bagian kontrak.")
    _finding(report, FindingState.CLOSED_UNFIXED, closure_reason="Anggaran habis.")
    _finding(report, FindingState.OPEN, due_in_days=-2)
    _finding(report, FindingState.ANSWERED, due_in_days=-2)
    withdrawn, _ = submit(users["lalang_jaya"], project, findings=[])
    _finding(withdrawn, FindingState.RESOLVED, resolved_after_days=30)
    services.report_withdraw(user=users["lalang_jaya"], report=withdrawn, reason="Salah proyek.")
    school = make_project(name="Rehabilitasi SD Negeri 3 Manggar", agency=agencies["education"])
    school_report, _ = submit(users["lalang_jaya"], school, findings=[])
    _finding(school_report, FindingState.RESOLVED, resolved_after_days=1)


def test_stats_by_hand(scenario, django_assert_num_queries):
    with django_assert_num_queries(2):
        rows = agency_followup_stats(Finding.objects.all())

    education, pupr = rows
    assert pupr.agency_name == "Dinas PUPR"
    assert pupr.total == 6
    assert pupr.rejected == 1
    assert pupr.counted == 5
    assert pupr.resolved == 2
    assert pupr.closed_unfixed == 1
    assert pupr.waiting == 2
    assert pupr.overdue == 1
    assert pupr.fix_rate == pytest.approx(2 / 5)
    assert pupr.median_days == 3.5
    assert education.agency_name == "Dinas Pendidikan"
    assert education.fix_rate == 1
    assert education.median_days == 1.0


def test_stats_without_counted_findings(users, project, submit):
    report, _ = submit(users["lalang_jaya"], project, findings=[])
    _finding(report, FindingState.REJECTED, rejection_reason="Bukan bagian kontrak.")

    [row] = agency_followup_stats(Finding.objects.all())

    assert row.fix_rate is None
    assert row.median_days is None


def test_stats_on_agency_home(client, users, scenario):
    client.login(username=users["pupr"].username, password=PASSWORD)

    page = client.get(reverse("projects:agency_home"), {"tahun": 2026}).content.decode()

    assert "Tindak lanjut temuan per OPD" in page
    assert "Dinas PUPR" in page
    assert ">40%<" in page
    # An OPD sees only its own figures.
    assert "Dinas Pendidikan" not in page


def test_stats_and_overdue_on_leaders_overview(client, users, scenario):
    overdue = Finding.objects.get(state=FindingState.OPEN)
    Finding.objects.filter(pk=overdue.pk).update(escalation_level=2)
    client.login(username=users["leader"].username, password=PASSWORD)

    page = client.get(reverse("dashboard:overview"), {"tahun": 2026}).content.decode()

    assert "Temuan lewat tenggat" in page
    assert reverse("monitoring:finding_detail", args=[overdue.pk]) in page
    assert "Dinas Pendidikan" in page
