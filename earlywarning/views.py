"""Early-warning screens of one project: the kurva S editor, show-cause meetings and the cause of a delay."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.errors import DomainError
from earlywarning import services
from earlywarning.forms import DelayForm, GenerateForm, MeetingForm, OutcomeForm
from earlywarning.models import DelayRecord, ShowCauseMeeting
from earlywarning.schedule import MAX_WEEKS, CurveShape, generate, week_count
from projects.access import get_project_for_user
from projects.charts import PLANNED_COLOR, Series, kurva_s_svg
from projects.selectors import kurva_s_for_project


def _project_url(project, anchor: str = "") -> str:
    return reverse("projects:project_detail", args=[project.pk]) + anchor


def _parse_week_count(value, default: int) -> int:
    try:
        count = int(value)
    except (TypeError, ValueError):
        return default
    return max(1, min(MAX_WEEKS, count))


def _rows(project, values: list[str], errors: dict[int, list[str]] | None = None) -> list[dict]:
    errors = errors or {}
    return [
        {
            "week": week,
            "week_end": services.planned_week_end(project, week, is_last=week == len(values))
            if project.start_date
            else None,
            "value": value,
            "errors": errors.get(week, []),
        }
        for week, value in enumerate(values, start=1)
    ]


def _preview_chart(project, values: list[str]):
    points = []
    for week, value in enumerate(values, start=1):
        try:
            day = services.planned_week_end(project, week, is_last=week == len(values))
            points.append((day, Decimal(value.replace(",", "."))))
        except (ArithmeticError, ValueError):
            continue
    series = [Series(label=_("Plan"), points=points, style="line_points", color=PLANNED_COLOR)]
    return kurva_s_svg(
        series, title=_("Planned kurva S"), start=project.start_date, end=project.planned_end_date, chart_id="plan"
    )


@login_required
@require_http_methods(["GET", "POST"])
def schedule_edit(request: HttpRequest, project_id: int) -> HttpResponse:
    # Only the owning OPD and administrators edit; everyone else gets a 404 from the write scope.
    project = get_project_for_user(request.user, project_id, write=True)
    current = [str(value) for value in project.schedule.order_by("week").values_list("planned_percent", flat=True)]
    suggested_weeks = week_count(project.duration_days) if project.duration_days else 1
    action = request.POST.get("action", "")
    generate_form = GenerateForm(request.POST if action == "generate" else None)
    top_errors: list[str] = []
    row_errors: dict[int, list[str]] = {}
    preview = False
    require_complete = True
    shape = request.POST.get("shape_used", "")

    if request.method == "GET":
        count = _parse_week_count(request.GET.get("minggu"), len(current) or suggested_weeks)
        values = (current + [""] * count)[:count]
    elif action == "generate":
        values = current
        if not generate_form.is_valid():
            top_errors.append(_("Choose the shape of the curve."))
        elif not (project.start_date and project.duration_days):
            top_errors.append(
                _("The kurva S is generated from the start date (SPMK) and the duration, and this project lacks one.")
            )
        else:
            shape = generate_form.cleaned_data["shape"]
            values = [str(week.percent) for week in generate(project.duration_days, shape)]
            preview = True
    else:
        count = _parse_week_count(request.POST.get("weeks"), 1)
        values = [request.POST.get(f"week_{week}", "").strip() for week in range(1, count + 1)]
        require_complete = not request.POST.get("incomplete")
        if action == "save":
            try:
                services.schedule_replace(
                    user=request.user,
                    project=project,
                    entries=list(enumerate(values, start=1)),
                    require_complete=require_complete,
                    summary=f"kurva S generated ({shape})" if shape in CurveShape else "kurva S entered",
                )
            except services.ScheduleInvalid as invalid:
                for error in invalid.errors:
                    week = int(error.field.removeprefix("week_")) if error.field.startswith("week_") else 0
                    row_errors.setdefault(week, []).append(error.message)
                    top_errors.append(error.message)
            except DomainError as error:
                top_errors.append(error.message)
            else:
                messages.success(request, _("The kurva S was saved with %(weeks)s weeks.") % {"weeks": len(values)})
                return redirect(_project_url(project, "#kurva-s-heading"))

    context = {
        "project": project,
        "generate_form": generate_form,
        "rows": _rows(project, values, row_errors),
        "top_errors": top_errors,
        "preview": preview,
        "preview_chart": _preview_chart(project, values) if project.start_date else None,
        "has_schedule": bool(current),
        "require_complete": require_complete,
        "shape_used": shape,
        "suggested_weeks": suggested_weeks,
        "max_weeks": MAX_WEEKS,
    }
    return render(request, "earlywarning/schedule_form.html", context, status=400 if top_errors else 200)


@login_required
def kurva_s_file(request: HttpRequest, project_id: int) -> HttpResponse:
    # The same chart as on the project page, as a file for reports and presentations.
    project = get_project_for_user(request.user, project_id)
    chart = kurva_s_for_project(project, chart_id=f"kurva-s-{project.pk}")
    response = HttpResponse(chart.svg, content_type="image/svg+xml; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="kurva-s-{project.pk}.svg"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest, project_id: int) -> HttpResponse:
    project = get_project_for_user(request.user, project_id, write=True)
    next_stage = services.next_meeting_stage(project)
    eligible = services.may_hold_show_cause(project)
    form = MeetingForm(request.POST or None, initial={"stage": next_stage})

    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_record(user=request.user, project=project, **form.cleaned_data)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("%(stage)s was recorded.") % {"stage": meeting.get_stage_display()})
            return redirect(_project_url(project, "#kontrak-kritis"))

    context = {"project": project, "form": form, "eligible": eligible, "next_stage": next_stage}
    return render(request, "earlywarning/meeting_form.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def meeting_outcome(request: HttpRequest, project_id: int, meeting_id: int) -> HttpResponse:
    project = get_project_for_user(request.user, project_id, write=True)
    meeting = get_object_or_404(ShowCauseMeeting, pk=meeting_id, project=project)
    form = OutcomeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether the target was met or not met."))
        return redirect(_project_url(project, "#kontrak-kritis"))
    try:
        services.meeting_set_outcome(user=request.user, meeting=meeting, **form.cleaned_data)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("The outcome of %(stage)s is now “%(outcome)s”.")
            % {"stage": meeting.get_stage_display(), "outcome": meeting.get_outcome_display()},
        )
    return redirect(_project_url(project, "#kontrak-kritis"))


@login_required
@require_http_methods(["GET", "POST"])
def delay_edit(request: HttpRequest, project_id: int) -> HttpResponse:
    project = get_project_for_user(request.user, project_id, write=True)
    existing = DelayRecord.objects.filter(project=project).first()
    initial = (
        {"cause": existing.cause, "note": existing.note, "extension_days": existing.extension_days} if existing else {}
    )
    form = DelayForm(request.POST or None, initial=initial)

    if request.method == "POST" and form.is_valid():
        try:
            services.delay_record(user=request.user, project=project, **form.cleaned_data)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("The cause of the delay was recorded."))
            return redirect(_project_url(project, "#kontrak-kritis"))

    context = {"project": project, "form": form, "max_extension_days": services.thresholds().max_extension_days}
    return render(request, "earlywarning/delay_form.html", context, status=400 if form.errors else 200)
