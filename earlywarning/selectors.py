"""Read-side helpers of the early-warning screens: the project panel, the late penalty and the kritis list."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from core.formatting import format_percent
from earlywarning.models import (
    DelayCause,
    DelayRecord,
    MeetingOutcome,
    MeetingStage,
    ProjectAssessment,
    ShowCauseMeeting,
)
from earlywarning.rules import HUNDRED, Penalty, Status, late_penalty
from earlywarning.services import thresholds
from evidence.models import Photo
from monitoring.models import MonitoringReport, ReportStatus
from projects.fiscal import local_today
from projects.models import ProgressUpdate, Project


def critical_reason_texts(assessment: ProjectAssessment, fiscal_year: int) -> list[str]:
    """Return the reasons the contract is critical, as plain sentences naming the thresholds."""
    limits = thresholds()
    lag = -(assessment.deviation or Decimal("0"))
    texts = []
    for reason in assessment.critical_reasons:
        if reason == "period_one_lag":
            texts.append(
                _(
                    "Period I (plan up to %(boundary)s): the work is %(lag)s points behind plan, more than the "
                    "%(limit)s points allowed."
                )
                % {
                    "boundary": format_percent(limits.period_one_max_planned, 0),
                    "lag": number_format(lag, decimal_pos=2),
                    "limit": limits.period_one_max_lag,
                }
            )
        elif reason == "period_two_lag":
            texts.append(
                _(
                    "Period II (plan above %(boundary)s): the work is %(lag)s points behind plan, more than the "
                    "%(limit)s points allowed."
                )
                % {
                    "boundary": format_percent(limits.period_one_max_planned, 0),
                    "lag": number_format(lag, decimal_pos=2),
                    "limit": limits.period_two_max_lag,
                }
            )
        elif reason == "past_fiscal_year":
            texts.append(
                _(
                    "Period II: the work is behind plan, and at the pace of recent weeks it will not finish by "
                    "31 December %(year)s."
                )
                % {"year": fiscal_year}
            )
    return texts


@dataclass(frozen=True)
class PenaltyView:
    """The late penalty as the panel shows it, with what it is counted from."""

    penalty: Penalty
    planned_end: datetime.date
    counted_to: datetime.date
    finished: bool
    extension_days: int
    beyond_given_extension: bool
    max_extension_days: int
    applies: bool
    cause: str | None


def penalty_view(
    project: Project, *, delay: DelayRecord | None, finished_on: datetime.date | None, today: datetime.date
) -> PenaltyView | None:
    """Compute the denda keterlambatan to date, or None when the contract is not late or lacks a value or end.

    Days are counted from the planned end to the day progress first reached 100 %, or to today while the work
    runs. Only a delay by the contractor's fault carries the penalty; with no cause recorded yet the figures
    are shown as what would apply.
    """
    if project.planned_end_date is None or not project.contract_value:
        return None
    counted_to = finished_on or today
    if counted_to <= project.planned_end_date:
        return None
    limits = thresholds()
    penalty = late_penalty(
        contract_value=project.contract_value,
        planned_end=project.planned_end_date,
        finished_on=counted_to,
        thresholds=limits,
    )
    extension = delay.extension_days if delay is not None else 0
    return PenaltyView(
        penalty=penalty,
        planned_end=project.planned_end_date,
        counted_to=counted_to,
        finished=finished_on is not None,
        extension_days=extension,
        beyond_given_extension=penalty.days_late > extension,
        max_extension_days=limits.max_extension_days,
        applies=delay is None or delay.cause == DelayCause.CONTRACTOR,
        cause=delay.cause if delay is not None else None,
    )


def finished_on(updates: Sequence[ProgressUpdate]) -> datetime.date | None:
    """Return the first date the OPD reported 100 % physical progress, or None."""
    dates = [update.date for update in updates if update.physical_percent >= HUNDRED]
    return min(dates, default=None)


@dataclass
class Discrepancy:
    """The OPD's claim and the village's observation behind a discrepancy flag, with their evidence."""

    claimed: Decimal
    claimed_on: datetime.date
    observed: Decimal
    observed_on: datetime.date
    update: ProgressUpdate | None
    report: MonitoringReport | None
    report_photos: list[Photo] = field(default_factory=list)


def _discrepancy(
    assessment: ProjectAssessment, updates: Sequence[ProgressUpdate], reports: Sequence[MonitoringReport] | None
) -> Discrepancy | None:
    if assessment.village_observed_percent is None or assessment.actual_percent is None:
        return None
    update = next((item for item in updates if item.date == assessment.as_of), None)
    candidates = [
        report
        for report in (reports or [])
        if report.status == ReportStatus.SUBMITTED and report.visit_date == assessment.village_observed_date
    ]
    report = next(
        (item for item in candidates if item.observed_progress == assessment.village_observed_percent),
        candidates[0] if candidates else None,
    )
    photos = list(Photo.objects.filter(report=report).order_by("received_at", "pk")[:4]) if report else []
    return Discrepancy(
        claimed=assessment.actual_percent,
        claimed_on=assessment.as_of,
        observed=assessment.village_observed_percent,
        observed_on=assessment.village_observed_date,
        update=update,
        report=report,
        report_photos=photos,
    )


@dataclass
class Panel:
    """Everything the early-warning panel of the project page shows."""

    assessment: ProjectAssessment | None
    reasons: list[str]
    discrepancy: Discrepancy | None
    meetings: list[ShowCauseMeeting]
    delay: DelayRecord | None
    penalty: PenaltyView | None
    may_hold_meetings: bool
    next_stage: int | None
    stale_after_days: int
    discrepancy_margin: Decimal
    paid_ahead_margin: Decimal
    may_edit: bool = False

    @property
    def meetings_exhausted(self) -> bool:
        """True when SCM III ended with its target not met, so no further meeting may follow."""
        last = self.meetings[-1] if self.meetings else None
        return last is not None and last.stage == MeetingStage.SCM_3 and last.outcome == MeetingOutcome.NOT_MET

    @property
    def kritis_section(self) -> bool:
        return bool(self.may_hold_meetings or self.meetings or self.delay or self.penalty)


def project_panel(
    project: Project,
    *,
    updates: Sequence[ProgressUpdate],
    reports: Sequence[MonitoringReport] | None,
    today: datetime.date | None = None,
) -> Panel:
    """Gather the panel of one project from its stored assessment, using the page's already loaded updates and
    reports. Queries: the assessment, then the meetings and delay record only when the contract is or was
    critical or is past its planned end, then the village report's photos only when a discrepancy is flagged."""
    today = today or local_today()
    limits = thresholds()
    assessment = ProjectAssessment.objects.filter(project=project).first()
    critical_history = assessment is not None and (
        assessment.status == Status.CRITICAL or assessment.first_critical_on is not None
    )
    done_on = finished_on(updates)
    past_end = project.planned_end_date is not None and (done_on or today) > project.planned_end_date

    meetings: list[ShowCauseMeeting] = []
    delay = None
    if critical_history or past_end:
        meetings = list(ShowCauseMeeting.objects.filter(project=project).order_by("stage"))
        delay = DelayRecord.objects.filter(project=project).first()

    next_stage = None
    if critical_history or meetings:
        latest = meetings[-1] if meetings else None
        if latest is None:
            next_stage = 1
        elif latest.outcome == MeetingOutcome.NOT_MET and latest.stage < 3:
            next_stage = latest.stage + 1

    discrepancy = None
    if assessment is not None and assessment.discrepancy_flag:
        discrepancy = _discrepancy(assessment, updates, reports)

    return Panel(
        assessment=assessment,
        reasons=critical_reason_texts(assessment, project.fiscal_year) if assessment else [],
        discrepancy=discrepancy,
        meetings=meetings,
        delay=delay,
        penalty=penalty_view(project, delay=delay, finished_on=done_on, today=today),
        may_hold_meetings=critical_history or bool(meetings),
        next_stage=next_stage,
        stale_after_days=limits.stale_after_days,
        discrepancy_margin=limits.discrepancy_margin,
        paid_ahead_margin=limits.paid_ahead_margin,
    )


def critical_projects(projects: QuerySet[Project]) -> QuerySet[Project]:
    """Return the projects judged critical, furthest behind plan first, with their assessment and OPD joined."""
    return (
        projects.filter(assessment__status=Status.CRITICAL)
        .select_related("assessment", "agency", "contractor")
        .order_by("assessment__deviation", "pk")
    )
