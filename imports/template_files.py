"""The blank templates users download, fill in and upload: an .xlsx workbook and a .csv file.

The workbook has four sheets. Paket takes one row per package and has an explanation on each header
and an example row. Kurva S takes the planned weekly schedule, and Petunjuk explains the import. Pilihan
lists the values the drop-down lists offer: sectors, funding sources, statuses, OPD and desa.
"""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from accounts import roles
from agencies.models import Agency
from imports.columns import (
    CHOICES_SHEET,
    EXAMPLE_MARKER,
    INSTRUCTIONS_SHEET,
    PACKAGE_COLUMNS,
    PACKAGE_SHEET,
    SCHEDULE_COLUMNS,
    SCHEDULE_SHEET,
    Column,
)
from imports.reading import MAX_DATA_ROWS
from projects.models import FundingSource, ProjectStatus, Sector
from regions.models import Region

# Rows below the header that get drop-down lists and cell formats.
PREPARED_ROWS = 1000
EXAMPLE_RUP_CODE = "12345678"
EXAMPLE_SCHEDULE = [Decimal("5"), Decimal("15"), Decimal("30"), Decimal("50")]
HEADER_FILL = PatternFill("solid", fgColor="E7F0F9")
EXAMPLE_FONT = Font(italic=True, color="5F6B76")
MONEY_FORMAT = "#,##0"
DATE_FORMAT = "dd/mm/yyyy"
TEXT_FORMAT = "@"


def template_xlsx(*, user) -> bytes:
    """Return the .xlsx template, with the OPD list narrowed to the user's own agency for an OPD user."""
    agencies = _agencies_for(user)
    villages = list(
        Region.objects.filter(
            level=Region.Level.VILLAGE, code__startswith=f"{settings.SIMPOR_REGENCY_CODE}.", is_active=True
        )
        .select_related("parent")
        .order_by("code")
    )
    example = _example_values(agencies, villages)

    workbook = Workbook()
    packages = workbook.active
    packages.title = PACKAGE_SHEET
    schedule = workbook.create_sheet(SCHEDULE_SHEET)
    instructions = workbook.create_sheet(INSTRUCTIONS_SHEET)
    choices = workbook.create_sheet(CHOICES_SHEET)

    _write_header(packages, PACKAGE_COLUMNS)
    _write_package_example(packages, example)
    _prepare_package_cells(packages)
    ranges = _write_choices(choices, agencies, villages)
    _add_lists(packages, ranges)

    _write_header(schedule, SCHEDULE_COLUMNS)
    for week, percent in enumerate(EXAMPLE_SCHEDULE, start=1):
        schedule.append([EXAMPLE_RUP_CODE, week, int(percent)])
        for cell in schedule[schedule.max_row]:
            cell.font = EXAMPLE_FONT
    for row in range(2, PREPARED_ROWS + 2):
        schedule.cell(row=row, column=1).number_format = TEXT_FORMAT

    _write_instructions(instructions)

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template_csv(*, user) -> bytes:
    """Return the .csv template: the Paket columns and the example row, semicolon-separated, UTF-8 with a
    byte order mark so that Excel shows the text correctly."""
    agencies = _agencies_for(user)
    villages = list(
        Region.objects.filter(
            level=Region.Level.VILLAGE, code__startswith=f"{settings.SIMPOR_REGENCY_CODE}.", is_active=True
        ).order_by("code")[:1]
    )
    example = _example_values(agencies, villages)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([_header_text(column) for column in PACKAGE_COLUMNS])
    writer.writerow([_csv_text(example.get(column.key)) for column in PACKAGE_COLUMNS])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _agencies_for(user) -> list[Agency]:
    agencies = Agency.objects.filter(regency__code=settings.SIMPOR_REGENCY_CODE, is_active=True)
    if not roles.is_admin(user):
        agencies = agencies.filter(pk=user.agency_id)
    return list(agencies.order_by("short_name"))


def _example_values(agencies: list[Agency], villages: list[Region]) -> dict:
    year = timezone.localdate().year
    village = villages[0] if villages else None
    village_name = village.name if village else "Lalang Jaya"
    return {
        "fiscal_year": year,
        "name": _("%(marker)s – Road improvement in Desa %(village)s")
        % {"marker": EXAMPLE_MARKER, "village": village_name},
        "agency": agencies[0].short_name if agencies else "Dinas PUPR",
        "sector": str(Sector.ROADS.label),
        "villages": village.code if village else f"{settings.SIMPOR_REGENCY_CODE}.01.2001",
        "location_description": _("Dusun I, from the village hall to the school"),
        "latitude": village.latitude if village and village.latitude is not None else Decimal("-2.870500"),
        "longitude": village.longitude if village and village.longitude is not None else Decimal("108.281000"),
        "funding_source": str(FundingSource.APBD.label),
        "budget_ceiling": Decimal("1250000000"),
        "rup_code": EXAMPLE_RUP_CODE,
        "contractor": "CV Karya Mandiri",
        "contract_number": f"600/12/PUPR/{year}",
        "contract_date": datetime.date(year, 3, 2),
        "contract_value": Decimal("1190000000"),
        "start_date": datetime.date(year, 3, 9),
        "duration_days": 150,
        "planned_end_date": None,
        "ppk_name": "Budi Santoso, S.T.",
        "supervisor": "CV Cipta Konsultan",
        "status": str(ProjectStatus.IN_PROGRESS.label),
    }


