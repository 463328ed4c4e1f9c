"""Read-side queries of the monitoring screens, each with a fixed number of SQL queries whatever the data size."""

from __future__ import annotations

import datetime
import statistics
from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404

from evidence.models import Photo
from monitoring.access import findings_for_user, reports_for_user
from monitoring.models import (
    EscalationLevel,
    Finding,
    FindingReview,
    FindingState,
    MonitoringReport,
    ReportStatus,
    Response,
    jakarta_today,
)
from projects.access import projects_for_user
from projects.models import Project

ACTIVE_STATES = [FindingState.OPEN, FindingState.ANSWERED]


def village_projects(user) -> QuerySet[Project]:
    """Return the projects in the user's village with the village's last visit date and open findings count."""
    own_reports = MonitoringReport.objects.filter(
        project=OuterRef("pk"), village_id=user.village_id, status=ReportStatus.SUBMITTED
    )
    own_open_findings = (
        Finding.objects.filter(
            project=OuterRef("pk"),
            report__village_id=user.village_id,
            report__status=ReportStatus.SUBMITTED,
            state__in=ACTIVE_STATES,
        )
        .order_by()
        .values("project")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return (
        projects_for_user(user)
        .select_related("agency", "contractor")
        .annotate(
            last_visit=Subquery(own_reports.order_by("-visit_date").values("visit_date")[:1]),
            open_findings=Coalesce(Subquery(own_open_findings, output_field=IntegerField()), Value(0)),
        )
    )


def recent_reports(user, limit: int = 10) -> QuerySet[MonitoringReport]:
    return (
        reports_for_user(user)
        .select_related("project", "village")
        .annotate(finding_count=Count("findings"))
        .order_by("-submitted_at", "-id")[:limit]
    )


def _responses_with_photos() -> Prefetch:
    return Prefetch(
        "responses",
        queryset=Response.objects.select_related("author", "agency").prefetch_related("photos"),
    )


def _reviews_with_authors() -> Prefetch:
    return Prefetch("reviews", queryset=FindingReview.objects.select_related("author"))


def report_findings(report: MonitoringReport) -> QuerySet[Finding]:
    """Return the report's findings, oldest first, with their responses, response photos and reviews."""
    return (
        report.findings.select_related("agency")
        .prefetch_related(_responses_with_photos(), _reviews_with_authors())
        .order_by("created_at", "id")
    )


def report_photos(report: MonitoringReport) -> QuerySet[Photo]:
    return report.photos.order_by("received_at", "id")


def finding_with_history(user, finding_id: int) -> Finding:
    """Return the finding if ``user`` may read it, with responses and reviews loaded; raise Http404 otherwise."""
    try:
        return (
            findings_for_user(user)
            .select_related("project__agency", "report__village", "report__reporter", "agency")
            .prefetch_related(_responses_with_photos(), _reviews_with_authors())
            .get(pk=finding_id)
        )
    except Finding.DoesNotExist:
        raise Http404 from None


FINDING_FILTERS = {
    "active": Q(state__in=ACTIVE_STATES, report__status=ReportStatus.SUBMITTED),
    FindingState.OPEN.value: Q(state=FindingState.OPEN, report__status=ReportStatus.SUBMITTED),
    FindingState.ANSWERED.value: Q(state=FindingState.ANSWERED, report__status=ReportStatus.SUBMITTED),
    FindingState.RESOLVED.value: Q(state=FindingState.RESOLVED),
    FindingState.REJECTED.value: Q(state=FindingState.REJECTED),
    FindingState.CLOSED_UNFIXED.value: Q(state=FindingState.CLOSED_UNFIXED),
    "overdue": Q(),  # needs today's date: see overdue_condition
    "all": Q(),
}


def overdue_condition(today: datetime.date) -> Q:
    """Findings waiting for the OPD (open, report not withdrawn) past their due date; due today is not overdue."""
    return Q(state=FindingState.OPEN, report__status=ReportStatus.SUBMITTED, due_date__lt=today)


def finding_list(user, state_filter: str) -> QuerySet[Finding]:
    """Return the findings ``user`` may read under one of FINDING_FILTERS, newest first.

    "active" (open or answered) leaves out findings of withdrawn reports, which need no more action.
    """
    condition = FINDING_FILTERS.get(state_filter, FINDING_FILTERS["active"])
    if state_filter == "overdue":
        condition = overdue_condition(jakarta_today())
    return (
        findings_for_user(user)
        .filter(condition)
        .select_related("project", "agency", "report__village")
        .order_by("-created_at", "-id")
    )


def attach_timeline(findings):
    """Set ``timeline`` on each finding: its responses and reviews merged in time order.

    Each item is a (kind, record) pair with kind "response" or "review". Uses the prefetched rows only.
    """
    for finding in findings:
        entries = [("response", response) for response in finding.responses.all()]
        entries += [("review", review) for review in finding.reviews.all()]
        finding.timeline = sorted(entries, key=lambda entry: (entry[1].created_at, entry[1].pk))
    return findings


@dataclass
class AgencyFollowup:
    """Follow-up figures of one OPD over a set of findings.

    ``counted`` leaves out rejected findings (the OPD judged them not a problem and the village did not
    contest). ``fix_rate`` is resolved / counted, None without counted findings; a finding closed without a
    fix is counted but never fixed. ``median_days`` runs from raising to the village's confirmation.
    """

    agency_id: int
    agency_name: str
    total: int
    rejected: int
    counted: int
    resolved: int
    closed_unfixed: int
    waiting: int
    overdue: int
    fix_rate: float | None
    median_days: float | None


def agency_followup_stats(findings: QuerySet[Finding], today: datetime.date | None = None) -> list[AgencyFollowup]:
    """Return follow-up figures per OPD for ``findings``, ordered by OPD name, in two queries.

    Findings of withdrawn reports are left out altogether: they need no follow-up.
    """
    today = today or jakarta_today()
    findings = findings.filter(report__status=ReportStatus.SUBMITTED).order_by()
    rows = findings.values("agency_id", "agency__short_name").annotate(
        total=Count("pk"),
        rejected=Count("pk", filter=Q(state=FindingState.REJECTED)),
        resolved=Count("pk", filter=Q(state=FindingState.RESOLVED)),
        closed_unfixed=Count("pk", filter=Q(state=FindingState.CLOSED_UNFIXED)),
        waiting=Count("pk", filter=Q(state__in=ACTIVE_STATES)),
        overdue=Count("pk", filter=overdue_condition(today)),
    )
    durations: dict[int, list[float]] = {}
    resolved = findings.filter(state=FindingState.RESOLVED, closed_at__isnull=False)
    for agency_id, created_at, closed_at in resolved.values_list("agency_id", "created_at", "closed_at"):
        durations.setdefault(agency_id, []).append((closed_at - created_at).total_seconds() / 86400)

    stats = []
    for row in rows:
        counted = row["total"] - row["rejected"]
        days = durations.get(row["agency_id"])
        stats.append(
            AgencyFollowup(
                agency_id=row["agency_id"],
                agency_name=row["agency__short_name"],
                total=row["total"],
                rejected=row["rejected"],
                counted=counted,
                resolved=row["resolved"],
                closed_unfixed=row["closed_unfixed"],
                waiting=row["waiting"],
                overdue=row["overdue"],
                fix_rate=row["resolved"] / counted if counted else None,
                median_days=round(statistics.median(days), 1) if days else None,
            )
        )
    return sorted(stats, key=lambda item: item.agency_name.casefold())


def overdue_findings(findings: QuerySet[Finding], today: datetime.date | None = None) -> QuerySet[Finding]:
    """Return the overdue findings already escalated to the leaders, most overdue first."""
    today = today or jakarta_today()
    return (
        findings.filter(overdue_condition(today), escalation_level__gte=EscalationLevel.LEADERS)
        .select_related("project", "agency", "report__village")
        .order_by("due_date", "pk")
    )
