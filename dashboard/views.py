"""The leaders' overview (Bupati, DPRD, administrators): one fiscal year at a glance, read-only."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts import roles
from dashboard import summaries
from monitoring.access import findings_for_user
from projects import fiscal
from projects.access import projects_for_user
from projects.paging import paginate
from projects.selectors import OPEN_FINDINGS, fiscal_years, open_findings_count
from regions.models import Region

PROJECTS_PER_PAGE = 50
FINDINGS_SHOWN = 50


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    # Only roles that read the whole kabupaten may open it. OPDs and villages have their own screens.
    user = request.user
    if not roles.can_read_all(user):
        raise PermissionDenied

    current_year = fiscal.current_year()
    year = fiscal.parse_year(request.GET.get("tahun"), current_year)
    projects = projects_for_user(user).filter(fiscal_year=year)
    open_findings = summaries.open_findings_by_project(projects)

    listed = (
        projects.select_related("agency")
        .prefetch_related(Prefetch("villages", queryset=Region.objects.select_related("parent").order_by("code")))
        .annotate(open_findings=open_findings_count())
        .order_by("agency__short_name", "name", "pk")
    )
    page = paginate(request, listed, PROJECTS_PER_PAGE)
    for project in page.object_list:
        districts = {village.parent for village in project.villages.all() if village.parent is not None}
        project.district_names = ", ".join(sorted(district.name for district in districts))

    findings = (
        findings_for_user(user)
        .filter(OPEN_FINDINGS, project__fiscal_year=year)
        .select_related("project__agency", "report__village")
        .order_by("-created_at", "-pk")[:FINDINGS_SHOWN]
    )

    context = {
        "year": year,
        "years": fiscal_years(projects_for_user(user), current_year),
        "totals": summaries.year_totals(projects),
        "agencies": summaries.by_agency(projects, open_findings),
        "districts": summaries.by_district(projects, open_findings),
        "page": page,
        "findings": findings,
    }
    return render(request, "dashboard/overview.html", context)