def _header_text(column: Column) -> str:
    return f"{column.header} *" if column.required else column.header


def _write_header(sheet, columns: list[Column]) -> None:
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index, value=_header_text(column))
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        requirement = _("Required.") if column.required else _("Optional.")
        cell.comment = Comment(f"{requirement} {column.description}", "SIMPOR", height=160, width=260)
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    # Room for headers that wrap onto a second line, such as "Tahun Anggaran *".
    sheet.row_dimensions[1].height = 32
    sheet.freeze_panes = "A2"


def _write_package_example(sheet, example: dict) -> None:
    for index, column in enumerate(PACKAGE_COLUMNS, start=1):
        value = example.get(column.key)
        cell = sheet.cell(row=2, column=index)
        _set_value(cell, value)
        cell.font = EXAMPLE_FONT


def _prepare_package_cells(sheet) -> None:
    """Give the empty rows the cell formats that keep Excel from changing what people type."""
    formats = {
        "budget_ceiling": MONEY_FORMAT,
        "contract_value": MONEY_FORMAT,
        "contract_date": DATE_FORMAT,
        "start_date": DATE_FORMAT,
        "planned_end_date": DATE_FORMAT,
        # Codes must stay text: Excel would show a long Kode RUP as 1,23E+07.
        "villages": TEXT_FORMAT,
        "rup_code": TEXT_FORMAT,
        "contract_number": TEXT_FORMAT,
    }
    for index, column in enumerate(PACKAGE_COLUMNS, start=1):
        number_format = formats.get(column.key)
        if number_format is None:
            continue
        for row in range(2, PREPARED_ROWS + 2):
            sheet.cell(row=row, column=index).number_format = number_format


def _write_choices(sheet, agencies: list[Agency], villages: list[Region]) -> dict[str, str]:
    """Write the value lists and return, per column key, the cell range a drop-down list refers to."""
    lists = {
        "sector": ("Sektor", [str(label) for label in Sector.labels]),
        "funding_source": ("Sumber Dana", [str(label) for label in FundingSource.labels]),
        "status": ("Status", [str(label) for label in ProjectStatus.labels]),
        "agency": ("OPD", [agency.short_name for agency in agencies]),
    }
    ranges = {}
    for index, (key, (title, values)) in enumerate(lists.items(), start=1):
        letter = get_column_letter(index)
        header = sheet.cell(row=1, column=index, value=title)
        header.font = Font(bold=True)
        header.fill = HEADER_FILL
        for row, value in enumerate(values, start=2):
            _set_value(sheet.cell(row=row, column=index), value)
        sheet.column_dimensions[letter].width = 30
        if values:
            ranges[key] = f"{CHOICES_SHEET}!${letter}$2:${letter}${len(values) + 1}"

    full_names_column = len(lists) + 1
    sheet.cell(row=1, column=full_names_column, value=_("OPD full name")).font = Font(bold=True)
    for row, agency in enumerate(agencies, start=2):
        _set_value(sheet.cell(row=row, column=full_names_column), agency.name)
    sheet.column_dimensions[get_column_letter(full_names_column)].width = 45

    village_columns = (_("Desa code"), _("Desa name"), _("Kecamatan"))
    first = full_names_column + 2
    for offset, title in enumerate(village_columns):
        cell = sheet.cell(row=1, column=first + offset, value=title)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        sheet.column_dimensions[get_column_letter(first + offset)].width = 20
    for row, village in enumerate(villages, start=2):
        _set_value(sheet.cell(row=row, column=first), village.code)
        _set_value(sheet.cell(row=row, column=first + 1), village.name)
        _set_value(sheet.cell(row=row, column=first + 2), village.parent.name if village.parent else "")
    sheet.freeze_panes = "A2"
    return ranges


def _add_lists(sheet, ranges: dict[str, str]) -> None:
    # A warning rather than a stop: the importer also accepts codes and common spellings not in the list.
    for index, column in enumerate(PACKAGE_COLUMNS, start=1):
        if column.key not in ranges:
            continue
        validation = DataValidation(
            type="list",
            # Excel stores the range without a leading "=" in the file.
            formula1=ranges[column.key],
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="warning",
            errorTitle=column.header,
            error=_("This value is not in the list in the sheet Pilihan."),
            promptTitle=column.header,
            prompt=str(column.description)[:255],
            showInputMessage=True,
        )
        letter = get_column_letter(index)
        validation.add(f"{letter}2:{letter}{PREPARED_ROWS + 1}")
        sheet.add_data_validation(validation)


