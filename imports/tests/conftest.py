"""Builders for import files: workbooks made with openpyxl and CSV text, as users would upload them."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from imports.columns import PACKAGE_COLUMNS, SCHEDULE_COLUMNS
from regions.models import Region

PACKAGE_HEADERS = [column.header for column in PACKAGE_COLUMNS]
SCHEDULE_HEADERS = [column.header for column in SCHEDULE_COLUMNS]


def package_row(**overrides) -> dict:
    """Return a valid package row keyed by header. Keyword arguments replace cells, with "_" for " "."""
    row = {
        "Tahun Anggaran": 2026,
        "Nama Paket": "Rehabilitasi Gedung SD Negeri 3 Manggar",
        "OPD": "Dinas PUPR",
        "Sektor": "schools",
        "Desa": "19.06.01.2001",
        "Lokasi": "Jalan Sekolah, Dusun I",
        "Lintang": "-2,8705",
        "Bujur": "108,281",
        "Sumber Dana": "DAK",
        "Pagu": "Rp 850.000.000",
        "Kode RUP": "40112233",
        "Penyedia": "CV Bangun Timur",
        "Nomor Kontrak": "027/SPK/PUPR/2026",
        "Tanggal Kontrak": "02/03/2026",
        "Nilai Kontrak": "812.500.000,00",
        "Tanggal Mulai (SPMK)": "9 Maret 2026",
        "Durasi (hari kalender)": 120,
        "Tanggal Selesai": "",
        "PPK": "Ir. Yusuf Hamdani",
        "Konsultan Pengawas": "CV Cipta Konsultan",
        "Status": "in_progress",
    }
    for key, value in overrides.items():
        header = key.replace("_", " ")
        assert header in row, f"{header!r} is not a template column; set row[...] for headers with brackets"
        row[header] = value
    return row


def workbook_bytes(
    rows: list[dict],
    *,
    schedule: list[list] | None = None,
    headers: list[str] | None = None,
    sheet: str = "Paket",
    title_rows: list[list] | None = None,
) -> bytes:
    workbook = Workbook()
    packages = workbook.active
    packages.title = sheet
    if headers is None:
        headers = list(rows[0]) if rows else PACKAGE_HEADERS
    for title in title_rows or []:
        packages.append(title)
    packages.append(headers)
    for row in rows:
        packages.append([row.get(header) for header in headers])
    if schedule is not None:
        sheet_schedule = workbook.create_sheet("Kurva S")
        sheet_schedule.append(SCHEDULE_HEADERS)
        for entry in schedule:
            sheet_schedule.append(entry)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_upload(rows: list[dict], *, name: str = "paket.xlsx", **options) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, workbook_bytes(rows, **options))


def csv_upload(
    rows: list[dict], *, delimiter: str = ";", bom: bool = True, name: str = "paket.csv"
) -> SimpleUploadedFile:
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    headers = list(rows[0])
    writer.writerow(headers)
    for row in rows:
        writer.writerow(["" if row[header] is None else row[header] for header in headers])
    text = ("\ufeff" if bom else "") + buffer.getvalue()
    return SimpleUploadedFile(name, text.encode("utf-8"))


@pytest.fixture
def twin_village(regions):
    """A second desa named Kurnia Jaya, in kecamatan Gantung, so that the name alone is ambiguous."""
    return Region.objects.create(
        code="19.06.02.2002", name="Kurnia Jaya", level=4, kind="desa", parent=regions["gantung"]
    )
