"""Applying the early-warning rules to stored projects."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from earlywarning.models import ProjectAssessment
from earlywarning.rules import Assessment, ContractFacts, Observation, Thresholds, assess
from monitoring.models import MonitoringReport, ReportStatus
from projects.fiscal import local_today
from projects.models import ProgressUpdate, Project, ProjectStatus


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
