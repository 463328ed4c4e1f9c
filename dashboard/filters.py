"""The filters shared by the leaders' dashboard, its drill-down lists, the map data and the reports.

Every parameter is optional and Indonesian, so links read well when shared: ``?tahun=2026&opd=3&kecamatan=12``.
A value that is not a known choice or id is ignored rather than rejected, so an old bookmark still opens.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import QueryDict

from agencies.models import Agency
from earlywarning.models import ProjectStatus as AssessmentStatus
from projects import fiscal
from projects.models import Contractor, FundingSource, Project, Sector
from regions.models import Region

# Assessment statuses a leader can drill into, plus "none" for projects the rules have not judged yet.
NOT_ASSESSED = "none"
STATUS_CHOICES = [*AssessmentStatus.values, NOT_ASSESSED]


def _int_or_none(value: str | None) -> int | None:
    try:
        number = int(value or "")
    except ValueError:
        return None
    return number if number > 0 else None


@dataclass(frozen=True)
class Filters:
    """The parsed filter parameters; ``agency`` is forced to the user's OPD on the OPD dashboard."""

    year: int
    agency: int | None = None
    district: int | None = None
    village: int | None = None
    sector: str = ""
    funding: str = ""
    contractor: int | None = None
    status: str = ""

    # Query parameter name of each field, in the order links are written.
    PARAMETERS = {
        "year": "tahun",
        "agency": "opd",
        "district": "kecamatan",
        "village": "desa",
        "sector": "sektor",
        "funding": "sumber",
        "contractor": "kontraktor",
        "status": "status",
    }

    @classmethod
    def from_query(cls, query: QueryDict, *, agency: int | None = None) -> Filters:
        sector = query.get("sektor", "")
        funding = query.get("sumber", "")
        status = query.get("status", "")
        return cls(
            year=fiscal.parse_year(query.get("tahun"), fiscal.current_year()),
            agency=agency if agency is not None else _int_or_none(query.get("opd")),
            district=_int_or_none(query.get("kecamatan")),
            village=_int_or_none(query.get("desa")),
            sector=sector if sector in Sector.values else "",
            funding=funding if funding in FundingSource.values else "",
            contractor=_int_or_none(query.get("kontraktor")),
            status=status if status in STATUS_CHOICES else "",
        )

    def apply(self, projects: QuerySet[Project]) -> QuerySet[Project]:
        """Narrow ``projects`` by every filter that is set. Region filters use EXISTS, so no row repeats."""
        projects = projects.filter(fiscal_year=self.year)
        if self.agency:
            projects = projects.filter(agency_id=self.agency)
        if self.village:
            projects = projects.filter(
                pk__in=Project.villages.through.objects.filter(region_id=self.village).values("project_id")
            )
        elif self.district:
            projects = projects.filter(
                pk__in=Project.villages.through.objects.filter(region__parent_id=self.district).values("project_id")
            )
        if self.sector:
            projects = projects.filter(sector=self.sector)
        if self.funding:
            projects = projects.filter(funding_source=self.funding)
        if self.contractor:
            projects = projects.filter(contractor_id=self.contractor)
        if self.status == NOT_ASSESSED:
            projects = projects.filter(assessment__isnull=True)
        elif self.status:
            projects = projects.filter(assessment__status=self.status)
        return projects

    def query(self, **changes) -> str:
        """Return the filters as a query string, with ``changes`` (field name: value, None to drop) applied."""
        values = {field.name: getattr(self, field.name) for field in fields(self)}
        values.update(changes)
        pairs = [(self.PARAMETERS[name], value) for name, value in values.items() if value not in (None, "")]
        return urlencode(pairs)

    @property
    def is_narrowed(self) -> bool:
        """True when anything beyond the year is filtered."""
        return any(getattr(self, field.name) for field in fields(self) if field.name != "year")


def filter_choices(filters: Filters, *, agency_fixed: bool) -> dict:
    """Return the options of the filter form. Desa are offered only once a kecamatan is chosen."""
    districts = Region.objects.filter(
        level=Region.Level.DISTRICT, parent__code=settings.SIMPOR_REGENCY_CODE, is_active=True
    ).order_by("name")
    villages = (
        Region.objects.filter(level=Region.Level.VILLAGE, parent_id=filters.district).order_by("name")
        if filters.district
        else Region.objects.none()
    )
    contractors = Contractor.objects.filter(
        Q(projects__fiscal_year=filters.year) | Q(pk=filters.contractor or 0)
    ).distinct()
    if agency_fixed:
        contractors = contractors.filter(projects__agency_id=filters.agency)
    return {
        "agencies": [] if agency_fixed else list(Agency.objects.filter(is_active=True).order_by("short_name")),
        "districts": list(districts.only("pk", "name", "kind", "level")),
        "villages": list(villages.only("pk", "name", "kind", "level")),
        "sectors": Sector.choices,
        "fundings": FundingSource.choices,
        "contractors": list(contractors.order_by("name").only("pk", "name")),
        "statuses": AssessmentStatus.choices,
    }
