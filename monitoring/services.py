"""State changes of monitoring: a village submits or withdraws a report, an OPD answers a finding (tindak lanjut),
and the reporting village confirms or contests the answer."""

from __future__ import annotations

import datetime
import logging
import uuid
import zoneinfo
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from accounts import roles
from audit import services as audit
from core.errors import DomainError
from earlywarning.hooks import refresh_after_commit
from evidence.services import DevicePosition, photos_prepare, photos_store
from monitoring.models import (
    CHECKLIST_FIELDS,
    Finding,
    FindingReview,
    FindingState,
    MonitoringReport,
    ReportStatus,
    Response,
    ResponseAction,
    ReviewKind,
    Severity,
)
from projects.models import Project

logger = logging.getLogger(__name__)

JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")
HUNDRED = Decimal("100")


class ReportInvalid(DomainError):
    """Every rule a report submission broke, in form order. ``code``, ``message`` and ``field`` are the first's."""

    def __init__(self, errors: list[DomainError]):
        first = errors[0]
        super().__init__(first.code, first.message, field=first.field)
        self.errors = errors


@dataclass
class FindingInput:
    """One finding (temuan) as the village wrote it on the form."""

    description: str
    severity: str


def jakarta_today() -> datetime.date:
    """Return today's date in Belitung Timur (Asia/Jakarta), whatever the server's time zone."""
    return timezone.now().astimezone(JAKARTA).date()


def _format_date(value: datetime.date) -> str:
    return date_format(value, "DATE_FORMAT")


# Report submission -------------------------------------------------------------------------------------------


def _check_reporter(user, project: Project) -> None:
    if not roles.can_submit_reports(user):
        raise DomainError("not_village_user", _("Only a village government account can submit monitoring reports."))
    if not project.villages.filter(pk=user.village_id).exists():
        raise DomainError(
            "project_not_in_village",
            _("This project does not lie in your village. Choose a project of your own village."),
        )


def _check_visit_date(project: Project, visit_date: datetime.date | None) -> DomainError | None:
    if visit_date is None:
        return DomainError("visit_date_missing", _("Enter the visit date."), field="visit_date")
    today = jakarta_today()
    if visit_date > today:
        return DomainError(
            "visit_date_future",
            _("The visit date %(date)s is in the future. Enter the day you visited the site, today at the latest.")
            % {"date": _format_date(visit_date)},
            field="visit_date",
        )
    # A project without a start or contract date (still being tendered) may be visited: only the future check applies.
    contract_start = project.start_date or project.contract_date
    if contract_start is not None and visit_date < contract_start:
        return DomainError(
            "visit_date_before_contract",
            _(
                "The visit date %(date)s is before the contract started on %(start)s. "
                "Enter a visit date on or after %(start)s."
            )
            % {"date": _format_date(visit_date), "start": _format_date(contract_start)},
            field="visit_date",
        )
    return None


def _check_progress(value) -> tuple[Decimal | None, DomainError | None]:
    try:
        number = Decimal(str(value)) if value is not None and value != "" else None
    except (InvalidOperation, ValueError):
        number = None
    if number is None or not number.is_finite():
        return None, DomainError(
            "observed_progress_invalid",
            _("Enter the observed physical progress as a number from 0 to 100."),
            field="observed_progress",
        )
    if number < 0 or number > HUNDRED:
        return None, DomainError(
            "observed_progress_out_of_range",
            _("The observed physical progress must be from 0 to 100 percent; %(value)s was entered. Correct it.")
            % {"value": number_format(number)},
            field="observed_progress",
        )
    return number.quantize(Decimal("0.01")), None


def _check_checklist(checklist: Mapping[str, bool | None]) -> list[DomainError]:
    errors = []
    for name in CHECKLIST_FIELDS:
        if checklist.get(name) not in (True, False):
            label = MonitoringReport._meta.get_field(name).verbose_name
            errors.append(
                DomainError(
                    "checklist_unanswered",
                    _("Answer “%(question)s” with yes or no.") % {"question": label},
                    field=name,
                )
            )
    return errors


