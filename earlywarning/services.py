"""Applying the early-warning rules to stored projects."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from audit import services as audit
from core.errors import DomainError
from core.formatting import format_percent
from earlywarning.hooks import refresh_after_commit
from earlywarning.models import (
    DelayCause,
    DelayRecord,
    MeetingOutcome,
    MeetingStage,
    ProjectAssessment,
    ShowCauseMeeting,
)
from earlywarning.rules import HUNDRED, TWO_PLACES, Assessment, ContractFacts, Observation, Status, Thresholds, assess
from earlywarning.schedule import MAX_WEEKS, PlannedWeek
from earlywarning.schedule import week_end as schedule_week_end
from monitoring.models import MonitoringReport, ReportStatus
from projects.access import can_edit_project
from projects.fiscal import local_today
from projects.models import ProgressUpdate, Project, ProjectStatus, ScheduleEntry
from projects.services import schedule_write, validate_percent

logger = logging.getLogger(__name__)


def thresholds() -> Thresholds:
    """Return the thresholds configured in settings.SIMPOR_EARLY_WARNING over the regulation's defaults."""
    return Thresholds.from_settings(getattr(settings, "SIMPOR_EARLY_WARNING", {}))


def project_facts(project: Project, today: datetime.date) -> ContractFacts:
    """Load what the rules need about one project: its kurva S, the OPD's updates and the villages' visits."""
    schedule = [
        Observation(date, percent) for date, percent in project.schedule.values_list("week_end", "planned_percent")
    ]
    updates = list(
        ProgressUpdate.objects.filter(project=project, date__lte=today)
        .order_by("date", "id")
        .values_list("date", "physical_percent", "financial_percent")
    )
    # Several updates on one day: the last one entered counts.
    by_date = {date: (physical, financial) for date, physical, financial in updates}
    actual = [Observation(date, physical) for date, (physical, _) in sorted(by_date.items())]
    financial = by_date[max(by_date)][1] if by_date else None
    visits = (
        MonitoringReport.objects.filter(project=project, status=ReportStatus.SUBMITTED, visit_date__lte=today)
        .order_by("visit_date", "id")
        .values_list("visit_date", "observed_progress")
    )
    return ContractFacts(
        today=today,
        fiscal_year=project.fiscal_year,
        start_date=project.start_date,
        planned_end_date=project.planned_end_date,
        schedule=schedule,
        actual=actual,
        financial_percent=financial,
        village_observed=[Observation(date, percent) for date, percent in visits],
        handed_over=project.status in (ProjectStatus.PHO, ProjectStatus.FHO),
    )


def _stored_values(result: Assessment) -> dict:
    observed = result.village_observation
    return {
        "status": result.status.value,
        "planned_percent": result.planned,
        "actual_percent": result.actual,
        "deviation": result.deviation,
        "as_of": result.as_of,
        "period_two": result.period_two,
        "critical_reasons": list(result.critical_reasons),
        "stale": result.stale,
        "days_since_update": result.days_since_update,
        "forecast_date": None if result.forecast_date in (None, datetime.date.max) else result.forecast_date,
        "forecast_never": result.forecast_date == datetime.date.max,
        "past_contract_end": result.past_contract_end,
        "past_fiscal_year": result.past_fiscal_year,
        "paid_ahead": result.paid_ahead,
        "discrepancy": result.discrepancy,
        "discrepancy_flag": result.discrepancy_flag,
        "village_observed_percent": observed.percent if observed else None,
        "village_observed_date": observed.date if observed else None,
    }


@dataclass(frozen=True)
class StatusChange:
    """A project whose status changed in a refresh; ``previous`` is None for a first assessment."""

    project_id: int
    previous: str | None
    current: str


def assessment_refresh(*, project: Project, today: datetime.date | None = None) -> StatusChange | None:
    """Judge one project and store the result; return the change of status, or None when it stayed the same.

    Terminated projects are not judged and lose any stored assessment.
    """
    today = today or local_today()
    with transaction.atomic():
        existing = ProjectAssessment.objects.select_for_update().filter(project=project).first()
        if project.status == ProjectStatus.TERMINATED:
            if existing is not None:
                existing.delete()
            return None
        values = _stored_values(assess(project_facts(project, today), thresholds()))
        previous = existing.status if existing is not None else None
        first_critical_on = existing.first_critical_on if existing is not None else None
        if first_critical_on is None and values["status"] == Status.CRITICAL:
            first_critical_on = today
        values["first_critical_on"] = first_critical_on
        ProjectAssessment.objects.update_or_create(project=project, defaults={**values, "computed_at": timezone.now()})
    if previous == values["status"]:
        return None
    return StatusChange(project_id=project.pk, previous=previous, current=values["status"])


