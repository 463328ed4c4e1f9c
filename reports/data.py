"""The content of the monthly monitoring report (laporan bulanan monitoring), shared by the PDF and the workbook.

Project figures (progress, status, deviation) are the latest known when the report is generated: the
early-warning assessment keeps no history per month. The month chooses which findings count as raised and
resolved "this month". A fixed number of queries whatever the data size.
"""

from __future__ import annotations

import base64
import calendar
import datetime
import logging
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.files.storage import default_storage
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from core.formatting import format_percent
from dashboard import summaries
from dashboard.filters import Filters
from dashboard.followup import findings_of
from earlywarning.models import ProjectStatus as AssessmentStatus
from evidence.models import Photo
from monitoring.models import FindingState
from projects import fiscal
from projects.models import Project
from regions.models import Region
from reports.charts import Bar, bar_chart_svg

logger = logging.getLogger(__name__)

CRITICAL_LISTED = 30
WORST_CASES_WITH_PHOTOS = 4
CHART_ROWS = 20

STATUS_COLORS = {
    AssessmentStatus.CRITICAL: "#b3261e",
    AssessmentStatus.LATE: "#e8710a",
    AssessmentStatus.STALE: "#8a6d00",
    AssessmentStatus.ON_TRACK: "#1b7a3a",
    AssessmentStatus.AHEAD: "#0b57d0",
    AssessmentStatus.NOT_STARTED: "#9aa0a6",
    AssessmentStatus.FINISHED: "#5f6368",
}


@dataclass
class WorstCase:
    project: Project
    reasons: list[str]
    photo_data_uri: str = ""
    photo_caption: str = ""


@dataclass
class MonthlyReport:
    year: int
    month: int
    regency_name: str
    agency_name: str
    generated_at: datetime.datetime
    headline: summaries.Figures
    agencies: list[summaries.Figures]
    districts: list[summaries.Figures]
    critical: list[Project]
    attention: list[Project]
    worst_cases: list[WorstCase] = field(default_factory=list)
    raised_this_month: int = 0
    resolved_this_month: int = 0
    charts: dict[str, SafeString] = field(default_factory=dict)

    @property
    def month_label(self) -> str:
        return date_format(datetime.date(self.year, self.month, 1), "YEAR_MONTH_FORMAT")

    @property
    def scope_label(self) -> str:
        return self.agency_name or self.regency_name


def regency_name() -> str:
    """Return the kabupaten's name for printed headers: SIMPOR_REGENCY_NAME, else the region's name."""
    if settings.SIMPOR_REGENCY_NAME:
        return settings.SIMPOR_REGENCY_NAME
    region = Region.objects.filter(code=settings.SIMPOR_REGENCY_CODE).first()
    if region is None:
        return "SIMPOR"
    # The region list names a regency "Kabupaten Belitung Timur" already; a bare name gets its kind in front.
    kind = region.get_kind_display() if region.kind else ""
    if not kind or region.name.casefold().startswith(kind.casefold()):
        return region.name
    return f"{kind} {region.name}"


def regency_logo_data_uri() -> str:
    """Return the logo in SIMPOR_REGENCY_LOGO as a data URI, or "" when it is unset or unreadable (logged)."""
    path = settings.SIMPOR_REGENCY_LOGO
    if not path:
        return ""
    types = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "svg": "image/svg+xml"}
    content_type = types.get(path.rsplit(".", 1)[-1].lower())
    try:
        with open(path, "rb") as logo:
            data = logo.read()
    except OSError:
        logger.warning("SIMPOR_REGENCY_LOGO %s cannot be read; reports go without a logo", path)
        return ""
    if content_type is None:
        logger.warning("SIMPOR_REGENCY_LOGO %s is not PNG, JPEG or SVG; reports go without a logo", path)
        return ""
    return f"data:{content_type};base64,{base64.b64encode(data).decode()}"


def _photo_data_uri(photo: Photo) -> str:
    field_file = photo.web or photo.thumbnail
    if not field_file:
        return ""
    try:
        with default_storage.open(field_file.name, "rb") as stored:
            data = stored.read()
    except OSError:
        logger.warning("Photo %s file %s is missing; the report shows the case without it", photo.pk, field_file.name)
        return ""
    return f"data:image/jpeg;base64,{base64.b64encode(data).decode()}"


