"""The public portal: what is being built in the kabupaten, how far it is, and what villages found.

Nothing here names a person: no reporter, author or uploader, no phone number or e-mail, and no position
taken from a device or from a photo's EXIF. Withdrawn reports and everything hanging off them stay out.
"""

from __future__ import annotations

from django.db.models import Avg, Count, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from evidence.models import Photo
from monitoring.models import Finding, FindingReview, ReportStatus, Response
from monitoring.selectors import attach_timeline
from projects import fiscal
from projects.models import Project
from projects.paging import paginate
from projects.selectors import (
    OPEN_FINDINGS,
    fiscal_years,
    kurva_s,
    observed_progress,
    project_map_point,
    village_areas,
)
from regions.models import Region

PROJECTS_PER_PAGE = 50
PHOTOS_SHOWN = 30


def public_photos() -> QuerySet[Photo]:
    """Photos the public may see: of progress updates and of reports that were not withdrawn."""
    return Photo.objects.filter(
        Q(progress_update__isnull=False) | Q(report__isnull=False, report__status=ReportStatus.SUBMITTED)
    )


def public_findings() -> QuerySet[Finding]:
    return Finding.objects.filter(report__status=ReportStatus.SUBMITTED)


def home(request: HttpRequest) -> HttpResponse:
    # Open to everyone: this year's projects with their progress and latest photo.
    current_year = fiscal.current_year()
    year = fiscal.parse_year(request.GET.get("tahun"), current_year)
    projects = Project.objects.filter(fiscal_year=year)

    latest_photo = public_photos().filter(project=OuterRef("pk")).order_by("-received_at", "-pk").values("pk")[:1]
    listed = (
        projects.select_related("agency", "contractor")
        .prefetch_related(Prefetch("villages", queryset=Region.objects.select_related("parent").order_by("code")))
        .annotate(photo_id=Subquery(latest_photo))
        .order_by("agency__short_name", "name", "pk")
    )
    page = paginate(request, listed, PROJECTS_PER_PAGE)

    totals = projects.aggregate(count=Count("pk"), value=Sum("contract_value"), physical=Avg("physical_progress"))
    findings = public_findings().filter(project__fiscal_year=year)
    context = {
        "year": year,
        "years": fiscal_years(Project.objects.all(), current_year),
        "page": page,
        "totals": totals,
        "findings_total": findings.count(),
        "findings_open": findings.filter(OPEN_FINDINGS).count(),
    }
    return render(request, "portal/home.html", context)


def project_detail(request: HttpRequest, project_id: int) -> HttpResponse:
    # Every project is public, but only the parts that name no one are shown.
    project = get_object_or_404(Project.objects.select_related("agency", "contractor"), pk=project_id)
    villages = list(project.villages.select_related("parent").order_by("code"))
    updates = list(project.progress_updates.order_by("-date", "-pk"))
    photos = list(
        public_photos()
        .filter(project=project)
        .order_by("-received_at", "-pk")
        .only("pk", "caption", "received_at")[:PHOTOS_SHOWN]
    )
    findings = (
        public_findings()
        .filter(project=project)
        .select_related("report__village")
        .prefetch_related(
            Prefetch(
                "responses",
                queryset=Response.objects.select_related("agency")
                .prefetch_related(Prefetch("photos", queryset=Photo.objects.only("pk", "caption", "response_id")))
                .order_by("created_at", "pk"),
            ),
            Prefetch("reviews", queryset=FindingReview.objects.order_by("created_at", "pk")),
        )
        .order_by("-created_at", "-pk")
    )

    context = {
        "project": project,
        "villages": villages,
        "updates": updates,
        "photos": photos,
        "findings": attach_timeline(list(findings)),
        "kurva_s": kurva_s(project, updates=updates, observations=observed_progress(project)),
        "map_point": project_map_point(project, villages),
        "map_areas": village_areas(villages),
        "public": True,
    }
    return render(request, "portal/project_detail.html", context)