def _check_photo_count(photos: Sequence) -> DomainError | None:
    limit = settings.SIMPOR_MAX_PHOTOS_PER_REPORT
    if not photos:
        return DomainError(
            "photos_missing",
            _("Attach at least one photo of the site taken during the visit."),
            field="photos",
        )
    if len(photos) > limit:
        return DomainError(
            "photos_too_many",
            _("%(count)s photos were attached; a report takes at most %(limit)s. Choose fewer photos.")
            % {"count": len(photos), "limit": limit},
            field="photos",
        )
    return None


def _check_findings(findings: Sequence[FindingInput | tuple[str, str]]) -> tuple[list[FindingInput], list]:
    checked, errors = [], []
    valid_severities = set(Severity.values)
    for number, item in enumerate(findings, start=1):
        finding = item if isinstance(item, FindingInput) else FindingInput(*item)
        description = (finding.description or "").strip()
        if not description:
            errors.append(
                DomainError(
                    "finding_description_missing",
                    _("Finding %(number)s has no description. Describe the problem or remove the finding.")
                    % {"number": number},
                    field="findings",
                )
            )
        if finding.severity not in valid_severities:
            errors.append(
                DomainError(
                    "finding_severity_invalid",
                    _("Finding %(number)s has no valid severity. Choose low, medium or high.") % {"number": number},
                    field="findings",
                )
            )
        checked.append(FindingInput(description, finding.severity))
    return checked, errors


def _check_position(latitude, longitude, accuracy) -> DomainError | None:
    # The browser fills these; a value out of range means a broken client, not a mistake the user can fix.
    if (latitude is None) != (longitude is None):
        return DomainError("position_incomplete", _("The device position is incomplete."), field="position")
    if latitude is not None and not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return DomainError("position_invalid", _("The device position is out of range."), field="position")
    if accuracy is not None and accuracy < 0:
        return DomainError("position_invalid", _("The device position is out of range."), field="position")
    return None


def _existing_submission(user, client_id: uuid.UUID) -> MonitoringReport | None:
    report = MonitoringReport.objects.filter(client_id=client_id).first()
    if report is not None and report.reporter_id != user.pk:
        raise DomainError(
            "client_id_taken",
            _("This submission id belongs to another account. Reload the form and submit it again."),
            field="client_id",
        )
    return report


