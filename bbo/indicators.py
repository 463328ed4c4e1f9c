"""The built-in BBO indicators: plain functions of a period and a set of villages, computed from SIMPOR's data.

Each function returns {village id: Measure} for the villages that have something to measure; a village left
out has no value for that indicator (it does not apply). Each runs a fixed number of grouped queries.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.apps import apps
from django.db.models import Count, F, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from evidence.models import CheckResult, Photo
from monitoring.models import Finding, FindingState, MonitoringReport, ReportStatus
from projects.models import Project

# A report counts as on time when it reaches SIMPOR within this many days of the visit.
ON_TIME_DAYS = 3


@dataclass(frozen=True)
class Measure:
    """A value 0-100 and the counts behind it, in words."""

    value: Decimal
    basis: str


def share(part: int, whole: int) -> Decimal:
    """``part`` as a percentage of ``whole``, two decimals, half up."""
    return (Decimal(part * 100) / Decimal(whole)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def _years(start: datetime.date, end: datetime.date) -> list[int]:
    return list(range(start.year, end.year + 1))


def projects_visited(start: datetime.date, end: datetime.date, villages: Iterable[int]) -> dict[int, Measure]:
    """Share of the village's projects of the period's fiscal years that the village visited in the period."""
    villages = list(villages)
    through = Project.villages.through
    totals = dict(
        through.objects.filter(region_id__in=villages, project__fiscal_year__in=_years(start, end))
        .order_by()
        .values("region_id")
        .annotate(count=Count("project_id", distinct=True))
        .values_list("region_id", "count")
    )
    visited = dict(
        MonitoringReport.objects.filter(
            village_id__in=villages,
            status=ReportStatus.SUBMITTED,
            visit_date__range=(start, end),
            project__fiscal_year__in=_years(start, end),
        )
        .order_by()
        .values("village_id")
        .annotate(count=Count("project_id", distinct=True))
        .values_list("village_id", "count")
    )
    return {
        village: Measure(
            share(min(visited.get(village, 0), total), total),
            _("%(visited)s of %(total)s projects visited") % {"visited": visited.get(village, 0), "total": total},
        )
        for village, total in totals.items()
        if total
    }


def reports_on_time(start: datetime.date, end: datetime.date, villages: Iterable[int]) -> dict[int, Measure]:
    """Share of the village's reports of visits in the period that reached SIMPOR within ON_TIME_DAYS days."""
    rows = (
        MonitoringReport.objects.filter(
            village_id__in=list(villages), status=ReportStatus.SUBMITTED, visit_date__range=(start, end)
        )
        .order_by()
        .values("village_id")
        .annotate(
            total=Count("pk"),
            on_time=Count(
                "pk", filter=Q(submitted_at__date__lte=F("visit_date") + datetime.timedelta(days=ON_TIME_DAYS))
            ),
        )
    )
    return {
        row["village_id"]: Measure(
            share(row["on_time"], row["total"]),
            _("%(on_time)s of %(total)s reports sent within %(days)s days of the visit")
            % {"on_time": row["on_time"], "total": row["total"], "days": ON_TIME_DAYS},
        )
        for row in rows
    }


# A photo passes when the evidence checks placed it at the project and found it neither reused nor taken at the
# wrong time. A photo without any position stays "unknown" and does not pass.
PHOTO_PASSED = (
    Q(location_check=CheckResult.OK) & ~Q(time_check=CheckResult.FLAGGED) & ~Q(reuse_check=CheckResult.FLAGGED)
)


def photo_evidence(start: datetime.date, end: datetime.date, villages: Iterable[int]) -> dict[int, Measure]:
    """Share of the photos of the village's reports in the period that passed the evidence checks."""
    rows = (
        Photo.objects.filter(
            report__village_id__in=list(villages),
            report__status=ReportStatus.SUBMITTED,
            report__visit_date__range=(start, end),
        )
        .order_by()
        .values("report__village_id")
        .annotate(total=Count("pk"), passed=Count("pk", filter=PHOTO_PASSED))
    )
    return {
        row["report__village_id"]: Measure(
            share(row["passed"], row["total"]),
            _("%(passed)s of %(total)s photos passed the location, time and reuse checks")
            % {"passed": row["passed"], "total": row["total"]},
        )
        for row in rows
    }


def findings_confirmed(start: datetime.date, end: datetime.date, villages: Iterable[int]) -> dict[int, Measure]:
    """Share of the village's findings raised in the period, once the OPD has decided, that it accepted.

    Accepted means answered or resolved; rejected findings were not real problems. Findings still without a
    decision wait, so they count neither way.
    """
    accepted = [FindingState.ANSWERED, FindingState.RESOLVED]
    rows = (
        Finding.objects.filter(
            report__village_id__in=list(villages),
            report__status=ReportStatus.SUBMITTED,
            report__visit_date__range=(start, end),
            state__in=[*accepted, FindingState.REJECTED],
        )
        .order_by()
        .values("report__village_id")
        .annotate(total=Count("pk"), accepted=Count("pk", filter=Q(state__in=accepted)))
    )
    return {
        row["report__village_id"]: Measure(
            share(row["accepted"], row["total"]),
            _("%(accepted)s of %(total)s decided findings accepted by the OPD")
            % {"accepted": row["accepted"], "total": row["total"]},
        )
        for row in rows
    }


def public_reports_handled(start: datetime.date, end: datetime.date, villages: Iterable[int]) -> dict[int, Measure]:
    """Share of citizen reports about the village received in the period that the village moderated.

    Returns {} (not applicable anywhere) when the citizen reports app is not installed.
    """
    if not apps.is_installed("citizen"):
        return {}
    from citizen.models import CitizenReport, Status

    handled = [Status.PUBLISHED, Status.ANSWERED, Status.REJECTED, Status.CLOSED]
    rows = (
        CitizenReport.objects.filter(village_id__in=list(villages), created_at__date__range=(start, end))
        .order_by()
        .values("village_id")
        .annotate(total=Count("pk"), handled=Count("pk", filter=Q(status__in=handled)))
    )
    return {
        row["village_id"]: Measure(
            share(row["handled"], row["total"]),
            _("%(handled)s of %(total)s public reports handled") % {"handled": row["handled"], "total": row["total"]},
        )
        for row in rows
    }


BuiltIn = Callable[[datetime.date, datetime.date, Iterable[int]], dict[int, Measure]]

# Code of each built-in indicator (as seeded by migration 0002) and its function.
BUILT_INS: dict[str, BuiltIn] = {
    "kunjungan": projects_visited,
    "laporan_tepat_waktu": reports_on_time,
    "foto_bukti": photo_evidence,
    "temuan_terkonfirmasi": findings_confirmed,
    "respons_aduan": public_reports_handled,
}

NOT_AVAILABLE_NOTE = gettext_lazy(
    "Citizen reports are not installed on this server, so this indicator applies to no village."
)
