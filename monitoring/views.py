"""Screens of the village monitoring flow (/pantau/) and of the finding follow-up between OPD and village."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import roles
from core.errors import DomainError
from evidence.forms import device_position, photo_positions
from monitoring import followup, selectors, services
from monitoring.access import get_finding_for_user, get_report_for_user
from monitoring.forms import (
    SEVERITY_CHOICES,
    CloseUnfixedForm,
    ContestForm,
    ReportForm,
    ResponseForm,
    WithdrawForm,
    finding_rows,
)
from monitoring.models import Finding, FindingState, MonitoringReport, ResponseAction, ReviewKind, new_client_id
from projects.access import get_project_for_user

# Blank finding rows the form offers without JavaScript; the script hides the unused ones behind a button.
BLANK_FINDING_ROWS = 3
FINDINGS_PER_PAGE = 50


def _is_report_village(user, report: MonitoringReport) -> bool:
    return roles.is_village_user(user) and report.village_id == user.village_id


def _may_respond(user, agency_id: int) -> bool:
    return roles.is_admin(user) or (roles.is_agency_user(user) and user.agency_id == agency_id)


def _errors_by_field(error: DomainError) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for item in getattr(error, "errors", [error]):
        errors.setdefault(item.field or "general", []).append(item.message)
    return errors


@login_required
def village_home(request: HttpRequest) -> HttpResponse:
    # The village's own landing page: its projects and what it reported lately.
    if not roles.is_village_user(request.user):
        raise PermissionDenied

    projects = selectors.village_projects(request.user)
    reports = selectors.recent_reports(request.user)

    return render(
        request,
        "monitoring/village_home.html",
        {"village": request.user.village, "projects": projects, "reports": reports},
    )


def _render_report_form(
    request: HttpRequest, project, form: ReportForm, *, client_id, findings=(), errors=None, photos_lost=False
) -> HttpResponse:
    rows = list(findings) + [None] * max(BLANK_FINDING_ROWS - len(findings), 1)
    today = services.jakarta_today()
    contract_start = project.start_date or project.contract_date
    # The browser's date picker offers only the dates the service accepts.
    form.fields["visit_date"].widget.attrs["max"] = today.isoformat()
    if contract_start is not None:
        form.fields["visit_date"].widget.attrs["min"] = contract_start.isoformat()
    return render(
        request,
        "monitoring/report_form.html",
        {
            "project": project,
            "form": form,
            "client_id": client_id,
            "finding_rows": rows,
            "severity_choices": SEVERITY_CHOICES,
            "errors": errors or {},
            "photos_lost": photos_lost,
            "max_photos": settings.SIMPOR_MAX_PHOTOS_PER_REPORT,
            "max_photo_mb": settings.SIMPOR_MAX_PHOTO_BYTES // (1024 * 1024),
            "contract_start": contract_start,
        },
    )


@login_required
def report_create(request: HttpRequest, project_id: int) -> HttpResponse:
    # Only village governments report visits, and only on projects that lie in their own village.
    if not roles.can_submit_reports(request.user):
        raise PermissionDenied
    project = get_project_for_user(request.user, project_id)

    if request.method != "POST":
        form = ReportForm(initial={"visit_date": services.jakarta_today()})
        return _render_report_form(request, project, form, client_id=new_client_id())

    form = ReportForm(request.POST)
    photos = request.FILES.getlist("photos")
    findings = finding_rows(request.POST)
    errors: dict[str, list[str]] = {}
    if form.is_valid():
        position = device_position(request.POST, "")
        try:
            report, created = services.report_submit(
                user=request.user,
                project=project,
                client_id=form.cleaned_data["client_id"],
                visit_date=form.cleaned_data["visit_date"],
                observed_progress=form.cleaned_data["observed_progress"],
                checklist=form.checklist(),
                narrative=form.cleaned_data["narrative"],
                photos=photos,
                photo_positions=photo_positions(request.POST, len(photos)),
                latitude=position.latitude,
                longitude=position.longitude,
                location_accuracy=position.accuracy,
                findings=findings,
            )
        except DomainError as error:
            errors = _errors_by_field(error)
        else:
            if created:
                messages.success(request, _("Thank you. Your report was received and sent to the OPD."))
            else:
                messages.info(request, _("This report was already received earlier; it was not stored twice."))
            return redirect("monitoring:report_detail", report_id=report.pk)

    # Form fields show their own messages; photos, findings and the rest are shown by the template.
    for field, field_messages in list(errors.items()):
        if field in form.fields:
            for message in field_messages:
                form.add_error(field, message)
            del errors[field]
    # A refused or foreign submission id gets a fresh one, so that the corrected form can be sent.
    client_id = form.cleaned_data.get("client_id") if "client_id" not in form.errors else None
    return _render_report_form(
        request,
        project,
        form,
        client_id=client_id or new_client_id(),
        findings=findings,
        errors=errors,
        photos_lost=bool(photos),
    )


def _render_report_detail(
    request: HttpRequest,
    report: MonitoringReport,
    *,
    withdraw_form: WithdrawForm | None = None,
) -> HttpResponse:
    user = request.user
    findings = selectors.attach_timeline(list(selectors.report_findings(report)))
    is_owner = _is_report_village(user, report)
    return render(
        request,
        "monitoring/report_detail.html",
        {
            "report": report,
            "photos": list(selectors.report_photos(report)),
            "findings": findings,
            "is_owner": is_owner,
            "may_respond": _may_respond(user, report.project.agency_id),
            "withdraw_form": withdraw_form or WithdrawForm(),
            "response_form": ResponseForm(initial={"action": ResponseAction.ANSWER}),
            "contest_form": ContestForm(),
            "next_page": "report",
        },
    )


@login_required
def report_detail(request: HttpRequest, report_id: int) -> HttpResponse:
    report = get_report_for_user(request.user, report_id)
    return _render_report_detail(request, report)


@require_POST
@login_required
def report_withdraw(request: HttpRequest, report_id: int) -> HttpResponse:
    # Only the submitting village withdraws; everyone else who can see the report gets 403.
    report = get_report_for_user(request.user, report_id)
    if not _is_report_village(request.user, report):
        raise PermissionDenied

    form = WithdrawForm(request.POST)
    form.is_valid()
    try:
        services.report_withdraw(user=request.user, report=report, reason=form.cleaned_data.get("reason", ""))
    except DomainError as error:
        form.add_error("reason" if error.field == "reason" else None, error.message)
        return _render_report_detail(request, report, withdraw_form=form)

    messages.success(request, _("The report was withdrawn. It stays on record with your reason."))
    return redirect("monitoring:report_detail", report_id=report.pk)


@login_required
def finding_list(request: HttpRequest) -> HttpResponse:
    # OPD users see findings addressed to their agency, villages their own, leaders and DPRD all of them.
    state_filter = request.GET.get("state", "active")
    if state_filter not in selectors.FINDING_FILTERS:
        state_filter = "active"
    findings = selectors.finding_list(request.user, state_filter)
    page = Paginator(findings, FINDINGS_PER_PAGE).get_page(request.GET.get("page"))

    filters = [
        ("active", _("Needs action")),
        ("overdue", _("Overdue")),
        *[(state.value, state.label) for state in FindingState],
        ("all", _("All")),
    ]
    return render(
        request,
        "monitoring/finding_list.html",
        {"page": page, "findings": page.object_list, "state_filter": state_filter, "filters": filters},
    )


def _render_finding_detail(
    request: HttpRequest,
    finding: Finding,
    *,
    response_form: ResponseForm | None = None,
    contest_form: ContestForm | None = None,
    close_form: CloseUnfixedForm | None = None,
    response_photo_errors: list[str] | None = None,
) -> HttpResponse:
    user = request.user
    selectors.attach_timeline([finding])
    contests = sum(1 for review in finding.reviews.all() if review.kind == ReviewKind.CONTEST)
    may_admin_close = (
        roles.is_admin(user)
        and contests >= followup.ADMIN_CLOSE_MIN_CONTESTS
        and finding.state in followup.TRANSITIONS[followup.Event.ADMIN_CLOSE]
    )
    return render(
        request,
        "monitoring/finding_detail.html",
        {
            "finding": finding,
            "report": finding.report,
            "is_owner": _is_report_village(user, finding.report),
            "may_respond": _may_respond(user, finding.agency_id),
            "response_form": response_form or ResponseForm(initial={"action": ResponseAction.ANSWER}),
            "contest_form": contest_form or ContestForm(),
            "close_form": close_form or CloseUnfixedForm(),
            "may_admin_close": may_admin_close,
            "response_photo_errors": response_photo_errors or [],
            "next_page": "finding",
        },
    )


@login_required
def finding_detail(request: HttpRequest, finding_id: int) -> HttpResponse:
    finding = selectors.finding_with_history(request.user, finding_id)
    return _render_finding_detail(request, finding)


def _after_finding_change(request: HttpRequest, finding: Finding) -> HttpResponse:
    # Return to the page the form was on: the report (at the finding) or the finding itself.
    if request.POST.get("next") == "report":
        url = reverse("monitoring:report_detail", kwargs={"report_id": finding.report_id})
        return redirect(f"{url}#finding-{finding.pk}")
    return redirect("monitoring:finding_detail", finding_id=finding.pk)


@require_POST
@login_required
def finding_respond(request: HttpRequest, finding_id: int) -> HttpResponse:
    # Only the responsible OPD (or an administrator) answers; a village or a reader gets 403.
    finding = get_finding_for_user(request.user, finding_id)
    if not _may_respond(request.user, finding.agency_id):
        raise PermissionDenied

    form = ResponseForm(request.POST)
    form.is_valid()
    photos = request.FILES.getlist("photos")
    try:
        services.finding_respond(
            user=request.user,
            finding=finding,
            action=form.cleaned_data.get("action", ""),
            message=form.cleaned_data.get("message", ""),
            photos=photos,
            positions=photo_positions(request.POST, len(photos)),
        )
    except DomainError as error:
        photo_errors = [error.message] if error.field == "photos" else []
        if not photo_errors:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        finding = selectors.finding_with_history(request.user, finding_id)
        return _render_finding_detail(request, finding, response_form=form, response_photo_errors=photo_errors)

    if finding.state == FindingState.REJECTED:
        messages.success(request, _("The finding was rejected. The village sees your reason and may contest it."))
    elif finding.state == FindingState.CLOSED_UNFIXED:
        messages.success(
            request, _("The finding was closed without a fix. The village sees your reason and may contest it.")
        )
    else:
        messages.success(request, _("Your follow-up was saved. The village will confirm or contest it."))
    return _after_finding_change(request, finding)


@require_POST
@login_required
def finding_confirm(request: HttpRequest, finding_id: int) -> HttpResponse:
    # Only the village whose report raised the finding judges the OPD's answer.
    finding = get_finding_for_user(request.user, finding_id)
    if not _is_report_village(request.user, finding.report):
        raise PermissionDenied

    try:
        services.finding_confirm(user=request.user, finding=finding)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The finding is confirmed as resolved."))
    return _after_finding_change(request, finding)


@require_POST
@login_required
def finding_contest(request: HttpRequest, finding_id: int) -> HttpResponse:
    finding = get_finding_for_user(request.user, finding_id)
    if not _is_report_village(request.user, finding.report):
        raise PermissionDenied

    form = ContestForm(request.POST)
    form.is_valid()
    try:
        services.finding_contest(user=request.user, finding=finding, reason=form.cleaned_data.get("reason", ""))
    except DomainError as error:
        form.add_error("reason" if error.field == "reason" else None, error.message)
        finding = selectors.finding_with_history(request.user, finding_id)
        return _render_finding_detail(request, finding, contest_form=form)

    messages.success(request, _("The finding is open again. The OPD sees your reason."))
    return _after_finding_change(request, finding)


@require_POST
@login_required
def finding_close_unfixed(request: HttpRequest, finding_id: int) -> HttpResponse:
    # Only an administrator ends a finding the village keeps contesting; everyone else gets 403.
    finding = get_finding_for_user(request.user, finding_id)
    if not roles.is_admin(request.user):
        raise PermissionDenied

    form = CloseUnfixedForm(request.POST)
    form.is_valid()
    try:
        services.finding_close_unfixed(user=request.user, finding=finding, reason=form.cleaned_data.get("reason", ""))
    except DomainError as error:
        form.add_error("reason" if error.field == "reason" else None, error.message)
        finding = selectors.finding_with_history(request.user, finding_id)
        return _render_finding_detail(request, finding, close_form=form)

    messages.success(request, _("The finding was closed without a fix. It does not count as fixed."))
    return redirect("monitoring:finding_detail", finding_id=finding.pk)