def report_submit(
    *,
    user,
    project: Project,
    client_id: uuid.UUID,
    visit_date: datetime.date | None,
    observed_progress: Decimal | str | None,
    checklist: Mapping[str, bool | None],
    narrative: str,
    photos: Sequence,
    photo_positions: Sequence[DevicePosition] = (),
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    location_accuracy: Decimal | None = None,
    findings: Sequence[FindingInput | tuple[str, str]] = (),
) -> tuple[MonitoringReport, bool]:
    """Store a village's visit report with its photos and findings; return (report, created).

    A repeat with a ``client_id`` this user already submitted returns the stored report with created=False and
    stores nothing, because a phone on a flaky connection retries the same form. Every rule is checked, every
    photo included, before anything is written; broken rules raise ReportInvalid listing all of them.
    """
    existing = _existing_submission(user, client_id)
    if existing is not None:
        return existing, False
    _check_reporter(user, project)

    errors: list[DomainError] = []
    if error := _check_visit_date(project, visit_date):
        errors.append(error)
    progress, error = _check_progress(observed_progress)
    if error:
        errors.append(error)
    errors.extend(_check_checklist(checklist))
    narrative = (narrative or "").strip()
    if not narrative:
        errors.append(
            DomainError(
                "narrative_missing",
                _("Describe what you saw on the site in the narrative."),
                field="narrative",
            )
        )
    prepared = []
    if error := _check_photo_count(photos):
        errors.append(error)
    else:
        try:
            prepared = photos_prepare(photos)
        except DomainError as photo_error:
            errors.append(photo_error)
    finding_inputs, finding_errors = _check_findings(findings)
    errors.extend(finding_errors)
    if error := _check_position(latitude, longitude, location_accuracy):
        errors.append(error)
    if errors:
        raise ReportInvalid(errors)

    try:
        with transaction.atomic():
            report = MonitoringReport.objects.create(
                client_id=client_id,
                project=project,
                village_id=user.village_id,
                reporter=user,
                visit_date=visit_date,
                observed_progress=progress,
                narrative=narrative,
                latitude=latitude,
                longitude=longitude,
                location_accuracy=location_accuracy,
                **{name: checklist[name] for name in CHECKLIST_FIELDS},
            )
            audit.record(actor=user, action="create", instance=report, summary="monitoring report submitted")
            for finding_input in finding_inputs:
                finding = Finding.objects.create(
                    report=report,
                    project=project,
                    agency_id=project.agency_id,
                    description=finding_input.description,
                    severity=finding_input.severity,
                )
                audit.record(actor=user, action="create", instance=finding, summary="finding raised")
            photos_store(
                prepared=prepared, project=project, uploaded_by=user, report=report, positions=list(photo_positions)
            )
            refresh_after_commit(project.pk)
    except IntegrityError:
        # Two copies of the same submission arrived at once and the other one committed first.
        existing = _existing_submission(user, client_id)
        if existing is None:
            raise
        logger.info("Duplicate submission %s by user %s arrived concurrently", client_id, user.pk)
        return existing, False

    logger.info("Report %s submitted by user %s for project %s", report.pk, user.pk, project.pk)
    return report, True


def report_withdraw(*, user, report: MonitoringReport, reason: str) -> MonitoringReport:
    """Mark a report withdrawn with the village's reason. Nothing is deleted: the report stays readable."""
    if not (roles.is_village_user(user) and report.village_id == user.village_id):
        raise DomainError("not_report_village", _("Only the village that submitted this report can withdraw it."))
    if report.status == ReportStatus.WITHDRAWN:
        raise DomainError("report_already_withdrawn", _("This report was already withdrawn."))
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(
            "withdraw_reason_missing",
            _("Give the reason for withdrawing the report, for example a wrong project or wrong photos."),
            field="reason",
        )

    with transaction.atomic():
        before = audit.snapshot(report)
        report.status = ReportStatus.WITHDRAWN
        report.withdrawn_reason = reason
        report.withdrawn_at = timezone.now()
        report.save(update_fields=["status", "withdrawn_reason", "withdrawn_at"])
        audit.record(actor=user, action="withdraw", instance=report, before=before, summary="report withdrawn")
        refresh_after_commit(report.project_id)
    return report


# Finding follow-up -------------------------------------------------------------------------------------------


def _check_report_active(finding: Finding) -> None:
    if finding.report.status == ReportStatus.WITHDRAWN:
        raise DomainError(
            "report_withdrawn",
            _("The report that raised this finding was withdrawn, so the finding needs no further action."),
        )