def _worst_cases(attention: list[Project]) -> list[WorstCase]:
    """Pair the first attention projects with the newest village photo of each (one query)."""
    chosen = attention[:WORST_CASES_WITH_PHOTOS]
    photos: dict[int, Photo] = {}
    for photo in Photo.objects.filter(project__in=[p.pk for p in chosen], report__isnull=False).order_by(
        "project_id", "-received_at", "-pk"
    ):
        photos.setdefault(photo.project_id, photo)
    cases = []
    for project in chosen:
        photo = photos.get(project.pk)
        cases.append(
            WorstCase(
                project=project,
                reasons=project.reasons,
                photo_data_uri=_photo_data_uri(photo) if photo else "",
                photo_caption=date_format(timezone.localtime(photo.received_at), "DATE_FORMAT") if photo else "",
            )
        )
    return cases


def _points(value) -> str:
    text = format_percent(value, 1).rstrip("%")
    return text if Decimal(str(value)) < 0 else f"+{text}"


def _deviation_color(deviation: Decimal) -> str:
    """Red beyond 10 points behind plan, orange when behind at all, green otherwise."""
    if deviation < -10:
        return "#b3261e"
    if deviation < 0:
        return "#e8710a"
    return "#1b7a3a"


def charts(
    headline: summaries.Figures, rows: list[summaries.Figures], *, by_district: bool, width: int = 640
) -> dict[str, SafeString]:
    """Build the status chart and the deviation chart of ``rows`` (OPDs, or kecamatan when ``by_district``).

    The report prints them 640 units wide; the dashboard asks for a narrower drawing so labels stay legible when
    a phone scales it down.
    """
    label_width = 200
    status_bars = [
        Bar(label=label, value=count, color=STATUS_COLORS[status]) for status, label, count in headline.status_rows()
    ]
    result = {
        "statuses": bar_chart_svg(
            status_bars,
            title=_("Projects by status"),
            format_value=lambda v: f"{int(v)}",
            width=width,
            label_width=label_width,
        ),
    }
    # The chart shows the worst rows only, so it stays readable on one page; the tables list every row.
    measured = sorted((row for row in rows if row.deviation is not None), key=lambda row: row.deviation)
    deviation_bars = [
        Bar(label=row.name, value=row.deviation, color=_deviation_color(row.deviation)) for row in measured[:CHART_ROWS]
    ]
    if deviation_bars:
        if by_district:
            title = _("Deviation per kecamatan, the worst %(count)s (points)") % {"count": len(deviation_bars)}
        else:
            title = _("Deviation per OPD, the worst %(count)s (points)") % {"count": len(deviation_bars)}
        result["deviation"] = bar_chart_svg(
            deviation_bars, title=title, format_value=_points, width=width, label_width=label_width
        )
    return result


def monthly_report(*, year: int, month: int, projects, agency_name: str = "") -> MonthlyReport:
    """Build the report of ``projects`` (already scoped to the user and narrowed by the filters)."""
    first = datetime.date(year, month, 1)
    last = datetime.date(year, month, calendar.monthrange(year, month)[1])
    findings = findings_of(projects)
    attention = summaries.needs_attention(projects)
    critical = list(
        projects.filter(assessment__status=AssessmentStatus.CRITICAL)
        .select_related("agency", "contractor", "assessment")
        .order_by(F("assessment__deviation").asc(nulls_last=True), "pk")[:CRITICAL_LISTED]
    )
    report = MonthlyReport(
        year=year,
        month=month,
        regency_name=regency_name(),
        agency_name=agency_name,
        generated_at=timezone.localtime(),
        headline=summaries.headline(projects),
        agencies=[] if agency_name else summaries.by_agency(projects),
        districts=summaries.by_district(projects),
        critical=critical,
        attention=attention,
        raised_this_month=findings.filter(created_at__date__range=(first, last)).count(),
        resolved_this_month=findings.filter(state=FindingState.RESOLVED, closed_at__date__range=(first, last)).count(),
    )
    report.worst_cases = _worst_cases(attention)
    report.charts = charts(
        report.headline, report.districts if agency_name else report.agencies, by_district=bool(agency_name)
    )
    return report


def parse_month(value: str | None, default: int) -> int:
    try:
        month = int(value or "")
    except ValueError:
        return default
    return month if 1 <= month <= 12 else default


def report_for_request(request, projects, filters: Filters, agency_name: str) -> MonthlyReport:
    today = fiscal.local_today()
    default_month = today.month if filters.year == today.year else 12
    month = parse_month(request.GET.get("bulan"), default_month)
    return monthly_report(year=filters.year, month=month, projects=projects, agency_name=agency_name)