def assessments_refresh_all(*, today: datetime.date | None = None) -> list[StatusChange]:
    """Judge every project of the fiscal years still running and return the status changes.

    Idempotent: a second run on the same day finds no change.
    """
    today = today or local_today()
    changes = []
    projects = Project.objects.filter(fiscal_year__gte=today.year - 1).order_by("pk")
    for project in projects.iterator(chunk_size=500):
        change = assessment_refresh(project=project, today=today)
        if change is not None:
            changes.append(change)
    return changes


# Kurva S ------------------------------------------------------------------------------------------------------


class ScheduleInvalid(DomainError):
    """Every rule a kurva S broke, in week order. ``code``, ``message`` and ``field`` are the first's."""

    def __init__(self, errors: list[DomainError]):
        first = errors[0]
        super().__init__(first.code, first.message, field=first.field)
        self.errors = errors


def _check_may_edit(user, project: Project, message: str) -> None:
    if not can_edit_project(user, project):
        raise DomainError("not_project_agency", message)


def _week_percent(week: int, value) -> tuple[Decimal | None, DomainError | None]:
    field = f"week_{week}"
    if value is None or str(value).strip() == "":
        return None, DomainError(
            "schedule_week_empty",
            _("Week %(week)s is empty. Enter its cumulative planned progress, from 0 to 100.") % {"week": week},
            field=field,
        )
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        return None, DomainError(
            "schedule_week_invalid",
            _("Week %(week)s: “%(value)s” is not a number. Enter a percentage from 0 to 100, for example 12,5.")
            % {"week": week, "value": value},
            field=field,
        )
    if number < 0 or number > HUNDRED:
        return None, DomainError(
            "schedule_week_out_of_range",
            _("Week %(week)s: %(value)s is outside 0 to 100. Enter a percentage from 0 to 100.")
            % {"week": week, "value": number_format(number)},
            field=field,
        )
    return number.quantize(TWO_PLACES, rounding=ROUND_HALF_UP), None


def schedule_check(entries: Sequence[tuple[int, object]], *, require_complete: bool = True) -> list[PlannedWeek]:
    """Return the entries as PlannedWeeks, or raise ScheduleInvalid listing every broken rule.

    Rules:
    - at least one week and at most MAX_WEEKS, numbered 1, 2, 3 without gaps;
    - each value from 0 to 100, and no week below the one before, because the plan is cumulative;
    - the last week at 100, unless ``require_complete`` is False.
    """
    if not entries:
        raise ScheduleInvalid(
            [DomainError("schedule_empty", _("Enter at least one week of the kurva S."), field="weeks")]
        )
    if len(entries) > MAX_WEEKS:
        raise ScheduleInvalid(
            [
                DomainError(
                    "schedule_too_long",
                    _("A kurva S has at most %(max)s weeks; %(count)s were entered.")
                    % {"max": MAX_WEEKS, "count": len(entries)},
                    field="weeks",
                )
            ]
        )

    errors: list[DomainError] = []
    planned: list[PlannedWeek] = []
    previous: PlannedWeek | None = None
    for expected, (week, value) in enumerate(entries, start=1):
        if week != expected:
            errors.append(
                DomainError(
                    "schedule_week_order",
                    _(
                        "Week %(week)s is out of place. The weeks run 1, 2, 3 without gaps, so week %(expected)s "
                        "comes here."
                    )
                    % {"week": week, "expected": expected},
                    field=f"week_{expected}",
                )
            )
            week = expected
        percent, error = _week_percent(week, value)
        if error is not None:
            errors.append(error)
            continue
        current = PlannedWeek(week, percent)
        if previous is not None and percent < previous.percent:
            errors.append(
                DomainError(
                    "schedule_decreasing",
                    _(
                        "Week %(week)s: %(percent)s is lower than %(previous)s in week %(previous_week)s. The kurva S "
                        "is cumulative, so enter at least %(previous)s."
                    )
                    % {
                        "week": week,
                        "percent": format_percent(percent),
                        "previous": format_percent(previous.percent),
                        "previous_week": previous.week,
                    },
                    field=f"week_{week}",
                )
            )
        planned.append(current)
        previous = current

    last = planned[-1] if planned else None
    if require_complete and last is not None and last.week == len(entries) and last.percent != HUNDRED:
        errors.append(
            DomainError(
                "schedule_incomplete",
                _(
                    "The last week (week %(week)s) plans %(percent)s. A complete kurva S ends at 100%%: enter 100 in "
                    "the last week, add the missing weeks, or mark the schedule as not yet complete."
                )
                % {"week": last.week, "percent": format_percent(last.percent)},
                field=f"week_{last.week}",
            )
        )
    if errors:
        raise ScheduleInvalid(errors)
    return planned