def finding_respond(
    *,
    user,
    finding: Finding,
    action: str,
    message: str,
    photos: Sequence = (),
    positions: Sequence[DevicePosition] = (),
) -> Response:
    """Record an OPD's follow-up (tindak lanjut): answer the finding, or reject it with a reason."""
    if not roles.can_respond_to_findings(user) or (not roles.is_admin(user) and user.agency_id != finding.agency_id):
        raise DomainError(
            "not_finding_agency",
            _("Only the OPD responsible for this finding, or an administrator, can respond to it."),
        )
    _check_report_active(finding)
    if finding.state == FindingState.RESOLVED:
        raise DomainError(
            "finding_already_resolved",
            _("The village confirmed this finding as resolved, so it cannot be answered again."),
        )
    if action not in ResponseAction.values:
        raise DomainError(
            "response_action_invalid", _("Choose whether to answer or reject the finding."), field="action"
        )
    message = (message or "").strip()
    if not message:
        if action == ResponseAction.REJECT:
            text = _("Give the reason for rejecting the finding, so the village can judge it.")
        else:
            text = _("Describe the follow-up that was done or is planned.")
        raise DomainError("response_message_missing", text, field="message")
    if len(photos) > settings.SIMPOR_MAX_PHOTOS_PER_REPORT:
        raise DomainError(
            "photos_too_many",
            _("%(count)s photos were attached; a response takes at most %(limit)s. Choose fewer photos.")
            % {"count": len(photos), "limit": settings.SIMPOR_MAX_PHOTOS_PER_REPORT},
            field="photos",
        )
    prepared = photos_prepare(photos)

    with transaction.atomic():
        response = Response.objects.create(
            finding=finding, agency_id=finding.agency_id, author=user, action=action, message=message
        )
        audit.record(actor=user, action="create", instance=response, summary=f"finding {action}")
        if prepared:
            photos_store(
                prepared=prepared,
                project=finding.project,
                uploaded_by=user,
                response=response,
                positions=list(positions),
            )

        before = audit.snapshot(finding)
        if action == ResponseAction.REJECT:
            finding.state = FindingState.REJECTED
            finding.rejection_reason = message
            finding.closed_at = timezone.now()
        else:
            finding.state = FindingState.ANSWERED
            finding.rejection_reason = ""
            finding.closed_at = None
        finding.save(update_fields=["state", "rejection_reason", "closed_at", "updated_at"])
        audit.record(actor=user, action="update", instance=finding, before=before, summary=f"finding {finding.state}")
    return response


def _check_reporting_village(user, finding: Finding) -> None:
    if not (roles.is_village_user(user) and finding.report.village_id == user.village_id):
        raise DomainError(
            "not_finding_village",
            _("Only the village whose report raised this finding can confirm or contest the answer."),
        )


def finding_confirm(*, user, finding: Finding) -> FindingReview:
    """Confirm, as the reporting village, that the OPD's answer fixed the finding; the finding becomes resolved."""
    _check_reporting_village(user, finding)
    _check_report_active(finding)
    if finding.state != FindingState.ANSWERED:
        raise DomainError(
            "finding_not_answered",
            _("Only a finding the OPD has answered can be confirmed as resolved. This one is “%(state)s”.")
            % {"state": finding.get_state_display()},
        )

    with transaction.atomic():
        review = FindingReview.objects.create(finding=finding, kind=ReviewKind.CONFIRM, author=user)
        audit.record(actor=user, action="create", instance=review, summary="finding confirmed")
        before = audit.snapshot(finding)
        finding.state = FindingState.RESOLVED
        finding.closed_at = timezone.now()
        finding.save(update_fields=["state", "closed_at", "updated_at"])
        audit.record(actor=user, action="update", instance=finding, before=before, summary="finding resolved")
    return review


def finding_contest(*, user, finding: Finding, reason: str) -> FindingReview:
    """Contest, as the reporting village, the OPD's answer or rejection; the finding is open again."""
    _check_reporting_village(user, finding)
    _check_report_active(finding)
    if finding.state not in (FindingState.ANSWERED, FindingState.REJECTED):
        raise DomainError(
            "finding_not_contestable",
            _("Only an answered or rejected finding can be contested. This one is “%(state)s”.")
            % {"state": finding.get_state_display()},
        )
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(
            "contest_reason_missing",
            _("Give the reason for contesting, for example what is still wrong on the site."),
            field="reason",
        )

    with transaction.atomic():
        review = FindingReview.objects.create(finding=finding, kind=ReviewKind.CONTEST, reason=reason, author=user)
        audit.record(actor=user, action="create", instance=review, summary="finding contested")
        before = audit.snapshot(finding)
        finding.state = FindingState.OPEN
        finding.rejection_reason = ""
        finding.closed_at = None
        finding.save(update_fields=["state", "rejection_reason", "closed_at", "updated_at"])
        audit.record(actor=user, action="update", instance=finding, before=before, summary="finding contested")
    return review
