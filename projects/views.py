"""OPD screens: the agency's project list, the shared project page and the progress update form."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, IntegerField, Prefetch, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts import roles
from agencies.models import Agency
from core.errors import DomainError
from evidence.forms import photo_positions
from evidence.models import Photo
from monitoring.access import findings_for_user, reports_for_user
from monitoring.models import FindingState, ReportStatus
from projects import fiscal, services
from projects.access import can_edit_project, get_project_for_user, projects_for_user
from projects.forms import AmendmentForm, ProgressUpdateForm, ProjectStatusForm
from projects.paging import paginate
from projects.selectors import (
    OPEN_FINDINGS,
    fiscal_years,
    kurva_s,
    observed_progress,
    open_findings_count,
    project_map_point,
    village_areas,
)

PROJECTS_PER_PAGE = 50
INBOX_SIZE = 10


def _selected_agency(request: HttpRequest) -> Agency | None:
    """Return the agency chosen in ``?opd=`` by an administrator, or None for all agencies."""
    try:
        agency_id = int(request.GET.get("opd", ""))
    except ValueError:
        return None
    return Agency.objects.filter(pk=agency_id).first()


@login_required
def agency_home(request: HttpRequest) -> HttpResponse:
    # The OPD's working list. Administrators see every OPD and may narrow to one. Other roles have their own home.
    user = request.user
    is_admin = roles.is_admin(user)
    if not (roles.is_agency_user(user) or is_admin):
        raise PermissionDenied

    current_year = fiscal.current_year()
    year = fiscal.parse_year(request.GET.get("tahun"), current_year)
    scoped = projects_for_user(user)
    agency = _selected_agency(request) if is_admin else None
    if agency is not None:
        scoped = scoped.filter(agency=agency)

    projects = (
        scoped.filter(fiscal_year=year)
        .select_related("agency", "contractor", "assessment")
        .annotate(open_findings=open_findings_count())
        .order_by("agency__short_name", "name", "pk")
    )
    page = paginate(request, projects, PROJECTS_PER_PAGE)

    # The inbox covers every fiscal year: a finding on last year's project still waits for a follow-up.
    reports = reports_for_user(user).filter(status=ReportStatus.SUBMITTED)
    findings = findings_for_user(user).filter(OPEN_FINDINGS)
    if agency is not None:
        reports = reports.filter(project__agency=agency)
        findings = findings.filter(agency=agency)
    latest_reports = reports.select_related("project", "village").order_by("-submitted_at", "-pk")[:INBOX_SIZE]
    waiting_findings = (
        findings.select_related("project", "report__village")
        .annotate(
            waiting_order=Case(
                When(state=FindingState.OPEN, then=Value(0)), default=Value(1), output_field=IntegerField()
            )
        )
        .order_by("waiting_order", "created_at", "pk")[:INBOX_SIZE]
    )

    context = {
        "page": page,
        "year": year,
        "years": fiscal_years(projects_for_user(user), current_year),
        "is_admin": is_admin,
        "agencies": Agency.objects.order_by("short_name") if is_admin else [],
        "agency": agency if is_admin else user.agency,
        "latest_reports": latest_reports,
        "waiting_findings": waiting_findings,
        "waiting_count": findings.count(),
    }
    return render(request, "projects/agency_home.html", context)


@login_required
def project_detail(request: HttpRequest, project_id: int) -> HttpResponse:
    # Every signed-in role reads the same page within its scope. Only the owning OPD and admins get the forms.
    user = request.user
    project = get_project_for_user(user, project_id)
    villages = list(project.villages.select_related("parent").order_by("code"))

    updates = list(
        project.progress_updates.select_related("created_by")
        .prefetch_related(Prefetch("photos", queryset=Photo.objects.order_by("received_at", "pk")))
        .order_by("-date", "-pk")
    )
    reports = (
        reports_for_user(user)
        .filter(project=project)
        .select_related("village")
        .annotate(finding_count=Count("findings"))
        .order_by("-visit_date", "-pk")
    )
    findings = (
        findings_for_user(user).filter(project=project).select_related("report__village").order_by("-created_at", "-pk")
    )
    chart = kurva_s(project, updates=updates, observations=observed_progress(project))

    may_edit = can_edit_project(user, project)
    status_choices = services.manual_status_choices(project) if may_edit else []
    context = {
        "project": project,
        "villages": villages,
        "map_point": project_map_point(project, villages),
        "map_areas": village_areas(villages),
        "updates": updates,
        "reports": reports,
        "findings": findings,
        "kurva_s": chart,
        "may_edit": may_edit,
        "may_report": roles.can_submit_reports(user) and any(v.pk == user.village_id for v in villages),
        "status_form": ProjectStatusForm(choices=status_choices) if status_choices else None,
    }
    return render(request, "projects/project_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def progress_create(request: HttpRequest, project_id: int) -> HttpResponse:
    # Outsiders get a 404 from the write scope, so they cannot probe which projects exist.
    project = get_project_for_user(request.user, project_id, write=True)
    form = ProgressUpdateForm(request.POST or None, request.FILES or None, project=project)

    if request.method == "POST" and form.is_valid():
        try:
            services.progress_update_create(
                user=request.user,
                project=project,
                date=form.cleaned_data["date"],
                physical_percent=form.cleaned_data["physical_percent"],
                financial_percent=form.cleaned_data["financial_percent"],
                note=form.cleaned_data["note"],
                photos=form.cleaned_data["photos"],
                positions=photo_positions(request.POST, len(form.cleaned_data["photos"])),
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("The progress update was saved."))
            return redirect("projects:project_detail", project_id=project.pk)

    context = {"project": project, "form": form, "photos_chosen": bool(request.FILES.getlist("photos"))}
    return render(request, "projects/progress_form.html", context)


@login_required
@require_POST
def status_update(request: HttpRequest, project_id: int) -> HttpResponse:
    # Hand-over and termination are rare, deliberate steps: one small form on the project page.
    project = get_project_for_user(request.user, project_id, write=True)
    form = ProjectStatusForm(request.POST, choices=services.manual_status_choices(project))
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("projects:project_detail", project_id=project.pk)
    try:
        services.project_update_status(user=request.user, project=project, status=form.cleaned_data["status"])
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The status is now “%(status)s”.") % {"status": project.get_status_display()})
    return redirect("projects:project_detail", project_id=project.pk)


@login_required
@require_http_methods(["GET", "POST"])
def amendment_create(request: HttpRequest, project_id: int) -> HttpResponse:
    project = get_project_for_user(request.user, project_id, write=True)
    form = AmendmentForm(request.POST or None, initial={"date": fiscal.local_today()})

    if request.method == "POST" and form.is_valid():
        try:
            services.amendment_record(user=request.user, project=project, **form.cleaned_data)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("The addendum was recorded."))
            return redirect("projects:project_detail", project_id=project.pk)

    return render(request, "projects/amendment_form.html", {"project": project, "form": form})
