"""Read an uploaded .xlsx or .csv file into tables of raw cell values keyed by column.

Everything that makes the file unreadable as a whole (wrong type, corrupt, empty, too large, a missing
sheet or required column) raises DomainError with a translated message. Problems in the header row that
still let the rows be read (an unknown or repeated column) come back as RowError entries.
"""

from __future__ import annotations

import csv
import io
import logging
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from core.errors import DomainError
from imports.columns import (
    IGNORED_HEADERS,
    PACKAGE_COLUMNS,
    PACKAGE_SHEET,
    SCHEDULE_COLUMNS,
    SCHEDULE_SHEET,
    Column,
    column_for_header,
    header_key,
)
from imports.errors import RowError
from imports.parsing import is_blank

logger = logging.getLogger(__name__)

FILE_FORMATS = ("xlsx", "csv")
# The header row may sit below a title. It is looked for in this many rows from the top.
HEADER_SEARCH_ROWS = 10
MAX_DATA_ROWS = 5000
# The kurva S takes one row per package and week: 5000 packages of about 20 weeks each.
MAX_SCHEDULE_ROWS = 100_000
# Reading stops after this many empty rows in a row, so that a sheet with a million formatted but empty
# rows does not keep the server busy.
# NOTE: a data row after such a gap is not read. No real import file is expected to have one.
MAX_EMPTY_RUN = 2000
# An .xlsx is a zip archive. Its unpacked size is capped so that a small upload cannot expand into
# gigabytes. Ordinary sheets compress roughly 5 to 15 times (an estimate from typical workbooks).
UNPACKED_SIZE_FACTOR = 30
CSV_DELIMITERS = (";", ",", "\t")
XLSX_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    InvalidFileException,
    KeyError,
    ValueError,
    TypeError,
    IndexError,
    AttributeError,
    SyntaxError,  # xml.etree.ElementTree.ParseError and defusedxml's errors derive from it
    EOFError,
    OSError,
)


@dataclass
class SourceRow:
    number: int
    values: dict[str, Any]


@dataclass
class Table:
    sheet: str
    header_row: int
    headers: dict[str, str]
    rows: list[SourceRow] = field(default_factory=list)


@dataclass
class SourceFile:
    packages: Table
    schedule: Table | None
    header_errors: list[RowError]


def file_format_for(filename: str) -> str:
    """Return "xlsx" or "csv" from the file name, or raise DomainError for any other kind of file."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension in FILE_FORMATS:
        return extension
    if extension in {"xls", "xlsm", "xlsb", "ods"}:
        raise DomainError(
            "import_old_format",
            _("The file %(name)s is not an .xlsx workbook. Open it in Excel, save it as .xlsx and upload it again.")
            % {"name": filename},
        )
    raise DomainError(
        "import_file_type",
        _("The file %(name)s is neither .xlsx nor .csv. Upload the filled-in template as .xlsx or .csv.")
        % {"name": filename},
    )


def read_upload(file) -> bytes:
    """Return the upload's content, or raise DomainError when it is empty or over the size limit."""
    limit = settings.SIMPOR_MAX_IMPORT_BYTES
    data = file.read(limit + 1)
    if not data:
        raise DomainError("import_empty", _("The file is empty. Fill in the template and upload it again."))
    if len(data) > limit:
        raise DomainError(
            "import_too_large",
            _("The file is larger than %(limit)s MB. Split the packages over several files.")
            % {"limit": _megabytes(limit)},
        )
    return data


def read_source(data: bytes, file_format: str) -> SourceFile:
    if file_format == "xlsx":
        return _read_xlsx(data)
    if file_format == "csv":
        return _read_csv(data)
    raise DomainError("import_file_type", _("Upload the filled-in template as .xlsx or .csv."))


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g}".replace(".", ",")


# --- xlsx ---


def _read_xlsx(data: bytes) -> SourceFile:
    buffer = io.BytesIO(data)
    if not zipfile.is_zipfile(buffer):
        raise DomainError(
            "import_not_xlsx",
            _(
                "The file is not a readable Excel workbook (.xlsx): it is another kind of file, or it was "
                "damaged while being copied. Open it in Excel or LibreOffice, save it as .xlsx and upload it again."
            ),
        )
    _check_unpacked_size(buffer, len(data))

    try:
        workbook = load_workbook(buffer, read_only=True, data_only=True)
        try:
            return _read_workbook(workbook)
        finally:
            workbook.close()
    except XLSX_ERRORS as error:
        logger.info("Unreadable xlsx upload (%s bytes): %r", len(data), error)
        raise DomainError(
            "import_corrupt",
            _("The workbook is damaged and cannot be read. Open it in Excel, save it again as .xlsx and upload it."),
        ) from None


