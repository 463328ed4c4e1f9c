"""Read-side queries of the monitoring screens, each with a fixed number of SQL queries whatever the data size."""

from __future__ import annotations

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404

from evidence.models import Photo
from monitoring.access import findings_for_user, reports_for_user
from monitoring.models import Finding, FindingReview, FindingState, MonitoringReport, ReportStatus, Response
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
    "all": Q(),
}


def finding_list(user, state_filter: str) -> QuerySet[Finding]:
    """Return the findings ``user`` may read under one of FINDING_FILTERS, newest first.

    "active" (open or answered) leaves out findings of withdrawn reports, which need no more action.
    """
    condition = FINDING_FILTERS.get(state_filter, FINDING_FILTERS["active"])
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
