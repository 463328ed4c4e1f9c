"""Figures of a fiscal year for the leaders' dashboard and the monthly report.

Progress averages are weighted by money: each project weighs its contract value, or its budget ceiling (pagu)
while it has no contract yet, so a Rp 5 billion road moves the average more than a Rp 50 million culvert.
Planned progress and deviation come from the early-warning assessment (earlywarning.ProjectAssessment) and
average over the assessed projects only. Every function runs a fixed number of queries whatever the data size.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dashboard.followup import NONE, FollowUp, followup_by, followup_total, overdue
from earlywarning.models import ProjectStatus as AssessmentStatus
from monitoring.models import Finding
from projects.models import Project

ZERO = Decimal("0")
MONEY = DecimalField(max_digits=30, decimal_places=4)

# The statuses counted on the headline, in the order leaders read them.
STATUS_ORDER = [
    AssessmentStatus.CRITICAL,
    AssessmentStatus.LATE,
    AssessmentStatus.STALE,
    AssessmentStatus.ON_TRACK,
    AssessmentStatus.AHEAD,
    AssessmentStatus.NOT_STARTED,
    AssessmentStatus.FINISHED,
]


def _ratio(numerator, denominator) -> Decimal | None:
    if not denominator:
        return None
    return Decimal(str(numerator or 0)) / Decimal(str(denominator))


@dataclass
class Figures:
    """The figures of a group of projects: the whole year, one OPD, one kecamatan or one contractor."""

    name: str = ""
    key: int | None = None
    projects: int = 0
    contract_value: Decimal = ZERO
    physical: Decimal | None = None
    financial: Decimal | None = None
    planned: Decimal | None = None
    deviation: Decimal | None = None
    statuses: dict[str, int] = field(default_factory=dict)
    not_assessed: int = 0
    followup: FollowUp = NONE

    @property
    def critical(self) -> int:
        return self.statuses.get(AssessmentStatus.CRITICAL, 0)

    @property
    def late(self) -> int:
        return self.statuses.get(AssessmentStatus.LATE, 0)

    @property
    def stale(self) -> int:
        return self.statuses.get(AssessmentStatus.STALE, 0)

    @property
    def finished(self) -> int:
        return self.statuses.get(AssessmentStatus.FINISHED, 0)

    @property
    def on_track(self) -> int:
        """On track or ahead of plan."""
        return self.statuses.get(AssessmentStatus.ON_TRACK, 0) + self.statuses.get(AssessmentStatus.AHEAD, 0)

    def status_rows(self) -> list[tuple[str, str, int]]:
        """(status value, label, count) in STATUS_ORDER, for the headline and the report."""
        return [(status.value, status.label, self.statuses.get(status, 0)) for status in STATUS_ORDER]


def aggregates(prefix: str = "") -> dict:
    """Aggregate expressions over projects reached through ``prefix`` ("" or "project__")."""

    def p(name: str) -> str:
        return f"{prefix}{name}"

    weight = Coalesce(F(p("contract_value")), F(p("budget_ceiling")), Value(ZERO), output_field=MONEY)
    assessed = Q(**{p("assessment__deviation__isnull"): False})
    planned_known = Q(**{p("assessment__planned_percent__isnull"): False})
    expressions = {
        "count": Count(p("pk")),
        "value": Sum(p("contract_value")),
        "weight": Sum(weight),
        "physical_w": Sum(weight * F(p("physical_progress")), output_field=MONEY),
        "financial_w": Sum(weight * F(p("financial_progress")), output_field=MONEY),
        "planned_weight": Sum(weight, filter=planned_known),
        "planned_w": Sum(weight * F(p("assessment__planned_percent")), filter=planned_known, output_field=MONEY),
        "deviation_weight": Sum(weight, filter=assessed),
        "deviation_w": Sum(weight * F(p("assessment__deviation")), filter=assessed, output_field=MONEY),
        "not_assessed": Count(p("pk"), filter=Q(**{p("assessment__isnull"): True})),
    }
    for status in AssessmentStatus.values:
        expressions[f"status_{status}"] = Count(p("pk"), filter=Q(**{p("assessment__status"): status}))
    return expressions


def figures_from_row(row: dict, *, name: str = "", key: int | None = None, followup: FollowUp = NONE) -> Figures:
    return Figures(
        name=name,
        key=key,
        projects=row["count"] or 0,
        contract_value=Decimal(str(row["value"] or 0)),
        physical=_ratio(row["physical_w"], row["weight"]),
        financial=_ratio(row["financial_w"], row["weight"]),
        planned=_ratio(row["planned_w"], row["planned_weight"]),
        deviation=_ratio(row["deviation_w"], row["deviation_weight"]),
        statuses={status: row[f"status_{status}"] for status in AssessmentStatus.values},
        not_assessed=row["not_assessed"],
        followup=followup,
    )


def headline(projects: QuerySet[Project]) -> Figures:
    """Return the figures of all ``projects`` (two queries)."""
    row = projects.order_by().aggregate(**aggregates())
    return figures_from_row(row, followup=followup_total(projects))


def by_agency(projects: QuerySet[Project]) -> list[Figures]:
    """Return one row per OPD that has projects, in name order (two queries)."""
    rows = projects.order_by().values("agency_id", "agency__short_name").annotate(**aggregates())
    followups = followup_by(projects, "agency_id")
    result = [
        figures_from_row(
            row, name=row["agency__short_name"], key=row["agency_id"], followup=followups.get(row["agency_id"], NONE)
        )
        for row in rows
    ]
    return sorted(result, key=lambda figures: figures.name.casefold())


def by_contractor(projects: QuerySet[Project]) -> list[Figures]:
    """Return one row per contractor of ``projects`` (two queries); projects without a contract are left out."""
    rows = (
        projects.filter(contractor__isnull=False)
        .order_by()
        .values("contractor_id", "contractor__name")
        .annotate(**aggregates())
    )
    followups = followup_by(projects, "project__contractor_id")
    result = [
        figures_from_row(
            row,
            name=row["contractor__name"],
            key=row["contractor_id"],
            followup=followups.get(row["contractor_id"], NONE),
        )
        for row in rows
    ]
    return sorted(result, key=lambda figures: figures.name.casefold())


def by_district(projects: QuerySet[Project]) -> list[Figures]:
    """Return one row per kecamatan, reached through the parent of each project's villages (two queries).

    A project whose villages lie in two kecamatan counts in both, so the rows may add up to more than the
    year's totals. Within one kecamatan it counts once: of a project's desa rows there, only the first is kept.
    Findings count in the kecamatan of the village that raised them.
    """
    through = Project.villages.through
    earlier_in_same_district = through.objects.filter(
        project_id=OuterRef("project_id"), region__parent_id=OuterRef("region__parent_id"), pk__lt=OuterRef("pk")
    )
    rows = (
        through.objects.filter(project__in=projects.order_by().values("pk"), region__parent__isnull=False)
        .filter(~Exists(earlier_in_same_district))
        .order_by()
        .values("region__parent_id", "region__parent__name")
        .annotate(**aggregates("project__"))
    )
    followups = followup_by(projects, "report__village__parent_id")
    result = [
        figures_from_row(
            row,
            name=row["region__parent__name"],
            key=row["region__parent_id"],
            followup=followups.get(row["region__parent_id"], NONE),
        )
        for row in rows
    ]
    return sorted(result, key=lambda figures: figures.name.casefold())


# Sort keys of the OPD and kecamatan tables: the worst first.
SORTS = {
    "nama": lambda figures: figures.name.casefold(),
    "deviasi": lambda figures: figures.deviation if figures.deviation is not None else Decimal("1e9"),
    "tindaklanjut": lambda figures: figures.followup.fix_rate if figures.followup.fix_rate is not None else 101,
    "lewat": lambda figures: -figures.followup.overdue,
    "kritis": lambda figures: -figures.critical,
}


def sort_rows(rows: list[Figures], order: str) -> list[Figures]:
    """Sort table rows by one of SORTS (unknown keys sort by name)."""
    return sorted(rows, key=SORTS.get(order, SORTS["nama"]))


# Weights of the attention score: a critical contract outranks any deviation, an overdue finding counts
# like five points of deviation. Documented in docs/dashboards.md.
ATTENTION_STATUS_POINTS = {AssessmentStatus.CRITICAL: 100, AssessmentStatus.LATE: 40, AssessmentStatus.STALE: 30}
ATTENTION_OVERDUE_POINTS = 5
ATTENTION_PAST_YEAR_POINTS = 25


# How many projects each of the two rankings below hands to the exact scoring.
ATTENTION_CANDIDATES = 100


def needs_attention(projects: QuerySet[Project], limit: int = 10) -> list[Project]:
    """Return the ``limit`` projects that most need a leader's attention, each with ``reasons`` (four queries).

    Scoring every project with a per-row count of its overdue findings took seconds at 20 000 projects a year,
    so the candidates are the best ATTENTION_CANDIDATES by status and deviation and the best by overdue findings,
    scored exactly afterwards.
    NOTE: a project outside both candidate lists could in theory outrank the last one shown.
    """
    status_points = Case(
        *[When(assessment__status=status, then=Value(points)) for status, points in ATTENTION_STATUS_POINTS.items()],
        default=Value(0),
        output_field=IntegerField(),
    )
    past_year_points = Case(
        When(assessment__past_fiscal_year=True, then=Value(ATTENTION_PAST_YEAR_POINTS)),
        default=Value(0),
        output_field=IntegerField(),
    )
    partial = ExpressionWrapper(
        status_points + past_year_points - Coalesce(F("assessment__deviation"), Value(ZERO), output_field=MONEY),
        output_field=MONEY,
    )
    open_projects = projects.exclude(assessment__status=AssessmentStatus.FINISHED)

    by_status = (
        open_projects.annotate(partial=partial)
        .order_by("-partial", "pk")
        .values_list("pk", flat=True)[:ATTENTION_CANDIDATES]
    )
    overdue_findings = Finding.objects.filter(overdue(), project__in=open_projects.order_by().values("pk"))
    by_overdue = (
        overdue_findings.order_by()
        .values("project_id")
        .annotate(total=Count("pk"))
        .order_by("-total", "project_id")
        .values_list("project_id", flat=True)[:ATTENTION_CANDIDATES]
    )
    candidates = set(by_status) | set(by_overdue)
    overdue_counts = dict(
        Finding.objects.filter(overdue(), project_id__in=candidates)
        .order_by()
        .values("project_id")
        .annotate(total=Count("pk"))
        .values_list("project_id", "total")
    )

    scored = []
    for project in (
        open_projects.filter(pk__in=candidates).select_related("agency", "assessment").annotate(partial=partial)
    ):
        project.overdue_findings = overdue_counts.get(project.pk, 0)
        project.attention = project.partial + project.overdue_findings * ATTENTION_OVERDUE_POINTS
        if project.attention > 0:
            scored.append(project)
    scored.sort(key=lambda project: (-project.attention, -(project.contract_value or 0), project.pk))
    result = scored[:limit]
    for project in result:
        project.reasons = attention_reasons(project)
    return result


def attention_reasons(project: Project) -> list[str]:
    """Say in words why ``project`` is on the attention list; uses its assessment and ``overdue_findings``."""
    reasons = []
    assessment = getattr(project, "assessment", None)
    if assessment is not None:
        deviation = number_format(assessment.deviation, decimal_pos=1) if assessment.deviation is not None else "–"
        if assessment.status == AssessmentStatus.CRITICAL:
            reasons.append(_("Critical contract, deviation %(deviation)s points") % {"deviation": deviation})
        elif assessment.status == AssessmentStatus.LATE:
            reasons.append(_("Behind plan by %(deviation)s points") % {"deviation": deviation})
        if assessment.status == AssessmentStatus.STALE or assessment.stale:
            reasons.append(_("No progress report for %(days)s days") % {"days": assessment.days_since_update or "–"})
        if assessment.past_fiscal_year:
            reasons.append(_("Forecast to finish after 31 December"))
        if assessment.paid_ahead:
            reasons.append(_("Paid ahead of physical progress"))
        if assessment.discrepancy_flag:
            reasons.append(_("Village observation differs from the OPD's claim"))
    overdue = getattr(project, "overdue_findings", 0)
    if overdue:
        reasons.append(
            ngettext("%(count)s overdue finding", "%(count)s overdue findings", overdue) % {"count": overdue}
        )
    return reasons