def planned_week_end(project: Project, week: int, *, is_last: bool) -> datetime.date:
    """Return the end of schedule week ``week``.

    A last week that the planned end date cuts short ends on that date. So a plan of 120 days reaches 100 % on
    its 120th day, not up to six days later.
    """
    end = schedule_week_end(project.start_date, week)
    planned_end = project.planned_end_date
    if is_last and planned_end is not None and schedule_week_end(project.start_date, week - 1) < planned_end < end:
        return planned_end
    return end


def schedule_replace(
    *,
    user,
    project: Project,
    entries: Sequence[tuple[int, object]],
    require_complete: bool = True,
    summary: str = "",
) -> list[ScheduleEntry]:
    """Replace the project's kurva S with ``entries``, (week, cumulative planned percent) pairs.

    Only the project's OPD or an administrator may do it. Week ends are dated from the SPMK start date (week 1
    ends on the sixth day after it), except that a last week cut short by the planned end date ends on it.
    Every rule of schedule_check is checked before anything is written, and broken rules raise ScheduleInvalid.
    The assessment is refreshed after the commit.
    """
    _check_may_edit(
        user, project, _("Only the OPD that owns this project, or an administrator, may change its kurva S.")
    )
    if project.start_date is None:
        raise DomainError(
            "schedule_no_start",
            _(
                "The project has no start date (SPMK), from which the weeks are dated. Record the start date "
                "through the project import first."
            ),
            field="weeks",
        )
    planned = schedule_check(entries, require_complete=require_complete)

    with transaction.atomic():
        locked = Project.objects.select_for_update().get(pk=project.pk)
        previous_weeks = locked.schedule.count()
        weeks = [
            (week.week, planned_week_end(locked, week.week, is_last=week is planned[-1]), week.percent)
            for week in planned
        ]
        note = summary or "kurva S entered"
        schedule_write(
            actor=user,
            project=locked,
            weeks=weeks,
            summary=f"{note}: {len(planned)} weeks (was {previous_weeks}), last week {planned[-1].percent}%",
        )
        created = list(locked.schedule.order_by("week"))
        refresh_after_commit(locked.pk)
    logger.info("Kurva S of project %s replaced by user %s: %s weeks", project.pk, user.pk, len(planned))
    return created


# Kontrak kritis: show-cause meetings and the cause of the delay ------------------------------------------------


def may_hold_show_cause(project: Project) -> bool:
    """Tell whether the project is, or once was, judged critical: only then are show-cause meetings held."""
    assessment = ProjectAssessment.objects.filter(project=project).first()
    if assessment is not None and (assessment.status == Status.CRITICAL or assessment.first_critical_on):
        return True
    return ShowCauseMeeting.objects.filter(project=project).exists()


def next_meeting_stage(project: Project) -> int | None:
    """Return the stage the next show-cause meeting would be, or None when no further meeting may follow.

    SCM I comes first; SCM II only after SCM I failed its target, SCM III only after SCM II failed.
    """
    latest = ShowCauseMeeting.objects.filter(project=project).order_by("-stage").first()
    if latest is None:
        return MeetingStage.SCM_1
    if latest.outcome != MeetingOutcome.NOT_MET or latest.stage >= MeetingStage.SCM_3:
        return None
    return latest.stage + 1


def _format_date(value: datetime.date) -> str:
    return date_format(value, "DATE_FORMAT")


def meeting_record(
    *,
    user,
    project: Project,
    stage: int,
    date: datetime.date,
    target_percent,
    test_period_end: datetime.date,
    notes: str = "",
) -> ShowCauseMeeting:
    """Record a show-cause meeting held on a critical contract, with the target agreed for its test period.

    Rules:
    - only the project's OPD or an administrator records it, and the project is or was judged critical;
    - stages come in order: SCM II only after SCM I ended with its target not met, SCM III likewise after SCM II;
    - the meeting date is not in the future and not before the previous meeting;
    - the test period ends after the meeting.
    """
    _check_may_edit(
        user, project, _("Only the OPD that owns this project, or an administrator, may record show-cause meetings.")
    )
    if not may_hold_show_cause(project):
        raise DomainError(
            "scm_not_critical",
            _(
                "Show-cause meetings are held only for critical contracts, and this project has never been judged "
                "critical."
            ),
        )
    expected = next_meeting_stage(project)
    if stage != expected:
        raise DomainError("scm_stage_order", _stage_order_message(project, stage, expected), field="stage")
    target = validate_percent(target_percent, field="target_percent", label=_("The agreed target"))

    if date > local_today():
        raise DomainError(
            "scm_date_future",
            _("The meeting date %(date)s is in the future. Record the meeting after it has been held.")
            % {"date": _format_date(date)},
            field="date",
        )
    previous = ShowCauseMeeting.objects.filter(project=project, stage=stage - 1).first()
    if previous is not None and date < previous.date:
        raise DomainError(
            "scm_date_before_previous",
            _("The meeting date %(date)s is before %(stage)s on %(previous)s. Enter the date this meeting was held.")
            % {
                "date": _format_date(date),
                "stage": previous.get_stage_display(),
                "previous": _format_date(previous.date),
            },
            field="date",
        )
    if test_period_end <= date:
        raise DomainError(
            "scm_test_period",
            _("The test period must end after the meeting on %(date)s. Enter the date the agreed target is due.")
            % {"date": _format_date(date)},
            field="test_period_end",
        )

    with transaction.atomic():
        meeting = ShowCauseMeeting.objects.create(
            project=project,
            stage=stage,
            date=date,
            target_percent=target,
            test_period_end=test_period_end,
            notes=(notes or "").strip(),
            created_by=user,
        )
        audit.record(actor=user, action="create", instance=meeting, summary=f"show-cause meeting {stage} recorded")
    return meeting


