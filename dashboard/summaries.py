"""Figures of a fiscal year for the leaders' overview: totals, per OPD and per kecamatan.

Each function runs a fixed number of queries whatever the number of projects. Averages are plain means over
projects (not weighted by contract value), and a project without a contract counts as zero value.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Avg, Count, QuerySet, Sum

from monitoring.models import Finding
from projects.models import Project
from projects.selectors import OPEN_FINDINGS
from regions.models import Region

ZERO = Decimal("0")


@dataclass
class Summary:
    """Totals over a group of projects."""

    name: str = ""
    key: int | None = None
    projects: int = 0
    contract_value: Decimal = ZERO
    physical_average: Decimal | None = None
    financial_average: Decimal | None = None
    open_findings: int = 0
    _physical_total: Decimal = field(default=ZERO, repr=False)
    _financial_total: Decimal = field(default=ZERO, repr=False)

    def add(self, row: dict, open_findings: int) -> None:
        self.projects += 1
        self.contract_value += row["contract_value"] or ZERO
        self._physical_total += row["physical_progress"]
        self._financial_total += row["financial_progress"]
        self.physical_average = self._physical_total / self.projects
        self.financial_average = self._financial_total / self.projects
        self.open_findings += open_findings


def open_findings_by_project(projects: QuerySet[Project]) -> dict[int, int]:
    """Return {project id: number of open findings} for the projects that have any."""
    rows = (
        Finding.objects.filter(OPEN_FINDINGS, project__in=projects.values("pk"))
        .values("project_id")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return {row["project_id"]: row["count"] for row in rows}


def year_totals(projects: QuerySet[Project]) -> Summary:
    totals = projects.order_by().aggregate(
        count=Count("pk"),
        value=Sum("contract_value"),
        physical=Avg("physical_progress"),
        financial=Avg("financial_progress"),
    )
    open_findings = Finding.objects.filter(OPEN_FINDINGS, project__in=projects.values("pk")).count()
    return Summary(
        projects=totals["count"],
        contract_value=totals["value"] or ZERO,
        physical_average=totals["physical"],
        financial_average=totals["financial"],
        open_findings=open_findings,
    )


def by_agency(projects: QuerySet[Project], open_findings: dict[int, int]) -> list[Summary]:
    """Return one summary per OPD that has projects, in name order."""
    rows = (
        projects.order_by()
        .values("agency_id", "agency__short_name")
        .annotate(
            count=Count("pk"),
            value=Sum("contract_value"),
            physical=Avg("physical_progress"),
            financial=Avg("financial_progress"),
        )
    )
    open_per_agency: dict[int, int] = defaultdict(int)
    for project_id, agency_id in projects.order_by().values_list("pk", "agency_id"):
        open_per_agency[agency_id] += open_findings.get(project_id, 0)
    summaries = [
        Summary(
            name=row["agency__short_name"],
            key=row["agency_id"],
            projects=row["count"],
            contract_value=row["value"] or ZERO,
            physical_average=row["physical"],
            financial_average=row["financial"],
            open_findings=open_per_agency[row["agency_id"]],
        )
        for row in rows
    ]
    return sorted(summaries, key=lambda summary: summary.name.casefold())


def by_district(projects: QuerySet[Project], open_findings: dict[int, int]) -> list[Summary]:
    """Return one summary per kecamatan, found through the parent of each project's villages.

    A project whose villages lie in two kecamatan counts in both, so the rows may add up to more than the
    year's totals. Summing in Python keeps a project in two desa of one kecamatan from counting twice there.
    """
    pairs = (
        Project.villages.through.objects.filter(project__in=projects.values("pk"))
        .values_list("project_id", "region__parent_id")
        .distinct()
    )
    districts_of: dict[int, set[int]] = defaultdict(set)
    for project_id, district_id in pairs:
        if district_id is not None:
            districts_of[project_id].add(district_id)

    names = dict(
        Region.objects.filter(pk__in={d for ids in districts_of.values() for d in ids}).values_list("pk", "name")
    )
    summaries: dict[int, Summary] = {}
    values = projects.order_by().values("pk", "contract_value", "physical_progress", "financial_progress")
    for row in values:
        for district_id in districts_of.get(row["pk"], ()):
            summary = summaries.setdefault(district_id, Summary(name=names[district_id], key=district_id))
            summary.add(row, open_findings.get(row["pk"], 0))
    return sorted(summaries.values(), key=lambda summary: summary.name.casefold())
