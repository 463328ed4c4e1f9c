"""The public portal: what is being built in the kabupaten, how far it is, and what villages and citizens found.

Nothing here names a person: no reporter, author or uploader, no phone number or e-mail, and no position
taken from a device or from a photo's EXIF. Withdrawn reports and everything hanging off them stay out.

Each page's body is rendered once per data version and language and kept in the cache (portal.caching). The frame
around it (navigation, language form with its CSRF token, canonical URL) is rendered per request.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db.models import Avg, Count, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET

from agencies.models import Agency
from citizen.access import public_reports
from citizen.models import CitizenPhoto
from core.templatetags.simpor import percent, rupiah
from earlywarning.models import ProjectStatus as AssessmentStatus
from evidence.models import Photo
from monitoring.models import Finding, FindingReview, ReportStatus, Response
from monitoring.selectors import attach_timeline
from opendata.views import download_links
from portal.caching import cache_public_response, cached
from portal.search import ProjectSearchForm, public_projects, search_projects
from projects import fiscal
from projects.models import Project
from projects.paging import PAGE_PARAMETER, paginate
from projects.selectors import (
    OPEN_FINDINGS,
    fiscal_years,
    kurva_s,
    observed_progress,
    project_map_point,
    village_areas,
)
from regions.models import Region

PROJECTS_PER_PAGE = 30
HOME_PROJECTS = 12
PHOTOS_PER_GROUP = 12
# NOTE: the home map shows at most this many of the year's projects (the oldest ids first), to keep its JSON small
# on a phone; the project search lists them all.
MAP_POINTS_LIMIT = 5000
# Photo milestones of the standard evidence set: a progress update counts for the nearest of 0, 50 and 100%.
PHOTO_MILESTONES = (0, 50, 100)


def public_photos() -> QuerySet[Photo]:
    """Photos the public may see: of progress updates and of reports that were not withdrawn."""
    return Photo.objects.filter(
        Q(progress_update__isnull=False) | Q(report__isnull=False, report__status=ReportStatus.SUBMITTED)
    )


def public_findings() -> QuerySet[Finding]:
    return Finding.objects.filter(report__status=ReportStatus.SUBMITTED)


def _render_page(request: HttpRequest, page: dict, *, status: int = 200) -> HttpResponse:
    """Wrap a cached page body in the per-request frame with its title, description and sharing tags."""
    context = {
        **page,
        "canonical": request.build_absolute_uri(page.get("canonical_path") or request.path),
        "image_url": request.build_absolute_uri(page["image_path"]) if page.get("image_path") else "",
    }
    return render(request, "portal/page.html", context, status=status)


def _listing(projects: QuerySet[Project]) -> QuerySet[Project]:
    latest_photo = public_photos().filter(project=OuterRef("pk")).order_by("-received_at", "-pk").values("pk")[:1]
    return (
        projects.select_related("agency", "contractor", "assessment")
        .prefetch_related(Prefetch("villages", queryset=Region.objects.select_related("parent").order_by("code")))
        .annotate(photo_id=Subquery(latest_photo))
    )


def _figures(projects: QuerySet[Project]) -> dict:
    totals = projects.aggregate(
        count=Count("pk"), value=Sum("contract_value"), budget=Sum("budget_ceiling"), physical=Avg("physical_progress")
    )
    by_status = dict(
        projects.order_by()
        .values_list("assessment__status")
        .annotate(total=Count("pk"))
        .values_list("assessment__status", "total")
    )
    totals["statuses"] = [
        (value, label, by_status.get(value, 0)) for value, label in AssessmentStatus.choices if by_status.get(value)
    ]
    return totals


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    # Open to everyone: this year's headline figures, map and newest projects.
    current_year = fiscal.current_year()
    year = fiscal.parse_year(request.GET.get("tahun"), current_year)

    def build() -> dict:
        projects = public_projects().filter(fiscal_year=year)
        findings = public_findings().filter(project__fiscal_year=year)
        listed = _listing(projects).order_by("-updated_at", "-pk")[:HOME_PROJECTS]
        context = {
            "year": year,
            "years": fiscal_years(Project.objects.all(), current_year),
            "projects": list(listed),
            "totals": _figures(projects),
            "findings_total": findings.count(),
            "findings_open": findings.filter(OPEN_FINDINGS).count(),
            "citizen_reports": public_reports().count(),
            "search_url": reverse("portal:search") + f"?tahun={year}",
            "map_url": reverse("portal:map_data") + f"?tahun={year}",
            "statuses": AssessmentStatus.choices,
        }
        count = context["totals"]["count"]
        return {
            "title": _("Development projects of fiscal year %(year)s") % {"year": year},
            "description": ngettext(
                "%(count)s development project of fiscal year %(year)s, with its progress, photos and what the "
                "villages found on site.",
                "%(count)s development projects of fiscal year %(year)s, with their progress, photos and what the "
                "villages found on site.",
                count,
            )
            % {"count": count, "year": year},
            "body": render_to_string("portal/_home.html", context),
            "map": True,
        }

    page = cached("home", (year, current_year), build)
    return _render_page(request, page)


@require_GET
@cache_public_response
def map_data(request: HttpRequest) -> JsonResponse:
    # The home map's markers, loaded by its script after the page: id, name, position and status colour.
    year = fiscal.parse_year(request.GET.get("tahun"), fiscal.current_year())
    projects = (
        public_projects()
        .filter(fiscal_year=year, latitude__isnull=False, longitude__isnull=False)
        .order_by("pk")
        .values_list("pk", "name", "latitude", "longitude", "assessment__status")[:MAP_POINTS_LIMIT]
    )
    points = [
        [pk, name, float(latitude), float(longitude), status or "none"]
        for pk, name, latitude, longitude, status in projects
    ]
    return JsonResponse({"url": reverse("portal:project_detail", args=[0]).replace("/0/", "/{id}/"), "points": points})


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    # The full project list with filters in GET parameters, so every result is a link people can share.
    query = request.GET.copy()
    query.pop(PAGE_PARAMETER, None)
    page_number = request.GET.get(PAGE_PARAMETER, "1")

    def build() -> dict:
        # The form is built only on a cache miss: binding it costs more than serving the cached body.
        form = ProjectSearchForm(request.GET)
        projects = search_projects(public_projects(), form.filters())
        page = paginate(
            request, _listing(projects).order_by("-fiscal_year", "agency__short_name", "name", "pk"), PROJECTS_PER_PAGE
        )
        context = {
            "form": form,
            "page": page,
            "totals": _figures(projects),
            "downloads": download_links(query.urlencode()),
        }
        return {
            "title": _("Project search"),
            "description": _("Search the development projects by year, kecamatan, desa, OPD, sector and status."),
            "body": render_to_string("portal/_search.html", context),
        }

    page = cached("search", (query.urlencode(), page_number), build)
    return _render_page(request, page)


def _photo_timeline(project: Project, updates: list) -> list[dict]:
    """Group the public photos: the OPD's by the nearest milestone (0, 50, 100%), the villages' by report."""
    photos = list(
        public_photos()
        .filter(project=project)
        .select_related("report__village", "progress_update")
        .order_by("received_at", "pk")
        .only(
            "pk",
            "caption",
            "received_at",
            "report__visit_date",
            "report__village__name",
            "report__village__kind",
            "report__village__level",
            "progress_update__physical_percent",
            "progress_update__date",
        )
    )
    groups: dict[tuple, dict] = {}
    for milestone in PHOTO_MILESTONES:
        groups[("milestone", milestone)] = {"kind": "milestone", "milestone": milestone, "photos": []}
    for photo in photos:
        if photo.progress_update_id:
            percent = photo.progress_update.physical_percent
            milestone = min(PHOTO_MILESTONES, key=lambda target: abs(Decimal(target) - percent))
            groups[("milestone", milestone)]["photos"].append(photo)
        elif photo.report_id:
            key = ("report", photo.report_id)
            group = groups.setdefault(key, {"kind": "report", "report": photo.report, "photos": []})
            group["photos"].append(photo)
    return [group for group in groups.values() if group["photos"]]


@require_GET
def project_detail(request: HttpRequest, project_id: int) -> HttpResponse:
    # Every project is public, but only the parts that name no one are shown.
    def build() -> dict | None:
        project = Project.objects.select_related("agency", "contractor", "assessment").filter(pk=project_id).first()
        if project is None:
            return {"missing": True}
        villages = list(project.villages.select_related("parent").order_by("code"))
        updates = list(project.progress_updates.order_by("-date", "-pk"))
        timeline = _photo_timeline(project, updates)
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
        citizen = (
            public_reports()
            .filter(project=project)
            .select_related("village", "answered_by_agency", "answered_by_village")
            .prefetch_related(Prefetch("photos", queryset=CitizenPhoto.objects.only("pk", "report_id")))
            .order_by("-published_at", "-pk")
        )
        context = {
            "project": project,
            "assessment": getattr(project, "assessment", None),
            "villages": villages,
            "updates": updates,
            "timeline": timeline,
            "findings": attach_timeline(list(findings)),
            "citizen_reports": list(citizen),
            "kurva_s": kurva_s(project, updates=updates, observations=observed_progress(project)),
            "map_point": project_map_point(project, villages),
            "map_areas": village_areas(villages),
            "public": True,
            "licence": settings.SIMPOR_DATA_LICENCE,
        }
        first_photo = next((group["photos"][-1] for group in reversed(timeline)), None)
        return {
            "title": project.name,
            "description": _(
                "%(name)s: a project of %(agency)s in fiscal year %(year)s, contract value %(value)s, physical "
                "progress %(progress)s."
            )
            % {
                "name": project.name,
                "agency": project.agency.short_name,
                "year": project.fiscal_year,
                "value": rupiah(project.contract_value),
                "progress": percent(project.physical_progress),
            },
            "body": render_to_string("portal/_project.html", context),
            "head": render_to_string("projects/_map_assets.html", context),
            "image_path": reverse("evidence:photo_file", args=[first_photo.pk, "web"]) if first_photo else "",
            "og_type": "article",
            "canonical_path": reverse("portal:project_detail", args=[project.pk]),
        }

    page = cached("project", (project_id,), build)
    if page.get("missing"):
        raise Http404
    return _render_page(request, page)


def _area_page(request: HttpRequest, *, namespace: str, key, title: str, describe, projects, extra: dict):
    year = fiscal.parse_year(request.GET.get("tahun"), fiscal.current_year())
    page_number = request.GET.get(PAGE_PARAMETER, "1")

    def build() -> dict:
        in_year = projects.filter(fiscal_year=year)
        page = paginate(request, _listing(in_year).order_by("agency__short_name", "name", "pk"), PROJECTS_PER_PAGE)
        context = {
            **extra,
            "heading": title,
            "year": year,
            "years": fiscal_years(projects, fiscal.current_year()),
            "page": page,
            "totals": _figures(in_year),
        }
        return {
            "title": title,
            "description": describe(year),
            "body": render_to_string("portal/_area.html", context),
        }

    return _render_page(request, cached(namespace, (key, year, page_number), build))


@require_GET
def region_detail(request: HttpRequest, code: str) -> HttpResponse:
    # One kecamatan or desa: its projects of the year with the headline figures.
    region = (
        Region.objects.select_related("parent")
        .filter(
            code=code,
            level__in=[Region.Level.DISTRICT, Region.Level.VILLAGE],
            code__startswith=settings.SIMPOR_REGENCY_CODE + ".",
        )
        .first()
    )
    if region is None:
        raise Http404
    if region.level == Region.Level.DISTRICT:
        projects = public_projects().filter(villages__parent=region).distinct()
        children = list(region.children.filter(is_active=True).order_by("code"))
    else:
        projects = public_projects().filter(villages=region)
        children = []
    return _area_page(
        request,
        namespace="region",
        key=code,
        title=region.display_name,
        describe=lambda year: (
            _("Development projects in %(region)s, fiscal year %(year)s, with their progress.")
            % {"region": region.display_name, "year": year}
        ),
        projects=projects,
        extra={
            "region": region,
            "children": children,
            "citizen_reports": public_reports().filter(village=region).count(),
        },
    )


@require_GET
def agency_detail(request: HttpRequest, agency_id: int) -> HttpResponse:
    # One OPD: its projects of the year with the headline figures.
    agency = Agency.objects.filter(pk=agency_id, regency__code=settings.SIMPOR_REGENCY_CODE).first()
    if agency is None:
        raise Http404
    return _area_page(
        request,
        namespace="agency",
        key=agency_id,
        title=agency.name,
        describe=lambda year: (
            _("Development projects of %(agency)s, fiscal year %(year)s, with their progress.")
            % {"agency": agency.short_name, "year": year}
        ),
        projects=public_projects().filter(agency=agency),
        extra={"agency": agency},
    )
