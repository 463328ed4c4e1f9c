"""Screens of citizen reports: the public form and tracking page (/lapor/), and the moderation queue."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_http_methods

from accounts import roles
from citizen import ratelimit, services
from citizen.access import can_moderate, get_report_for_moderator, public_reports, reports_for_moderator
from citizen.forms import (
    AnswerForm,
    AssignForm,
    CitizenReportForm,
    RejectForm,
    TrackForm,
    form_started_token,
    seconds_since,
)
from citizen.models import (
    PUBLIC_STATUSES,
    QUEUE_STATUSES,
    Category,
    CitizenPhoto,
    CitizenReport,
    Status,
    normalize_tracking_code,
)
from core.errors import DomainError
from projects.models import Project
from projects.paging import paginate

REPORTS_PER_PAGE = 30
PHOTO_FIELDS = {"thumb": "thumbnail", "web": "web"}


def _session_key(request: HttpRequest) -> str:
    if not request.session.session_key:
        request.session.save()
    return request.session.session_key or ""


def _render_form(request, form, project, *, errors=None, status=200) -> HttpResponse:
    limits = settings.SIMPOR_CITIZEN
    context = {
        "form": form,
        "project": project,
        "errors": errors or {},
        "max_photos": limits["max_photos"],
        "max_photo_mb": limits["max_photo_bytes"] // (1024 * 1024),
        # A fresh stamp on every render: after an error the minimum fill time counts from the corrected form.
        "started": form_started_token(),
    }
    return render(request, "citizen/report_form.html", context, status=status)


def _form_project(value) -> Project | None:
    if value in (None, ""):
        return None
    try:
        return Project.objects.select_related("agency").get(pk=int(value))
    except (Project.DoesNotExist, TypeError, ValueError):
        raise Http404 from None


@require_http_methods(["GET", "POST"])
def report_create(request: HttpRequest) -> HttpResponse:
    # Anyone may report; the abuse checks run before the service is called.
    limits = settings.SIMPOR_CITIZEN
    if request.method == "GET":
        _session_key(request)
        project = _form_project(request.GET.get("proyek"))
        form = CitizenReportForm(initial={"project": project.pk if project else None})
        if project is not None:
            form.initial["category"] = Category.PROJECT_WORK
        return _render_form(request, form, project)

    form = CitizenReportForm(request.POST)
    form.is_valid()
    data = form.cleaned_data
    project = _form_project(request.POST.get("project"))
    # Bots fill the hidden field or post at once; both get the same vague response, so they learn nothing.
    elapsed = seconds_since(request.POST.get("started", ""))
    if data.get("website") or elapsed is None or not -60 <= elapsed <= limits["max_fill_seconds"]:
        general = [_("The report could not be accepted. Reload the page and send it again.")]
        return _render_form(request, form, project, errors={"general": general}, status=400)
    if elapsed < limits["min_fill_seconds"]:
        general = [_("That was very fast. Check your report, then send it again.")]
        return _render_form(request, form, project, errors={"general": general}, status=400)

    address = ratelimit.client_address(request)
    within_address = ratelimit.hit("citizen-report-address", address, limit=limits["per_address_per_hour"], window=3600)
    within_session = ratelimit.hit(
        "citizen-report-session", _session_key(request), limit=limits["per_session_per_hour"], window=3600
    )
    if not (within_address and within_session):
        return render(request, "citizen/too_many.html", status=429)

    if not form.is_valid():
        return _render_form(request, form, project, errors=form.errors, status=400)
    try:
        report = services.citizen_report_submit(
            category=data["category"],
            description=data["description"],
            project=project,
            latitude=data.get("latitude"),
            longitude=data.get("longitude"),
            location_description=data.get("location_description", ""),
            contact_name=data.get("contact_name", ""),
            contact_phone=data.get("contact_phone", ""),
            contact_email=data.get("contact_email", ""),
            photos=request.FILES.getlist("photos"),
        )
    except DomainError as error:
        return _render_form(request, form, project, errors={error.field or "general": [error.message]}, status=400)

    request.session["citizen_report_sent"] = report.tracking_code
    messages.success(request, _("Thank you. Your report was received. Keep the tracking code to follow it."))
    return redirect("citizen:track_detail", code=report.tracking_code)


@require_GET
def track(request: HttpRequest) -> HttpResponse:
    # The tracking code is the reporter's only key; the form sends it to the tracking page.
    form = TrackForm(request.GET or None)
    if form.is_valid():
        return redirect("citizen:track_detail", code=normalize_tracking_code(form.cleaned_data["kode"]))
    return render(request, "citizen/track.html", {"form": form})


@require_GET
def track_detail(request: HttpRequest, code: str) -> HttpResponse:
    # Codes cannot be guessed, but each address may still only try a few per minute.
    limit = settings.SIMPOR_CITIZEN["tracking_per_address_per_minute"]
    if not ratelimit.hit("citizen-track", ratelimit.client_address(request), limit=limit, window=60):
        return render(request, "citizen/too_many.html", status=429)
    code = normalize_tracking_code(code)
    report = (
        CitizenReport.objects.select_related(
            "project", "village__parent", "agency", "answered_by_agency", "answered_by_village"
        )
        .prefetch_related("photos")
        .filter(tracking_code=code)
        .first()
    )
    if report is None:
        return render(
            request, "citizen/track.html", {"form": TrackForm(initial={"kode": code}), "not_found": True}, status=404
        )
    context = {"report": report, "just_sent": request.session.get("citizen_report_sent") == code}
    response = render(request, "citizen/track_detail.html", context)
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


@require_GET
@cache_control(private=True, max_age=3600)
def photo_file(request: HttpRequest, photo_id: int, variant: str) -> FileResponse:
    # Public once the report is published; before that only its moderators and the holder of its code see it.
    photo = CitizenPhoto.objects.select_related("report").filter(pk=photo_id).first()
    if photo is None or variant not in PHOTO_FIELDS:
        raise Http404
    report = photo.report
    allowed = (
        report.status in PUBLIC_STATUSES
        or normalize_tracking_code(request.GET.get("kode", "")) == report.tracking_code
        or (can_moderate(request.user) and reports_for_moderator(request.user).filter(pk=report.pk).exists())
    )
    if not allowed:
        raise Http404
    response = FileResponse(getattr(photo, PHOTO_FIELDS[variant]).open("rb"), content_type="image/jpeg")
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
def public_list(request: HttpRequest) -> HttpResponse:
    # What citizens reported and moderators published, newest first, with the answers.
    reports = (
        public_reports()
        .select_related("project", "village__parent", "answered_by_agency", "answered_by_village")
        .prefetch_related(Prefetch("photos", queryset=CitizenPhoto.objects.only("pk", "report_id")))
        .order_by("-published_at", "-pk")
    )
    category = request.GET.get("kategori", "")
    if category in Category.values:
        reports = reports.filter(category=category)
    page = paginate(request, reports, REPORTS_PER_PAGE)
    return render(
        request, "citizen/public_list.html", {"page": page, "categories": Category.choices, "category": category}
    )


@login_required
@require_GET
def moderation_queue(request: HttpRequest) -> HttpResponse:
    # Village, OPD and administrator users see the reports they moderate, waiting ones first.
    if not can_moderate(request.user):
        raise PermissionDenied
    status = request.GET.get("status", "queue")
    reports = reports_for_moderator(request.user).select_related("project", "village", "agency")
    if status == "queue":
        reports = reports.filter(status__in=QUEUE_STATUSES)
    elif status in Status.values:
        reports = reports.filter(status=status)
    elif status == "unassigned" and roles.is_admin(request.user):
        reports = reports.filter(agency__isnull=True)
    page = paginate(request, reports.order_by("created_at", "pk") if status == "queue" else reports, REPORTS_PER_PAGE)
    context = {"page": page, "status": status, "statuses": Status.choices, "is_admin": roles.is_admin(request.user)}
    return render(request, "citizen/moderation_queue.html", context)


ACTIONS = {"take", "publish", "reject", "answer", "close", "assign"}


@login_required
@require_http_methods(["GET", "POST"])
def moderation_detail(request: HttpRequest, report_id: int) -> HttpResponse:
    # One report with the reporter's contact (never public) and the moderation actions.
    report = get_report_for_moderator(request.user, report_id)
    reject_form = RejectForm()
    answer_form = AnswerForm(initial={"answer": report.answer})
    assign_form = AssignForm(initial={"agency": report.agency_id})

    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in ACTIONS:
            raise Http404
        try:
            if action == "take":
                services.citizen_report_take(user=request.user, report=report)
                messages.success(request, _("You are moderating this report now."))
            elif action == "publish":
                services.citizen_report_publish(user=request.user, report=report)
                messages.success(request, _("The report is published on the portal."))
            elif action == "reject":
                reject_form = RejectForm(request.POST)
                reject_form.is_valid()
                services.citizen_report_reject(
                    user=request.user, report=report, reason=reject_form.cleaned_data.get("reason", "")
                )
                messages.success(request, _("The report was rejected. The reporter sees the reason."))
            elif action == "answer":
                answer_form = AnswerForm(request.POST)
                answer_form.is_valid()
                services.citizen_report_answer(
                    user=request.user, report=report, answer=answer_form.cleaned_data.get("answer", "")
                )
                messages.success(request, _("The answer is published on the portal."))
            elif action == "close":
                services.citizen_report_close(user=request.user, report=report)
                messages.success(request, _("The report is closed."))
            else:
                assign_form = AssignForm(request.POST)
                if not assign_form.is_valid():
                    raise DomainError("agency_missing", _("Choose an OPD from the list."), field="agency")
                services.citizen_report_assign(
                    user=request.user, report=report, agency=assign_form.cleaned_data["agency"]
                )
                messages.success(request, _("The report was assigned to the OPD."))
        except DomainError as error:
            messages.error(request, error.message)
            report = get_report_for_moderator(request.user, report_id)
        else:
            return redirect("citizen:moderation_detail", report_id=report.pk)

    context = {
        "report": report,
        "photos": list(report.photos.all()),
        "reject_form": reject_form,
        "answer_form": answer_form,
        "assign_form": assign_form,
        "is_admin": roles.is_admin(request.user),
        "can_answer": report.status in (Status.RECEIVED, Status.IN_MODERATION, Status.PUBLISHED, Status.ANSWERED),
    }
    return render(request, "citizen/moderation_detail.html", context)
