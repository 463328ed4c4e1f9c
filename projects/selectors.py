"""Read-side helpers shared by the OPD screens, the leaders' dashboard and the public portal."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from monitoring.models import FindingState, MonitoringReport, ReportStatus
from projects.charts import ACTUAL_COLOR, OBSERVED_COLOR, PLANNED_COLOR, Series, kurva_s_svg
from projects.models import AmendmentKind, ContractAmendment, ProgressUpdate, Project

# A finding still needs attention until the village accepts the follow-up or the finding is rejected (the states of
# Finding.is_open), unless its report was withdrawn. The "active" filter of the monitoring screens is the same.
OPEN_FINDING_STATES = [FindingState.OPEN, FindingState.ANSWERED]
OPEN_FINDINGS = Q(state__in=OPEN_FINDING_STATES, report__status=ReportStatus.SUBMITTED)


def open_findings_count() -> Count:
    """Count of a project's open findings, for ``Project.objects.annotate(open_findings=...)``."""
    condition = Q(findings__state__in=OPEN_FINDING_STATES, findings__report__status=ReportStatus.SUBMITTED)
    return Count("findings", filter=condition, distinct=True)


def fiscal_years(projects: QuerySet[Project], current: int) -> list[int]:
    """Return the fiscal years that have projects, plus ``current``, newest first."""
    years = set(projects.order_by().values_list("fiscal_year", flat=True).distinct())
    years.add(current)
    return sorted(years, reverse=True)


def observed_progress(project: Project) -> list[tuple[datetime.date, Decimal]]:
    """Return (visit date, observed progress) of the project's reports that were not withdrawn."""
    reports = MonitoringReport.objects.filter(project=project).exclude(status=ReportStatus.WITHDRAWN)
    return list(reports.order_by("visit_date", "id").values_list("visit_date", "observed_progress"))


@dataclass(frozen=True)
class KurvaSRow:
    """One planned week of the kurva S with what the OPD reported and a village observed by then."""

    week: int
    week_end: datetime.date
    planned: Decimal
    actual: Decimal | None
    observed: Decimal | None

    @property
    def deviation(self) -> Decimal | None:
        """Actual minus planned progress in percentage points (deviasi). A negative value means behind plan."""
        return None if self.actual is None else self.actual - self.planned


@dataclass(frozen=True)
class KurvaS:
    rows: list[KurvaSRow]
    svg: SafeString


def _latest_per_date(updates: Iterable[ProgressUpdate]) -> list[tuple[datetime.date, Decimal]]:
    """Return one (date, physical %) per date, the last entered one winning, in date order."""
    by_date: dict[datetime.date, tuple[int, Decimal]] = {}
    for update in updates:
        known = by_date.get(update.date)
        if known is None or update.pk > known[0]:
            by_date[update.date] = (update.pk, update.physical_percent)
    return [(day, value) for day, (_pk, value) in sorted(by_date.items())]


def kurva_s(
    project: Project,
    *,
    updates: Sequence[ProgressUpdate],
    observations: Sequence[tuple[datetime.date, Decimal]],
    chart_id: str = "kurva-s",
) -> KurvaS:
    """Build the weekly kurva S table and chart of ``project`` from its schedule (one query), the given
    progress updates and the village observations."""
    schedule = list(project.schedule.order_by("week"))
    actual = _latest_per_date(updates)
    observed = sorted(observations)
    last_actual_date = actual[-1][0] if actual else None

    rows = []
    for entry in schedule:
        week_start = entry.week_end - datetime.timedelta(days=6)
        reported = [value for day, value in actual if day <= entry.week_end]
        # Weeks that had not begun by the latest update have no actual figure yet, not a stale one.
        has_actual = reported and last_actual_date is not None and week_start <= last_actual_date
        seen = [value for day, value in observed if week_start <= day <= entry.week_end]
        rows.append(
            KurvaSRow(
                week=entry.week,
                week_end=entry.week_end,
                planned=entry.planned_percent,
                actual=reported[-1] if has_actual else None,
                observed=seen[-1] if seen else None,
            )
        )

    planned = [(entry.week_end, entry.planned_percent) for entry in schedule]
    if planned and project.start_date and project.start_date < planned[0][0]:
        planned.insert(0, (project.start_date, Decimal("0")))
    series = [
        Series(label=_("Plan"), points=planned, style="line", color=PLANNED_COLOR),
        Series(label=_("Reported by the OPD"), points=actual, style="line_points", color=ACTUAL_COLOR),
        Series(label=_("Observed by villages"), points=observed, style="points", color=OBSERVED_COLOR),
    ]
    svg = kurva_s_svg(
        series,
        title=_("Kurva S of %(project)s") % {"project": project.name},
        start=project.start_date,
        end=project.planned_end_date,
        chart_id=chart_id,
    )
    return KurvaS(rows=rows, svg=svg)


def kurva_s_for_project(project: Project, *, chart_id: str = "kurva-s") -> KurvaS:
    """Build the kurva S of ``project`` with its own queries, for callers without the page's data, such as
    reports and the SVG download. The chart shows the plan, the OPD's updates and the villages' observations."""
    updates = list(project.progress_updates.only("pk", "date", "physical_percent"))
    return kurva_s(project, updates=updates, observations=observed_progress(project), chart_id=chart_id)


@dataclass(frozen=True)
class MapPoint:
    """Map position of a project. ``approximate`` is set when it is the village centre, not the site."""

    latitude: Decimal
    longitude: Decimal
    label: str
    approximate: bool


def project_map_point(project: Project, villages: Sequence) -> MapPoint | None:
    """Return the site coordinates, else the first village centre that is known, else None."""
    if project.latitude is not None and project.longitude is not None:
        return MapPoint(project.latitude, project.longitude, project.name, approximate=False)
    for village in villages:
        if village.latitude is not None and village.longitude is not None:
            return MapPoint(village.latitude, village.longitude, village.display_name, approximate=True)
    return None


def village_areas(villages: Sequence) -> dict:
    """Return the villages' boundaries as a GeoJSON FeatureCollection (villages without one are left out)."""
    features = [
        {"type": "Feature", "properties": {"name": village.display_name}, "geometry": village.boundary}
        for village in villages
        if village.boundary
    ]
    return {"type": "FeatureCollection", "features": features}


LATE_AMENDMENT_MONTHS = (11, 12)


def amendment_red_flags(amendments: Iterable[ContractAmendment], *, fiscal_year: int) -> list[str]:
    """Return why the addenda deserve a leader's look: a change late in the fiscal year, or repeated value changes.

    Both are known red flags of contract changes. A flag calls for a review and proves nothing.
    """
    amendments = list(amendments)
    flags = []
    if any(a.date.year == fiscal_year and a.date.month in LATE_AMENDMENT_MONTHS for a in amendments):
        flags.append(_("An addendum was made in November or December of the fiscal year."))
    value_changes = sum(1 for a in amendments if a.kind == AmendmentKind.VALUE)
    if value_changes >= 2:
        flags.append(
            ngettext(
                "%(count)s addendum changed the contract value.",
                "%(count)s addenda changed the contract value.",
                value_changes,
            )
            % {"count": value_changes}
        )
    return flags