def _check_unpacked_size(buffer: io.BytesIO, packed_size: int) -> None:
    try:
        with zipfile.ZipFile(buffer) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise DomainError(
            "import_corrupt",
            _("The workbook is damaged and cannot be read. Open it in Excel, save it again as .xlsx and upload it."),
        ) from None
    if unpacked > UNPACKED_SIZE_FACTOR * max(packed_size, settings.SIMPOR_MAX_IMPORT_BYTES // 10):
        logger.warning("Rejected xlsx upload that unpacks from %s to %s bytes", packed_size, unpacked)
        raise DomainError(
            "import_too_large",
            _("The workbook holds too much data. Split the packages over several files."),
        )


def _read_workbook(workbook) -> SourceFile:
    sheets = {header_key(name): name for name in workbook.sheetnames}
    package_name = sheets.get(header_key(PACKAGE_SHEET))
    if package_name is None:
        raise DomainError(
            "import_no_package_sheet",
            _(
                "The workbook has no sheet named '%(sheet)s'. Its sheets are: %(sheets)s. Use the template, "
                "or rename the sheet with the packages to '%(sheet)s'."
            )
            % {"sheet": PACKAGE_SHEET, "sheets": ", ".join(workbook.sheetnames)},
        )
    header_errors: list[RowError] = []
    packages = _table(PACKAGE_SHEET, _sheet_rows(workbook[package_name]), PACKAGE_COLUMNS, header_errors)

    schedule = None
    schedule_name = sheets.get(header_key(SCHEDULE_SHEET))
    if schedule_name is not None:
        schedule = _table(
            SCHEDULE_SHEET,
            _sheet_rows(workbook[schedule_name]),
            SCHEDULE_COLUMNS,
            header_errors,
            optional=True,
            max_rows=MAX_SCHEDULE_ROWS,
        )
    return SourceFile(packages=packages, schedule=schedule, header_errors=header_errors)


def _sheet_rows(worksheet) -> Iterator[tuple[int, list[Any]]]:
    # Some programs write a wrong sheet size into the file. Without this reset, read-only mode trusts
    # that size and leaves out columns.
    worksheet.reset_dimensions()
    for number, cells in enumerate(worksheet.iter_rows(), start=1):
        yield number, [_cell_value(cell) for cell in cells]


def _cell_value(cell) -> Any:
    value = cell.value
    # A cell formatted as a percentage shows 45% but stores 0.45.
    if isinstance(value, (int, float)) and not isinstance(value, bool) and "%" in (cell.number_format or ""):
        return Decimal(str(value)) * 100
    return value


# --- csv ---


def _read_csv(data: bytes) -> SourceFile:
    if data.startswith(b"PK\x03\x04"):
        raise DomainError(
            "import_csv_is_xlsx",
            _("The file is an Excel workbook with the ending .csv. Rename it to .xlsx and upload it again."),
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DomainError(
            "import_csv_encoding",
            _(
                "The CSV file is not in UTF-8. In Excel choose Save As, type 'CSV UTF-8 (Comma delimited)', "
                "and upload that file."
            ),
        ) from None
    if "\x00" in text:
        raise DomainError("import_csv_binary", _("The file is not a CSV text file. Upload the template as .csv."))
    if not text.strip():
        raise DomainError("import_empty", _("The file is empty. Fill in the template and upload it again."))

    delimiter = _detect_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    # Row numbers count records, as Excel numbers the rows when it opens the file.
    rows = ((number, record) for number, record in enumerate(reader, start=1))
    header_errors: list[RowError] = []
    try:
        packages = _table(PACKAGE_SHEET, rows, PACKAGE_COLUMNS, header_errors)
    except csv.Error as error:
        raise DomainError(
            "import_csv_malformed",
            _("The CSV file cannot be read: %(error)s. Save it again from Excel as CSV UTF-8.") % {"error": error},
        ) from None
    return SourceFile(packages=packages, schedule=None, header_errors=header_errors)


def _detect_delimiter(text: str) -> str:
    """Return the delimiter whose split of the first lines finds the most known column headers."""
    head = "\n".join(text.splitlines()[:HEADER_SEARCH_ROWS])
    best, best_count = CSV_DELIMITERS[0], -1
    for delimiter in CSV_DELIMITERS:
        try:
            records = list(csv.reader(io.StringIO(head), delimiter=delimiter))
        except csv.Error:
            continue
        count = max((_known_headers(record, PACKAGE_COLUMNS) for record in records), default=0)
        if count > best_count:
            best, best_count = delimiter, count
    return best


# --- shared ---


def _known_headers(cells: list[Any], columns: list[Column]) -> int:
    return sum(1 for cell in cells if column_for_header(columns, cell) is not None)


def _table(
    sheet: str,
    rows: Iterable[tuple[int, list[Any]]],
    columns: list[Column],
    header_errors: list[RowError],
    *,
    optional: bool = False,
    max_rows: int = MAX_DATA_ROWS,
) -> Table:
    rows = iter(rows)
    top = []
    for number, cells in rows:
        top.append((number, cells))
        if len(top) == HEADER_SEARCH_ROWS:
            break

    header_number, header_cells = _find_header(sheet, top, columns, optional=optional)
    positions, headers = _map_headers(sheet, header_number, header_cells, columns, header_errors)
    table = Table(sheet=sheet, header_row=header_number, headers=headers)

    pending = [(number, cells) for number, cells in top if number > header_number]
    empty_run = 0
    for number, cells in _chain(pending, rows):
        values = {key: cells[index] if index < len(cells) else None for key, index in positions.items()}
        if all(is_blank(value) for value in values.values()):
            empty_run += 1
            if empty_run >= MAX_EMPTY_RUN:
                break
            continue
        empty_run = 0
        if len(table.rows) == max_rows:
            raise DomainError(
                "import_too_many_rows",
                _("The sheet '%(sheet)s' has more than %(max)s rows. Split the packages over several files.")
                % {"sheet": sheet, "max": max_rows},
            )
        table.rows.append(SourceRow(number=number, values=values))
    return table


def _chain(first: list, rest: Iterator) -> Iterator:
    yield from first
    yield from rest


def _find_header(
    sheet: str, top: list[tuple[int, list[Any]]], columns: list[Column], *, optional: bool
) -> tuple[int, list[Any]]:
    """Return the first of the top rows that contains every required header, or raise DomainError naming
    the required headers missing from the best candidate."""
    required = [column for column in columns if column.required]
    best: tuple[int, list[Any]] | None = None
    best_count = 0
    for number, cells in top:
        found = {column.key for cell in cells if (column := column_for_header(columns, cell))}
        if all(column.key in found for column in required):
            return number, cells
        if len(found) > best_count:
            best, best_count = (number, cells), len(found)

    if best is None:
        if optional and not any(not is_blank(cell) for _number, cells in top for cell in cells):
            return 0, []
        raise DomainError(
            "import_no_header",
            _(
                "The sheet '%(sheet)s' has no header row. Its first row must hold the column names of the "
                "template, such as %(headers)s."
            )
            % {"sheet": sheet, "headers": ", ".join(column.header for column in required)},
        )
    found = {column.key for cell in best[1] if (column := column_for_header(columns, cell))}
    missing = [column.header for column in required if column.key not in found]
    raise DomainError(
        "import_missing_columns",
        _("The sheet '%(sheet)s' lacks the required columns %(columns)s. Add them to the header row (row %(row)s).")
        % {"sheet": sheet, "columns": ", ".join(f"'{name}'" for name in missing), "row": best[0]},
    )


def _map_headers(
    sheet: str,
    header_number: int,
    header_cells: list[Any],
    columns: list[Column],
    header_errors: list[RowError],
) -> tuple[dict[str, int], dict[str, str]]:
    positions: dict[str, int] = {}
    headers: dict[str, str] = {}
    for index, cell in enumerate(header_cells):
        if is_blank(cell) or header_key(cell) in {header_key(name) for name in IGNORED_HEADERS}:
            continue
        written = str(cell).strip()
        column = column_for_header(columns, cell)
        if column is None:
            header_errors.append(
                RowError(
                    sheet,
                    header_number,
                    written,
                    _("This column is unknown. Rename it to a column of the template (%(headers)s) or delete it.")
                    % {"headers": ", ".join(known.header for known in columns)},
                )
            )
        elif column.key in positions:
            header_errors.append(
                RowError(
                    sheet,
                    header_number,
                    written,
                    _("The column '%(column)s' appears twice. Keep one of them.") % {"column": column.header},
                )
            )
        else:
            positions[column.key] = index
            headers[column.key] = written
    return positions, headers
