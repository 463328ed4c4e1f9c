"""The leaders' dashboard (Bupati, Wakil Bupati, administrators, DPRD read-only), the OPD head's dashboard,
the lists behind every figure, the map data and the contractor records. All read-only."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import F, Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from accounts import roles
from dashboard import geo, summaries
from dashboard.filters import Filters, filter_choices
from dashboard.followup import findings_of, overdue
from monitoring.models import FindingState
from projects import fiscal
from projects.access import projects_for_user
from projects.models import Contractor, Project
from projects.paging import paginate
from projects.selectors import fiscal_years, open_findings_count
from regions.models import Region
from reports.data import charts

PROJECTS_PER_PAGE = 50
FINDINGS_PER_PAGE = 50


def dashboard_scope(user) -> tuple[QuerySet[Project], int | None]:
    """Return the projects the user's dashboard covers and the OPD it is fixed to (None for the whole kabupaten).

    Leaders, administrators and DPRD see the kabupaten; an OPD user sees the OPD's own dashboard. Villages
    have their own screens and get a 403.
    """
    if roles.can_read_all(user):
        return projects_for_user(user), None
    if roles.is_agency_user(user):
        return projects_for_user(user), user.agency_id
    raise PermissionDenied


def _filters(request: HttpRequest) -> tuple[QuerySet[Project], Filters]:
    projects, agency = dashboard_scope(request.user)
    filters = Filters.from_query(request.GET, agency=agency)
    return filters.apply(projects), filters


def _filter_context(request: HttpRequest, filters: Filters) -> dict:
    scope, agency = dashboard_scope(request.user)
    return {
        "filters": filters,
        "agency_fixed": agency is not None,
        "choices": filter_choices(filters, agency_fixed=agency is not None),
        "years": fiscal_years(scope, fiscal.current_year()),
    }


@login_required
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    # One screen for the whole year: headline, map, tables per OPD and kecamatan, the ten that need attention.
    projects, filters = _filters(request)
    order = request.GET.get("urut", "nama")

    agencies = summaries.sort_rows(summaries.by_agency(projects), order)
    districts = summaries.sort_rows(summaries.by_district(projects), order)
    contractors = summaries.sort_rows(summaries.by_contractor(projects), order) if filters.agency else []

    headline = summaries.headline(projects)
    context = {
        **_filter_context(request, filters),
        "charts": charts(
            headline, districts if filters.agency else agencies, by_district=bool(filters.agency), width=420
        ),
        "order": order,
        "year": filters.year,
        "headline": headline,
        "agencies": agencies,
        "districts": districts,
        "contractors": contractors,
        "attention": summaries.needs_attention(projects),
        "agency_name": request.user.agency.short_name if roles.is_agency_user(request.user) else "",
    }
    return render(request, "dashboard/overview.html", context)


@login_required
@require_GET
def project_list(request: HttpRequest) -> HttpResponse:
    # The list behind a figure: the same filters, plus the status the leader clicked.
    projects, filters = _filters(request)
    listed = (
        projects.select_related("agency", "contractor", "assessment")
        .prefetch_related(Prefetch("villages", queryset=Region.objects.select_related("parent").order_by("code")))
        .annotate(open_findings=open_findings_count())
        .order_by(F("assessment__deviation").asc(nulls_last=True), "name", "pk")
    )
    page = paginate(request, listed, PROJECTS_PER_PAGE)
    for project in page.object_list:
        districts = {village.parent for village in project.villages.all() if village.parent is not None}
        project.district_names = ", ".join(sorted(district.name for district in districts))

    context = {**_filter_context(request, filters), "page": page, "total": page.paginator.count}
    return render(request, "dashboard/project_list.html", context)


FINDING_KINDS = {"terbuka", "lewat", "selesai", "semua"}


@login_required
@require_GET
def finding_list(request: HttpRequest) -> HttpResponse:
    # The findings behind the headline and table figures: open, overdue, resolved or all counted ones.
    projects, filters = _filters(request)
    kind = request.GET.get("jenis", "terbuka")
    kind = kind if kind in FINDING_KINDS else "terbuka"
    findings = findings_of(projects)
    if kind == "terbuka":
        findings = findings.filter(state__in=[FindingState.OPEN, FindingState.ANSWERED])
    elif kind == "lewat":
        findings = findings.filter(overdue())
    elif kind == "selesai":
        findings = findings.filter(state=FindingState.RESOLVED)
    findings = findings.select_related("project", "agency", "report__village").order_by("created_at", "pk")
    page = paginate(request, findings, FINDINGS_PER_PAGE)

    context = {**_filter_context(request, filters), "page": page, "kind": kind, "total": page.paginator.count}
    return render(request, "dashboard/finding_list.html", context)


@login_required
@require_GET
def map_points(request: HttpRequest) -> JsonResponse:
    # Compact rows for the dashboard map: [id, latitude, longitude, status, name]. Loaded after the page.
    projects, _filters_used = _filters(request)
    return JsonResponse({"points": geo.project_points(projects)})


@login_required
@require_GET
def boundaries(request: HttpRequest) -> JsonResponse:
    # Kecamatan outlines of the kabupaten, or the desa of one kecamatan (?kecamatan=id), simplified.
    dashboard_scope(request.user)
    district = request.GET.get("kecamatan")
    return JsonResponse(geo.boundaries(district_id=int(district) if (district or "").isdigit() else None))


@login_required
@require_GET
def contractor_list(request: HttpRequest) -> HttpResponse:
    # Every contractor with work in the chosen year, worst deviation first by default.
    projects, filters = _filters(request)
    order = request.GET.get("urut", "deviasi")
    rows = summaries.sort_rows(summaries.by_contractor(projects), order)
    context = {**_filter_context(request, filters), "rows": rows, "order": order}
    return render(request, "dashboard/contractor_list.html", context)


@login_required
@require_GET
def contractor_detail(request: HttpRequest, contractor_id: int) -> HttpResponse:
    # The integrity view: one contractor across all OPDs and years (an OPD user sees only the OPD's part).
    scope, _agency = dashboard_scope(request.user)
    contractor = get_object_or_404(Contractor, pk=contractor_id)
    projects = scope.filter(contractor=contractor)

    per_year = []
    years = sorted(set(projects.order_by().values_list("fiscal_year", flat=True)), reverse=True)
    year_rows = {
        row["fiscal_year"]: row for row in projects.order_by().values("fiscal_year").annotate(**summaries.aggregates())
    }
    for year in years:
        per_year.append(summaries.figures_from_row(year_rows[year], name=str(year), key=year))

    listed = (
        projects.select_related("agency", "assessment")
        .annotate(open_findings=open_findings_count())
        .order_by("-fiscal_year", F("assessment__deviation").asc(nulls_last=True), "pk")
    )
    page = paginate(request, listed, PROJECTS_PER_PAGE)
    context = {
        "contractor": contractor,
        "totals": summaries.headline(projects),
        "per_year": per_year,
        "per_agency": summaries.by_agency(projects),
        "page": page,
    }
    return render(request, "dashboard/contractor_detail.html", context)
