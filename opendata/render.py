"""Renderers of tabular downloads, guarded against spreadsheet formula injection."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

# A spreadsheet runs a cell that starts with one of these as a formula (also after a tab or carriage return).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def guard_text(value: str) -> str:
    """Prefix text that a spreadsheet would read as a formula with an apostrophe, so it stays text."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, str):
        return guard_text(value)
    return value


class _Echo:
    def write(self, value: str) -> str:
        return value


def iter_csv(headers: list[str], rows: Iterable[list[Any]]) -> Iterator[str]:
    """Yield CSV lines (UTF-8 with BOM so spreadsheet programs read the encoding right)."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow([guard_text(str(header)) for header in headers])
    for row in rows:
        yield writer.writerow([_csv_value(value) for value in row])


def render_xlsx(headers: list[str], rows: Iterable[list[Any]], *, title: str) -> bytes:
    """Return an XLSX workbook: numbers as numbers, dates as dates, text guarded and never a formula."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append([str(header) for header in headers])
    for row in rows:
        cells = []
        for value in row:
            if isinstance(value, Decimal):
                value = float(value)
            elif isinstance(value, str):
                value = guard_text(value)
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                # Text cells are stored as strings even when they start with "=".
                cell.data_type = "s"
            elif isinstance(value, datetime.date):
                cell.number_format = "yyyy-mm-dd"
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
