"""Rows of the project downloads: one generator feeds the CSV and XLSX renderers."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from projects.models import Project
from regions.models import Region

COLUMNS = [
    ("id", _("Id")),
    ("fiscal_year", _("Fiscal year")),
    ("name", _("Work package")),
    ("agency", _("OPD")),
    ("sector", _("Sector")),
    ("villages", _("Desa")),
    ("kecamatan", _("Kecamatan")),
    ("latitude", _("Latitude")),
    ("longitude", _("Longitude")),
    ("funding_source", _("Funding source")),
    ("budget_ceiling", _("Budget ceiling (Rp)")),
    ("contractor", _("Contractor")),
    ("contract_number", _("Contract number")),
    ("contract_date", _("Contract date")),
    ("contract_value", _("Contract value (Rp)")),
    ("start_date", _("Start date (SPMK)")),
    ("planned_end_date", _("Planned end date")),
    ("status", _("Contract status")),
    ("assessment", _("Early-warning status")),
    ("physical_progress", _("Physical progress (%)")),
    ("financial_progress", _("Financial progress (%)")),
    ("progress_date", _("Progress as of")),
    ("url", _("Page on the portal")),
]


def export_queryset(projects: QuerySet[Project]) -> QuerySet[Project]:
    villages = Region.objects.select_related("parent").order_by("code")
    return (
        projects.select_related("agency", "contractor", "assessment")
        .prefetch_related(Prefetch("villages", queryset=villages))
        .order_by("-fiscal_year", "agency__short_name", "name", "pk")
    )


def project_rows(projects: QuerySet[Project], *, absolute) -> Iterator[list[Any]]:
    """Yield one row per project in COLUMNS order: numbers and dates as such, not as text."""
    for project in projects.iterator(chunk_size=1000):
        villages = list(project.villages.all())
        # A project the early-warning job has not assessed yet has no assessment row.
        assessment = getattr(project, "assessment", None)
        yield [
            project.pk,
            project.fiscal_year,
            project.name,
            project.agency.short_name,
            project.get_sector_display(),
            "; ".join(village.display_name for village in villages),
            "; ".join(sorted({village.parent.display_name for village in villages if village.parent})),
            project.latitude,
            project.longitude,
            project.get_funding_source_display(),
            project.budget_ceiling,
            project.contractor.name if project.contractor else "",
            project.contract_number,
            project.contract_date,
            project.contract_value,
            project.start_date,
            project.planned_end_date,
            project.get_status_display(),
            assessment.get_status_display() if assessment else "",
            project.physical_progress,
            project.financial_progress,
            project.progress_date,
            absolute(reverse("portal:project_detail", args=[project.pk])),
        ]