def _write_instructions(sheet) -> None:
    lines = [
        (_("How to import work packages into SIMPOR"), "title"),
        ("", None),
        (_("1. Fill in one row per work package in the sheet Paket, starting below the header row."), None),
        (_("2. Columns marked * are required. Each header has a note that explains the column."), None),
        (
            _(
                "3. The grey row whose Nama Paket starts with CONTOH is an example. It is not imported; you may "
                "leave it or delete it."
            ),
            None,
        ),
        (
            _(
                "4. Write amounts in rupiah like 1.250.000.000 or Rp 1.250.000.000,00, and dates day first "
                "like 25/06/2026, 25-06-2026 or 25 Juni 2026. Excel number and date cells are accepted too."
            ),
            None,
        ),
        (
            _(
                "5. Sector, funding source, status and OPD have drop-down lists; the values are in the sheet "
                "Pilihan, together with the codes and names of every desa."
            ),
            None,
        ),
        (
            _(
                "6. For the planned schedule (kurva S), write one row per package and week in the sheet Kurva S: "
                "the package's row number in the sheet Paket or its Kode RUP, the week (1, 2, 3 and so on) and "
                "the planned cumulative progress in percent. Week 1 starts on the SPMK date."
            ),
            None,
        ),
        (
            _(
                "7. Upload the file on the Import page. SIMPOR checks every row first. If any row has an error, "
                "nothing is saved and every error is listed with its row and column; correct them and upload "
                "the file again."
            ),
            None,
        ),
        (
            _(
                "8. Uploading a package again updates it instead of adding it twice, when the row has the same "
                "fiscal year, OPD and Kode RUP (or, without a Kode RUP, the same contract number). Empty cells "
                "then keep the stored value, and kurva S rows replace the package's whole schedule."
            ),
            None,
        ),
        (
            _("9. At most %(rows)s packages fit in one file, and the file may be at most %(size)s MB.")
            % {"rows": MAX_DATA_ROWS, "size": f"{settings.SIMPOR_MAX_IMPORT_BYTES / (1024 * 1024):g}"},
            None,
        ),
        ("", None),
        (_("Columns"), "title"),
    ]
    for text, kind in lines:
        sheet.append([text])
        row = sheet.max_row
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=4)
        _fit_height(sheet, row, text, characters_per_line=120)
        if kind == "title":
            sheet.cell(row=row, column=1).font = Font(bold=True, size=13)
            sheet.row_dimensions[row].height = 20

    table_start = sheet.max_row + 1
    sheet.append([_("Sheet"), _("Column"), _("Required"), _("What to write")])
    for sheet_name, columns in ((PACKAGE_SHEET, PACKAGE_COLUMNS), (SCHEDULE_SHEET, SCHEDULE_COLUMNS)):
        for column in columns:
            required = _("yes") if column.required else _("no")
            sheet.append([sheet_name, column.header, required, str(column.description)])
            _fit_height(sheet, sheet.max_row, str(column.description), characters_per_line=95)
    for cell in sheet[table_start]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    for row in sheet.iter_rows(min_row=1):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.column_dimensions["A"].width = 12
    sheet.column_dimensions["B"].width = 28
    sheet.column_dimensions["C"].width = 9
    sheet.column_dimensions["D"].width = 90
    # Printed, the instructions fit the page width in landscape.
    sheet.page_setup.orientation = "landscape"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0


def _fit_height(sheet, row: int, text: str, *, characters_per_line: int) -> None:
    """Set a row's height for its wrapped text, because neither Excel (for merged cells) nor LibreOffice
    (for rows written by openpyxl) grows the row by itself."""
    lines = max(1, -(-len(text) // characters_per_line))
    sheet.row_dimensions[row].height = 15 * lines + 3


def _set_value(cell, value) -> None:
    """Write a value to a cell. Text starting with "=" stays text instead of becoming a formula."""
    if isinstance(value, datetime.date):
        cell.value = value
        cell.number_format = DATE_FORMAT
        return
    if isinstance(value, Decimal):
        cell.value = float(value) if value != value.to_integral_value() else int(value)
        if abs(value) >= 1000:
            cell.number_format = MONEY_FORMAT
        return
    cell.value = value
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"


def _csv_text(value) -> str:
    """Format a value the way the importer reads it, guarding against formula injection in Excel."""
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            whole = f"{int(value):,}".replace(",", ".")
            return whole
        return str(value).replace(".", ",")
    text = str(value)
    if text[:1] in {"=", "+", "-", "@"} and not _is_number_text(text):
        return "'" + text
    return text


def _is_number_text(text: str) -> bool:
    try:
        Decimal(text.replace(",", "."))
    except ArithmeticError:
        return False
    return True
