"""Template tags behind the follow-up includes on the leaders' overview and the OPD home.

They read through monitoring.access, so each user sees the figures of the findings they may read.
"""

from django import template

from monitoring import selectors
from monitoring.access import findings_for_user

register = template.Library()

OVERDUE_SHOWN = 20


@register.simple_tag(takes_context=True)
def followup_stats(context):
    """Return agency_followup_stats rows for the signed-in user's findings, of the page's fiscal year if it has one.

    The OPD home names the year ``year``, the leaders' overview ``filters.year``.
    """
    findings = findings_for_user(context["request"].user)
    filters = context.get("filters")
    year = context.get("year") or getattr(filters, "year", None)
    if year:
        findings = findings.filter(project__fiscal_year=year)
    return selectors.agency_followup_stats(findings)


@register.simple_tag(takes_context=True)
def overdue_for_leaders(context):
    """Return the overdue findings escalated to the leaders, most overdue first, at most OVERDUE_SHOWN."""
    findings = findings_for_user(context["request"].user)
    return list(selectors.overdue_findings(findings)[:OVERDUE_SHOWN])
