"""Who moderates which citizen report. Every moderation screen scopes through these functions."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from accounts import roles
from citizen.models import PUBLIC_STATUSES, CitizenReport


def can_moderate(user) -> bool:
    """Village and OPD users moderate their own reports; administrators moderate and triage all."""
    return roles.is_admin(user) or roles.is_agency_user(user) or roles.is_village_user(user)


def reports_for_moderator(user) -> QuerySet[CitizenReport]:
    """Return the reports ``user`` moderates: all for administrators, the village's for village users, the
    agency's for OPD users, and none otherwise."""
    reports = CitizenReport.objects.all()
    if roles.is_admin(user):
        return reports
    condition = Q(pk__in=[])
    if roles.is_village_user(user):
        condition |= Q(village_id=user.village_id)
    if roles.is_agency_user(user):
        condition |= Q(agency_id=user.agency_id)
    if not (roles.is_village_user(user) or roles.is_agency_user(user)):
        return reports.none()
    return reports.filter(condition)


def get_report_for_moderator(user, report_id: int) -> CitizenReport:
    """Return the report if ``user`` moderates it; raise Http404 otherwise."""
    try:
        return (
            reports_for_moderator(user)
            .select_related("project__agency", "village__parent", "agency", "answered_by_agency")
            .get(pk=report_id)
        )
    except CitizenReport.DoesNotExist:
        raise Http404 from None


def public_reports() -> QuerySet[CitizenReport]:
    """Return the reports a moderator published; their contact fields must still never be shown."""
    return CitizenReport.objects.filter(status__in=PUBLIC_STATUSES)
