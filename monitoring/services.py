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
from django.utils.translation import ngettext

from accounts import roles
from audit import services as audit
from core.errors import DomainError
from earlywarning.hooks import refresh_after_commit
from evidence.services import DevicePosition, photos_prepare, photos_store
from monitoring import followup, notices
from monitoring.models import (
    CHECKLIST_FIELDS,
    OPD_RESPONSE_ACTIONS,
    EscalationLevel,
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
            if finding_inputs:
                notices.findings_raised(report)
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
# Who may trigger which event is checked here; which state an event may leave is monitoring.followup.TRANSITIONS.


def _check_report_active(finding: Finding) -> None:
    if finding.report.status == ReportStatus.WITHDRAWN:
        raise DomainError(
            "report_withdrawn",
            _("The report that raised this finding was withdrawn, so the finding needs no further action."),
        )


def _check_finding_agency(user, finding: Finding, *, admin_allowed: bool = True) -> None:
    is_own_agency = roles.is_agency_user(user) and user.agency_id == finding.agency_id
    if is_own_agency or (admin_allowed and roles.is_admin(user)):
        return
    if admin_allowed:
        text = _("Only the OPD responsible for this finding, or an administrator, can respond to it.")
    else:
        text = _("Only the OPD responsible for this finding can state that it cannot be followed up.")
    raise DomainError("not_finding_agency", text)


def _check_photos(photos: Sequence) -> list:
    if len(photos) > settings.SIMPOR_MAX_PHOTOS_PER_REPORT:
        raise DomainError(
            "photos_too_many",
            _("%(count)s photos were attached; a response takes at most %(limit)s. Choose fewer photos.")
            % {"count": len(photos), "limit": settings.SIMPOR_MAX_PHOTOS_PER_REPORT},
            field="photos",
        )
    return photos_prepare(photos)


def _move(user, finding: Finding, target: str, summary: str, **fields) -> None:
    """Save ``finding`` in state ``target`` with ``fields`` and record the change in the audit log."""
    before = audit.snapshot(finding)
    finding.state = target
    for name, value in fields.items():
        setattr(finding, name, value)
    finding.save(update_fields=["state", *fields, "updated_at"])
    audit.record(actor=user, action="update", instance=finding, before=before, summary=summary)


def finding_respond(
    *,
    user,
    finding: Finding,
    action: str,
    message: str,
    photos: Sequence = (),
    positions: Sequence[DevicePosition] = (),
) -> Response:
    """Record an OPD's follow-up (tindak lanjut): answer the finding, reject it, or state it cannot be fixed.

    Answer and reject may come from the responsible OPD or an administrator acting for it; "cannot be followed
    up" only from the OPD itself. A rejection and a closure without a fix need the reason in ``message``.
    """
    if action not in OPD_RESPONSE_ACTIONS:
        raise DomainError(
            "response_action_invalid",
            _("Choose whether to answer the finding, reject it, or close it as impossible to follow up."),
            field="action",
        )
    _check_finding_agency(user, finding, admin_allowed=action != ResponseAction.CANNOT_FIX)
    _check_report_active(finding)
    if finding.state == FindingState.RESOLVED:
        raise DomainError(
            "finding_already_resolved",
            _("The village confirmed this finding as resolved, so it cannot be answered again."),
        )
    target = followup.next_state(followup.Event(action), finding.state)
    message = (message or "").strip()
    if not message:
        if action == ResponseAction.REJECT:
            text = _("Give the reason for rejecting the finding, so the village can judge it.")
        elif action == ResponseAction.CANNOT_FIX:
            text = _("Give the reason why the finding cannot be followed up, so the village can judge it.")
        else:
            text = _("Describe the follow-up that was done or is planned.")
        raise DomainError("response_message_missing", text, field="message")
    prepared = _check_photos(photos)

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
        closed = {"closed_at": timezone.now()}
        if action == ResponseAction.REJECT:
            fields = {"rejection_reason": message, "closure_reason": "", **closed}
        elif action == ResponseAction.CANNOT_FIX:
            fields = {"rejection_reason": "", "closure_reason": message, **closed}
        else:
            fields = {"rejection_reason": "", "closure_reason": "", "closed_at": None}
        _move(user, finding, target, f"finding {target}", **fields)
        notices.response_sent(response)
    return response


def finding_close_unfixed(*, user, finding: Finding, reason: str) -> Response:
    """Close, as an administrator, a finding the village contested more than once, without a fix.

    Ends a finding that goes back and forth between the OPD and the village. It counts as not fixed and the
    village may still contest it, which opens it again.
    """
    if not roles.is_admin(user):
        raise DomainError("not_admin", _("Only an administrator can close a disputed finding without a fix."))
    _check_report_active(finding)
    target = followup.next_state(followup.Event.ADMIN_CLOSE, finding.state)
    contests = finding.reviews.filter(kind=ReviewKind.CONTEST).count()
    if contests < followup.ADMIN_CLOSE_MIN_CONTESTS:
        raise DomainError(
            "finding_not_disputed",
            ngettext(
                "The village contested this finding %(count)s time. An administrator can close a finding without "
                "a fix only after %(minimum)s contests; until then the OPD must answer it.",
                "The village contested this finding %(count)s times. An administrator can close a finding without "
                "a fix only after %(minimum)s contests; until then the OPD must answer it.",
                contests,
            )
            % {"count": contests, "minimum": followup.ADMIN_CLOSE_MIN_CONTESTS},
        )
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(
            "closure_reason_missing",
            _("Give the reason for closing the finding without a fix."),
            field="reason",
        )

    with transaction.atomic():
        response = Response.objects.create(
            finding=finding, agency_id=finding.agency_id, author=user, action=ResponseAction.ADMIN_CLOSE, message=reason
        )
        audit.record(actor=user, action="create", instance=response, summary="finding closed by administrator")
        _move(
            user,
            finding,
            target,
            "finding closed without a fix",
            rejection_reason="",
            closure_reason=reason,
            closed_at=timezone.now(),
        )
        notices.response_sent(response)
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
    target = followup.next_state(followup.Event.CONFIRM, finding.state)

    with transaction.atomic():
        review = FindingReview.objects.create(finding=finding, kind=ReviewKind.CONFIRM, author=user)
        audit.record(actor=user, action="create", instance=review, summary="finding confirmed")
        _move(user, finding, target, "finding resolved", closed_at=timezone.now())
        notices.review_sent(review)
    return review


def finding_contest(*, user, finding: Finding, reason: str) -> FindingReview:
    """Contest, as the reporting village, the OPD's answer, rejection or closure; the finding is open again."""
    _check_reporting_village(user, finding)
    _check_report_active(finding)
    if finding.state not in followup.TRANSITIONS[followup.Event.CONTEST]:
        raise DomainError(
            "finding_not_contestable",
            _("Only an answered, rejected or closed finding can be contested. This one is “%(state)s”.")
            % {"state": finding.get_state_display()},
        )
    target = followup.next_state(followup.Event.CONTEST, finding.state)
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
        _move(user, finding, target, "finding contested", rejection_reason="", closure_reason="", closed_at=None)
        notices.review_sent(review)
    return review


# Overdue findings --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Escalation:
    """A finding moved to a higher escalation level by findings_escalate."""

    finding_id: int
    level: int


def findings_escalate(*, today: datetime.date | None = None) -> list[Escalation]:
    """Escalate overdue findings: to the OPD head on the first overdue day, to the leaders some days later.

    Each level is reached once per finding and stored with its time, so a second run on the same day changes
    nothing and sends nothing. A finding whose OPD answers later keeps its level.
    """
    today = today or jakarta_today()
    overdue = (
        Finding.objects.filter(
            state=FindingState.OPEN,
            report__status=ReportStatus.SUBMITTED,
            due_date__lt=today,
            escalation_level__lt=EscalationLevel.LEADERS,
        )
        .select_related("report__village", "project", "agency")
        .order_by("pk")
    )
    escalations = []
    for finding in overdue:
        head_escalated_on = (
            timezone.localtime(finding.escalated_at, JAKARTA).date()
            if finding.escalation_level >= EscalationLevel.AGENCY_HEAD and finding.escalated_at
            else None
        )
        level = followup.escalation_due(finding, today, head_escalated_on)
        if level <= finding.escalation_level:
            continue
        # The time of day now, on the job's date: the same as now in a normal run, the given day with --date.
        escalated_at = datetime.datetime.combine(today, timezone.localtime(timezone.now(), JAKARTA).timetz())
        with transaction.atomic():
            Finding.objects.filter(pk=finding.pk).update(escalation_level=level, escalated_at=escalated_at)
            finding.escalation_level = level
            notices.finding_overdue(finding, level=level, today=today)
        escalations.append(Escalation(finding.pk, level))
        logger.info("Finding %s escalated to level %s", finding.pk, level)
    return escalations
