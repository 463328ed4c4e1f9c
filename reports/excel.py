"""The monthly report as an xlsx workbook: one sheet per table, numbers as numbers with Indonesian-style formats.

Excel shows the thousands and decimal separators of the reader's locale; the number formats below only choose
"Rp", the decimals and the "%" sign. Text cells that start like a formula are written as text.
"""

from __future__ import annotations

import io
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from reports.data import MonthlyReport

MONEY_FORMAT = '"Rp" #,##0'
PERCENT_FORMAT = '0.0"%"'
POINTS_FORMAT = "+0.0;-0.0;0.0"
INTEGER_FORMAT = "#,##0"
HEADER_FILL = PatternFill("solid", fgColor="E7F0F9")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value: str) -> str:
    """Prefix text that a spreadsheet would run as a formula with an apostrophe."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _cell_value(value):
    if isinstance(value, str):
        return safe_text(value)
    if isinstance(value, Decimal):
        return float(value)
    return value


def _sheet(workbook: Workbook, title: str, headers: list[tuple[str, str | None]], rows: list[list]) -> None:
    """Add a sheet with a bold header row, ``rows`` of values and each column's number format (None: text)."""
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append([safe_text(header) for header, _format in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        sheet.append([_cell_value(value) for value in row])
    for index, (header, number_format) in enumerate(headers, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(12, min(45, len(header) + 4)) if number_format else 40
        if number_format:
            for cell in sheet[letter][1:]:
                cell.number_format = number_format
    sheet.freeze_panes = "B2"


def _figures_rows(rows) -> list[list]:
    return [
        [
            row.name,
            row.projects,
            row.contract_value,
            row.physical,
            row.financial,
            row.planned,
            row.deviation,
            row.critical,
            row.late,
            row.stale,
            row.finished,
            row.followup.open,
            row.followup.overdue,
            row.followup.fix_rate,
        ]
        for row in rows
    ]


def _figures_headers(first: str) -> list[tuple[str, str | None]]:
    return [
        (first, None),
        (_("Projects"), INTEGER_FORMAT),
        (_("Contract value"), MONEY_FORMAT),
        (_("Physical progress (%)"), PERCENT_FORMAT),
        (_("Financial progress (%)"), PERCENT_FORMAT),
        (_("Planned progress (%)"), PERCENT_FORMAT),
        (_("Deviation (points)"), POINTS_FORMAT),
        (_("Critical"), INTEGER_FORMAT),
        (_("Late"), INTEGER_FORMAT),
        (_("No recent report"), INTEGER_FORMAT),
        (_("Finished"), INTEGER_FORMAT),
        (_("Open findings"), INTEGER_FORMAT),
        (_("Overdue findings"), INTEGER_FORMAT),
        (_("Findings fixed (%)"), PERCENT_FORMAT),
    ]


def _project_rows(projects) -> list[list]:
    rows = []
    for project in projects:
        assessment = getattr(project, "assessment", None)
        rows.append(
            [
                project.name,
                project.agency.short_name,
                project.contractor.name if project.contractor_id else "",
                project.contract_value,
                project.physical_progress,
                assessment.planned_percent if assessment else None,
                assessment.deviation if assessment else None,
                assessment.get_status_display() if assessment else "",
                "; ".join(getattr(project, "reasons", [])),
            ]
        )
    return rows


def _project_headers() -> list[tuple[str, str | None]]:
    return [
        (_("Project"), None),
        (_("OPD"), None),
        (_("Contractor"), None),
        (_("Contract value"), MONEY_FORMAT),
        (_("Physical progress (%)"), PERCENT_FORMAT),
        (_("Planned progress (%)"), PERCENT_FORMAT),
        (_("Deviation (points)"), POINTS_FORMAT),
        (_("Status"), None),
        (_("Reasons"), None),
    ]


def monthly_workbook(report: MonthlyReport) -> bytes:
    """Return the report as xlsx bytes."""
    workbook = Workbook()
    summary = workbook.active
    summary.title = _("Summary")[:31]
    headline = report.headline
    lines = [
        (_("Monthly monitoring report"), safe_text(report.scope_label), None),
        (_("Month"), report.month_label, None),
        (_("Generated"), date_format(report.generated_at, "DATETIME_FORMAT"), None),
        (_("Projects"), headline.projects, INTEGER_FORMAT),
        (_("Total contract value"), headline.contract_value, MONEY_FORMAT),
        (_("Physical progress (%)"), headline.physical, PERCENT_FORMAT),
        (_("Financial progress (%)"), headline.financial, PERCENT_FORMAT),
        (_("Planned progress (%)"), headline.planned, PERCENT_FORMAT),
        (_("Deviation (points)"), headline.deviation, POINTS_FORMAT),
        *[(label, count, INTEGER_FORMAT) for _value, label, count in headline.status_rows()],
        (_("Open findings"), headline.followup.open, INTEGER_FORMAT),
        (_("Overdue findings"), headline.followup.overdue, INTEGER_FORMAT),
        (_("Findings fixed (%)"), headline.followup.fix_rate, PERCENT_FORMAT),
        (_("Findings raised this month"), report.raised_this_month, INTEGER_FORMAT),
        (_("Findings resolved this month"), report.resolved_this_month, INTEGER_FORMAT),
    ]
    for label, value, number_format in lines:
        summary.append([safe_text(str(label)), _cell_value(value)])
        if number_format:
            summary.cell(row=summary.max_row, column=2).number_format = number_format
    summary.column_dimensions["A"].width = 36
    summary.column_dimensions["B"].width = 28
    summary["A1"].font = Font(bold=True)

    if report.agencies:
        _sheet(workbook, _("Per OPD"), _figures_headers(_("OPD")), _figures_rows(report.agencies))
    _sheet(workbook, _("Per kecamatan"), _figures_headers(_("Kecamatan")), _figures_rows(report.districts))
    _sheet(workbook, _("Needs attention"), _project_headers(), _project_rows(report.attention))
    _sheet(workbook, _("Critical contracts"), _project_headers(), _project_rows(report.critical))

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
