"""Which reports and findings a user may see. Views scope through these functions only."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from accounts import roles
from monitoring.models import Finding, MonitoringReport


def reports_for_user(user) -> QuerySet[MonitoringReport]:
    """Return the reports ``user`` may read: a village sees its own village's reports, an OPD the reports
    on its projects, admins, leaders and DPRD all of them."""
    reports = MonitoringReport.objects.all()
    if roles.can_read_all(user):
        return reports
    if roles.is_agency_user(user):
        return reports.filter(project__agency_id=user.agency_id)
    if roles.is_village_user(user):
        return reports.filter(village_id=user.village_id)
    return reports.none()


def get_report_for_user(user, report_id: int) -> MonitoringReport:
    try:
        return reports_for_user(user).select_related("project__agency", "village", "reporter").get(pk=report_id)
    except MonitoringReport.DoesNotExist:
        raise Http404 from None


def findings_for_user(user) -> QuerySet[Finding]:
    """Return the findings ``user`` may read, scoped like the reports they belong to."""
    findings = Finding.objects.all()
    if roles.can_read_all(user):
        return findings
    if roles.is_agency_user(user):
        return findings.filter(agency_id=user.agency_id)
    if roles.is_village_user(user):
        return findings.filter(report__village_id=user.village_id)
    return findings.none()


def get_finding_for_user(user, finding_id: int) -> Finding:
    try:
        return findings_for_user(user).select_related("project", "report__village", "agency").get(pk=finding_id)
    except Finding.DoesNotExist:
        raise Http404 from None
