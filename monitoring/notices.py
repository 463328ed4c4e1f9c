"""Who hears of a change in the follow-up loop, and what they read. Texts are stored in the site's language."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import Role, User
from monitoring.models import EscalationLevel, Finding, FindingReview, MonitoringReport, Response, ResponseAction
from notifications.models import NotificationKind
from notifications.services import notify


def agency_users(agency_id: int):
    return User.objects.filter(role=Role.AGENCY, agency_id=agency_id, is_active=True)


def agency_heads(agency_id: int):
    return agency_users(agency_id).filter(is_agency_head=True)


def village_users(village_id: int):
    return User.objects.filter(role=Role.VILLAGE, village_id=village_id, is_active=True)


def leaders():
    return User.objects.filter(role__in=[Role.LEADER, Role.ADMIN], is_active=True)


def _finding_url(finding: Finding) -> str:
    return reverse("monitoring:finding_detail", kwargs={"finding_id": finding.pk})


def findings_raised(report: MonitoringReport) -> None:
    """Tell the OPD's users that a village report raised findings on one of their projects."""
    findings = list(report.findings.order_by("pk"))
    with translation.override(settings.LANGUAGE_CODE):
        title = ngettext(
            "%(count)s new finding on %(project)s",
            "%(count)s new findings on %(project)s",
            len(findings),
        ) % {"count": len(findings), "project": report.project.name}
        lines = [
            _("Desa %(village)s visited the project on %(date)s and reported:")
            % {"village": report.village.name, "date": date_format(report.visit_date, "DATE_FORMAT")}
        ]
        lines += [
            _("- %(description)s (severity %(severity)s, follow-up due %(due)s)")
            % {
                "description": finding.description,
                "severity": finding.get_severity_display().lower(),
                "due": date_format(finding.due_date, "DATE_FORMAT"),
            }
            for finding in findings
        ]
    notify(
        recipients=agency_users(report.project.agency_id),
        kind=NotificationKind.NEW_FINDINGS,
        title=title,
        body="\n".join(lines),
        url=reverse("monitoring:report_detail", kwargs={"report_id": report.pk}),
        dedupe_key=f"report:{report.pk}:findings",
    )


def response_sent(response: Response) -> None:
    """Tell the reporting village of the OPD's answer, rejection or closure, and the OPD of an admin closure."""
    finding = response.finding
    with translation.override(settings.LANGUAGE_CODE):
        titles = {
            ResponseAction.ANSWER: _("The OPD answered a finding on %(project)s"),
            ResponseAction.REJECT: _("The OPD rejected a finding on %(project)s"),
            ResponseAction.CANNOT_FIX: _("The OPD closed a finding on %(project)s without a fix"),
            ResponseAction.ADMIN_CLOSE: _("An administrator closed a finding on %(project)s without a fix"),
        }
        title = titles[response.action] % {"project": finding.project.name}
        if response.action == ResponseAction.ANSWER:
            ask = _("Check the site, then confirm the finding as fixed or contest it.")
        else:
            ask = _("If you disagree, contest it with your reason and the finding opens again.")
        body = _("Finding: %(finding)s\n%(agency)s wrote: %(message)s\n%(ask)s") % {
            "finding": finding.description,
            "agency": finding.agency.short_name,
            "message": response.message,
            "ask": ask,
        }
    recipients = list(village_users(finding.report.village_id))
    if response.action == ResponseAction.ADMIN_CLOSE:
        recipients += list(agency_users(finding.agency_id))
    notify(
        recipients=recipients,
        kind=NotificationKind.CLOSED_UNFIXED
        if response.action in (ResponseAction.CANNOT_FIX, ResponseAction.ADMIN_CLOSE)
        else NotificationKind.RESPONSE,
        title=title,
        body=body,
        url=_finding_url(finding),
        dedupe_key=f"response:{response.pk}",
    )


def review_sent(review: FindingReview) -> None:
    """Tell the OPD's users that the village confirmed or contested their follow-up."""
    finding = review.finding
    with translation.override(settings.LANGUAGE_CODE):
        if review.kind == "confirm":
            title = _("Desa %(village)s confirmed a finding as fixed") % {"village": finding.report.village.name}
            body = _("Finding on %(project)s: %(finding)s") % {
                "project": finding.project.name,
                "finding": finding.description,
            }
        else:
            title = _("Desa %(village)s contested your follow-up") % {"village": finding.report.village.name}
            body = _("Finding on %(project)s: %(finding)s\nReason: %(reason)s\nThe finding is open again.") % {
                "project": finding.project.name,
                "finding": finding.description,
                "reason": review.reason,
            }
    notify(
        recipients=agency_users(finding.agency_id),
        kind=NotificationKind.REVIEW,
        title=title,
        body=body,
        url=_finding_url(finding),
        dedupe_key=f"review:{review.pk}",
    )


def finding_overdue(finding: Finding, *, level: int, today: datetime.date) -> None:
    """Escalate an overdue finding: level 1 to the OPD head(s), level 2 to the leaders and administrators.

    An OPD with no user marked as head gets the level-1 notice on all its users' accounts instead.
    """
    days = finding.days_overdue(today)
    with translation.override(settings.LANGUAGE_CODE):
        title = ngettext(
            "Finding on %(project)s is %(days)s day overdue",
            "Finding on %(project)s is %(days)s days overdue",
            days,
        ) % {"project": finding.project.name, "days": days}
        body = _("%(agency)s has not followed up this finding from Desa %(village)s, due %(due)s:\n%(finding)s") % {
            "agency": finding.agency.short_name,
            "village": finding.report.village.name,
            "due": date_format(finding.due_date, "DATE_FORMAT"),
            "finding": finding.description,
        }
    if level == EscalationLevel.AGENCY_HEAD:
        recipients = list(agency_heads(finding.agency_id)) or list(agency_users(finding.agency_id))
        email = True
    else:
        recipients = list(leaders())
        email = False
    notify(
        recipients=recipients,
        kind=NotificationKind.OVERDUE,
        title=title,
        body=body,
        url=_finding_url(finding),
        dedupe_key=f"finding:{finding.pk}:escalation:{level}",
        email=email,
    )
