"""Notices of projects whose early-warning status turned critical (kritis) or stale (no recent report)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from earlywarning.models import ProjectAssessment
from earlywarning.models import ProjectStatus as WarningStatus
from monitoring.notices import agency_heads, agency_users, leaders
from notifications.models import NotificationKind, ProjectAlert
from notifications.services import notify

ALERT_STATUSES = {WarningStatus.CRITICAL, WarningStatus.STALE}


def project_alerts_send(*, today: datetime.date) -> dict[str, int]:
    """Notify every project whose stored status turned critical or stale since the last run; return counts.

    Compares each assessment with the status last seen here (ProjectAlert), so a change made during the day by
    a report or a progress update is caught too, and a project that stays critical is told once.
    Critical goes to the OPD's users, its head(s) and the leaders; stale to the OPD's users and head(s).
    """
    seen = dict(ProjectAlert.objects.values_list("project_id", "status"))
    counts = {WarningStatus.CRITICAL.value: 0, WarningStatus.STALE.value: 0}
    assessments = ProjectAssessment.objects.select_related("project__agency").order_by("project_id")
    for assessment in assessments:
        status = assessment.status
        if seen.get(assessment.project_id) == status:
            continue
        with transaction.atomic():
            ProjectAlert.objects.update_or_create(
                project_id=assessment.project_id, defaults={"status": status, "changed_on": today}
            )
            if status in ALERT_STATUSES:
                _notify_project(assessment, today)
                counts[status] += 1
    return counts


def _notify_project(assessment: ProjectAssessment, today: datetime.date) -> None:
    project = assessment.project
    with translation.override(settings.LANGUAGE_CODE):
        if assessment.status == WarningStatus.CRITICAL:
            kind = NotificationKind.CONTRACT_CRITICAL
            title = _("Contract turned critical (kritis): %(project)s") % {"project": project.name}
            body = _("%(agency)s · planned %(planned)s%%, actual %(actual)s%%, deviation %(deviation)s points.") % {
                "agency": project.agency.short_name,
                "planned": assessment.planned_percent if assessment.planned_percent is not None else "–",
                "actual": assessment.actual_percent if assessment.actual_percent is not None else "–",
                "deviation": assessment.deviation if assessment.deviation is not None else "–",
            }
        else:
            kind = NotificationKind.PROJECT_STALE
            title = _("No recent progress report: %(project)s") % {"project": project.name}
            body = _("%(agency)s has not reported progress for %(days)s days. Update the progress.") % {
                "agency": project.agency.short_name,
                "days": assessment.days_since_update if assessment.days_since_update is not None else "–",
            }
    recipients = list(agency_users(project.agency_id)) + list(agency_heads(project.agency_id))
    if assessment.status == WarningStatus.CRITICAL:
        recipients += list(leaders())
    notify(
        recipients=recipients,
        kind=kind,
        title=title,
        body=body,
        url=reverse("projects:project_detail", kwargs={"project_id": project.pk}),
        dedupe_key=f"project:{project.pk}:{assessment.status}:{today.isoformat()}",
    )
