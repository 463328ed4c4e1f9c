"""Querysets of the public API: only what the public may see, each with a fixed number of SQL queries."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db.models import Avg, Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from citizen.models import PUBLIC_STATUSES, CitizenPhoto, CitizenReport
from earlywarning.models import ProjectStatus as AssessmentStatus
from evidence.models import Photo
from monitoring.models import Finding, FindingState, MonitoringReport, ReportStatus, Response
from projects.models import ContractAmendment, ProgressUpdate, Project, ScheduleEntry
from regions.models import Region
from regions.services import parent_code

# A finding needs attention until it is resolved or rejected, as Finding.is_open has it.
OPEN_FINDING_STATES = [FindingState.OPEN, FindingState.ANSWERED]


def public_photos() -> QuerySet[Photo]:
    """Return the photos whose web copy and thumbnail anyone may fetch: all but those of a withdrawn report,
    directly or through a response to one of its findings."""
    return (
        Photo.objects.exclude(report__status=ReportStatus.WITHDRAWN)
        .exclude(response__finding__report__status=ReportStatus.WITHDRAWN)
        .order_by("received_at", "id")
    )


def public_findings() -> QuerySet[Finding]:
    """Return the findings of reports that were not withdrawn."""
    return Finding.objects.exclude(report__status=ReportStatus.WITHDRAWN)


def _finding_count(*, open_only: bool) -> Coalesce:
    findings = public_findings().filter(project=OuterRef("pk"))
    if open_only:
        findings = findings.filter(state__in=OPEN_FINDING_STATES)
    counted = findings.order_by().values("project").annotate(total=Count("pk")).values("total")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def public_projects() -> QuerySet[Project]:
    """Return the projects of the configured kabupaten's agencies with everything the list shows loaded."""
    villages = Region.objects.select_related("parent").order_by("code")
    return (
        Project.objects.filter(agency__regency__code=settings.SIMPOR_REGENCY_CODE)
        .select_related("agency", "contractor", "assessment")
        .prefetch_related(
            Prefetch("villages", queryset=villages),
            Prefetch("photos", queryset=public_photos(), to_attr="public_photos"),
        )
        .annotate(open_findings=_finding_count(open_only=True), total_findings=_finding_count(open_only=False))
    )


def public_project_details() -> QuerySet[Project]:
    """Return public_projects() with the kurva S, progress history, reports and findings loaded as well."""
    reports = (
        MonitoringReport.objects.exclude(status=ReportStatus.WITHDRAWN)
        .select_related("village")
        .order_by("visit_date", "id")
    )
    findings = public_findings().order_by("created_at", "id")
    return public_projects().prefetch_related(
        Prefetch("schedule", queryset=ScheduleEntry.objects.order_by("week")),
        Prefetch("amendments", queryset=ContractAmendment.objects.order_by("date", "id"), to_attr="amendment_history"),
        Prefetch("progress_updates", queryset=ProgressUpdate.objects.order_by("date", "id"), to_attr="history"),
        Prefetch("reports", queryset=reports, to_attr="public_reports"),
        Prefetch("findings", queryset=findings, to_attr="public_findings"),
        Prefetch("public_findings__responses", queryset=Response.objects.order_by("created_at", "id")),
    )


def regency_tree() -> Region | None:
    """Return the configured kabupaten with its active kecamatan and desa/kelurahan attached, each level
    ordered by code in ``tree_children``, from one query. None when the regions were not imported."""
    code = settings.SIMPOR_REGENCY_CODE
    regions = list(
        Region.objects.filter(Q(code=code) | Q(code__startswith=code + "."), is_active=True).order_by("code")
    )
    by_code = {region.code: region for region in regions}
    for region in regions:
        region.tree_children = []
    for region in regions:
        parent = by_code.get(parent_code(region.code) or "")
        if parent is not None:
            parent.tree_children.append(region)
    return by_code.get(code)


def active_children(region: Region) -> list[Region]:
    return list(region.children.filter(is_active=True).order_by("code"))


def public_projects_plain() -> QuerySet[Project]:
    """Return the configured kabupaten's projects without the list's prefetches, for aggregates and exports."""
    return Project.objects.filter(agency__regency__code=settings.SIMPOR_REGENCY_CODE)


def public_citizen_reports() -> QuerySet[CitizenReport]:
    return (
        CitizenReport.objects.filter(status__in=PUBLIC_STATUSES)
        .select_related("village", "answered_by_agency", "answered_by_village")
        .prefetch_related(Prefetch("photos", queryset=CitizenPhoto.objects.order_by("received_at", "id")))
        .order_by("-published_at", "-id")
    )


def summary(projects: QuerySet[Project]) -> dict:
    """Return the portal's headline figures for ``projects``."""
    totals = projects.aggregate(
        projects=Count("pk"),
        contract_value=Sum("contract_value"),
        budget_ceiling=Sum("budget_ceiling"),
        average_physical_progress=Avg("physical_progress"),
    )
    if totals["average_physical_progress"] is not None:
        totals["average_physical_progress"] = Decimal(totals["average_physical_progress"]).quantize(Decimal("0.01"))
    findings = public_findings().filter(project__in=projects.values("pk"))
    totals["findings_total"] = findings.count()
    totals["findings_open"] = findings.filter(state__in=OPEN_FINDING_STATES).count()
    totals["citizen_reports"] = CitizenReport.objects.filter(
        status__in=PUBLIC_STATUSES, project__in=projects.values("pk")
    ).count()
    counts = dict(
        projects.order_by()
        .values("assessment__status")
        .annotate(total=Count("pk"))
        .values_list("assessment__status", "total")
    )
    totals["statuses"] = [
        {"status": value, "label": str(label), "count": counts[value]}
        for value, label in AssessmentStatus.choices
        if counts.get(value)
    ]
    return totals
