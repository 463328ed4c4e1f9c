"""Follow-up figures of findings (fix rate, overdue) per OPD, per kecamatan or per contractor.

The dashboard tables, the contractor record and the monthly report take these figures from here only. Per OPD
they come from monitoring.selectors.agency_followup_stats; the other groupings count with the same rules:
findings of withdrawn reports are left out, rejected findings do not count towards the fix rate, and a finding
is overdue when it still waits for the OPD after its due date (monitoring.selectors.overdue_condition).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet

from monitoring.models import Finding, FindingState, ReportStatus, jakarta_today
from monitoring.selectors import ACTIVE_STATES, agency_followup_stats, overdue_condition
from projects.models import Project


@dataclass(frozen=True)
class FollowUp:
    """Findings of a group: counted (raised and not rejected), resolved, still waiting, and overdue."""

    raised: int = 0
    resolved: int = 0
    open: int = 0
    overdue: int = 0

    @property
    def fix_rate(self) -> Decimal | None:
        """Resolved findings as a percentage of those counted; None when none were counted."""
        if not self.raised:
            return None
        return Decimal(self.resolved * 100) / Decimal(self.raised)


NONE = FollowUp()


def findings_of(projects: QuerySet[Project]) -> QuerySet[Finding]:
    """Return the findings of ``projects`` whose report was not withdrawn."""
    return Finding.objects.filter(report__status=ReportStatus.SUBMITTED, project__in=projects.order_by().values("pk"))


def overdue(today: datetime.date | None = None) -> Q:
    return overdue_condition(today or jakarta_today())


def _counts(today: datetime.date) -> dict:
    return {
        "raised": Count("pk", filter=~Q(state=FindingState.REJECTED)),
        "resolved": Count("pk", filter=Q(state=FindingState.RESOLVED)),
        "open": Count("pk", filter=Q(state__in=ACTIVE_STATES)),
        "overdue": Count("pk", filter=overdue_condition(today)),
    }


def followup_by(projects: QuerySet[Project], key: str) -> dict:
    """Return {group key: FollowUp} for the findings of ``projects`` grouped by the lookup ``key``.

    ``key`` is "agency_id" or another Finding lookup such as "project__contractor_id" or
    "report__village__parent_id" (the kecamatan of the village that raised the finding).
    """
    today = jakarta_today()
    if key == "agency_id":
        return {
            row.agency_id: FollowUp(raised=row.counted, resolved=row.resolved, open=row.waiting, overdue=row.overdue)
            for row in agency_followup_stats(findings_of(projects), today)
        }
    rows = findings_of(projects).order_by().values(key).annotate(**_counts(today))
    return {
        row[key]: FollowUp(raised=row["raised"], resolved=row["resolved"], open=row["open"], overdue=row["overdue"])
        for row in rows
    }


def followup_total(projects: QuerySet[Project]) -> FollowUp:
    return FollowUp(**findings_of(projects).aggregate(**_counts(jakarta_today())))