def _stage_order_message(project: Project, stage: int, expected: int | None) -> str:
    labels = dict(MeetingStage.choices)
    if stage not in labels:
        return _("Choose SCM I, SCM II or SCM III.")
    if expected is None:
        latest = ShowCauseMeeting.objects.filter(project=project).order_by("-stage").first()
        if latest.stage >= MeetingStage.SCM_3 and latest.outcome == MeetingOutcome.NOT_MET:
            return _("SCM III was the last show-cause meeting. The PPK decides on the contract now.")
        return _(
            "%(stage)s has no result yet, or its target was met. Record its outcome; a further meeting follows only "
            "when the target is not met."
        ) % {"stage": latest.get_stage_display()}
    return _("The next meeting for this project is %(expected)s, not %(stage)s.") % {
        "expected": labels[expected],
        "stage": labels[stage],
    }


def meeting_set_outcome(*, user, meeting: ShowCauseMeeting, outcome: str, notes: str = "") -> ShowCauseMeeting:
    """Record whether the contractor reached the target agreed in a show-cause meeting.

    The outcome can change until the next meeting is recorded, because that meeting rests on it.
    """
    project = meeting.project
    _check_may_edit(
        user, project, _("Only the OPD that owns this project, or an administrator, may record show-cause meetings.")
    )
    if outcome not in (MeetingOutcome.MET, MeetingOutcome.NOT_MET):
        raise DomainError("scm_outcome_invalid", _("Choose whether the target was met or not met."), field="outcome")
    if ShowCauseMeeting.objects.filter(project=project, stage__gt=meeting.stage).exists():
        raise DomainError(
            "scm_outcome_locked",
            _("The outcome of %(stage)s can no longer change, because a later meeting rests on it.")
            % {"stage": meeting.get_stage_display()},
            field="outcome",
        )

    with transaction.atomic():
        before = audit.snapshot(meeting)
        meeting.outcome = outcome
        if notes.strip():
            meeting.notes = f"{meeting.notes}\n{notes.strip()}".strip()
        meeting.save(update_fields=["outcome", "notes", "updated_at"])
        audit.record(actor=user, action="update", instance=meeting, before=before, summary=f"SCM outcome {outcome}")
    return meeting


def delay_record(*, user, project: Project, cause: str, note: str = "", extension_days: int = 0) -> DelayRecord:
    """Record or change why the contract is late and how many days of extra time (pemberian kesempatan) the PPK
    gave. Only a delay by the contractor's fault carries the late penalty."""
    _check_may_edit(
        user, project, _("Only the OPD that owns this project, or an administrator, may record the cause of a delay.")
    )
    if cause not in DelayCause.values:
        raise DomainError(
            "delay_cause_invalid",
            _("Choose the cause: the contractor's fault, force majeure (kahar) or the owner's fault."),
            field="cause",
        )
    limit = thresholds().max_extension_days
    if extension_days is None or extension_days < 0 or extension_days > limit:
        raise DomainError(
            "delay_extension_out_of_range",
            _("The extra time must be from 0 to %(max)s calendar days; %(value)s was entered.")
            % {"max": limit, "value": extension_days},
            field="extension_days",
        )
    note = (note or "").strip()
    if cause != DelayCause.CONTRACTOR and not note:
        raise DomainError(
            "delay_note_missing",
            _(
                "Describe the event and name the letter or minutes that establish it; kahar and compensation events "
                "need evidence."
            ),
            field="note",
        )

    with transaction.atomic():
        existing = DelayRecord.objects.select_for_update().filter(project=project).first()
        before = audit.snapshot(existing) if existing is not None else None
        record, _created = DelayRecord.objects.update_or_create(
            project=project,
            defaults={"cause": cause, "note": note, "extension_days": extension_days, "recorded_by": user},
        )
        audit.record(
            actor=user,
            action="create" if before is None else "update",
            instance=record,
            before=before,
            summary=f"delay cause {cause}",
        )
    return record
