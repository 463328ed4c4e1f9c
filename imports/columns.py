"""The columns of the import file: their Indonesian headers, which are required, and what goes in them.

Headers are part of the file format, so they stay in Indonesian whatever the screen language is. They are
matched without regard to case and spaces, with or without the part in brackets, and through the aliases
people commonly write ("Pagu Anggaran" for "Pagu").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

PACKAGE_SHEET = "Paket"
SCHEDULE_SHEET = "Kurva S"
INSTRUCTIONS_SHEET = "Petunjuk"
CHOICES_SHEET = "Pilihan"

# A package row whose Nama Paket starts with this word is the template's example and is skipped.
EXAMPLE_MARKER = "CONTOH"

# Headers of a running-number column ("No.") that people add in front; its values are ignored.
IGNORED_HEADERS = {"no", "no.", "nomor urut"}


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool
    description: str | Promise
    aliases: tuple[str, ...] = ()
    width: int = 18

    def accepted_names(self) -> set[str]:
        names = {header_key(self.header), header_key(_without_brackets(self.header))}
        names.update(header_key(alias) for alias in self.aliases)
        return names


PACKAGE_COLUMNS = [
    Column(
        "fiscal_year",
        "Tahun Anggaran",
        True,
        _("Fiscal year, four digits, for example 2026."),
        aliases=("tahun", "ta"),
        width=14,
    ),
    Column(
        "name",
        "Nama Paket",
        True,
        _(
            "Name of the work package as in the contract, at most 300 characters. A row whose name starts "
            "with CONTOH is the example and is not imported."
        ),
        aliases=("nama pekerjaan", "nama kegiatan", "paket pekerjaan"),
        width=40,
    ),
    Column(
        "agency",
        "OPD",
        True,
        _("Short or full name of the agency, for example Dinas PUPR. An OPD user may only import their own OPD."),
        aliases=("perangkat daerah", "organisasi perangkat daerah", "nama opd", "dinas"),
        width=22,
    ),
    Column(
        "sector",
        "Sektor",
        True,
        _("Choose a sector from the list in the sheet Pilihan, or write its code."),
        aliases=("bidang",),
    ),
    Column(
        "villages",
        "Desa",
        True,
        _(
            "One or more desa, separated by ; or , and written as the Kemendagri code (19.06.01.2001) or "
            "the name. Where two desa share a name, write the code or the kecamatan in brackets: "
            "Gantung (Gantung)."
        ),
        aliases=("desa/kelurahan", "kode desa", "nama desa", "lokasi desa"),
        width=28,
    ),
    Column(
        "location_description",
        "Lokasi",
        False,
        _("Street, hamlet (dusun) or landmark, at most 300 characters."),
        aliases=("lokasi pekerjaan", "alamat"),
        width=28,
    ),
    Column(
        "latitude",
        "Lintang",
        False,
        _("Latitude in decimal degrees, negative south of the equator, for example -2,870500."),
        aliases=("latitude", "lat"),
        width=12,
    ),
    Column(
        "longitude",
        "Bujur",
        False,
        _("Longitude in decimal degrees, for example 108,281000."),
        aliases=("longitude", "lng", "lon"),
        width=12,
    ),
    Column(
        "funding_source",
        "Sumber Dana",
        True,
        _("Choose from the list in the sheet Pilihan, for example APBD or DAK."),
        width=16,
    ),
    Column(
        "budget_ceiling",
        "Pagu",
        True,
        _("Budget ceiling in rupiah, for example 1.250.000.000 or Rp 1.250.000.000,00."),
        aliases=("pagu anggaran", "nilai pagu"),
    ),
    Column(
        "rup_code",
        "Kode RUP",
        False,
        _("Code of the package in SIRUP. Fill it in (or the contract number) so that a new upload updates the row."),
        aliases=("rup", "kode sirup"),
        width=14,
    ),
    Column(
        "contractor",
        "Penyedia",
        False,
        _("Name of the contractor, for example CV Karya Mandiri. A new name is added to the contractor list."),
        aliases=("kontraktor", "nama penyedia", "penyedia jasa", "pelaksana"),
        width=24,
    ),
    Column(
        "contract_number",
        "Nomor Kontrak",
        False,
        _("Number of the contract as written on it."),
        aliases=("no kontrak", "no. kontrak", "nomor spk", "no spk"),
        width=22,
    ),
    Column(
        "contract_date",
        "Tanggal Kontrak",
        False,
        _("Date the contract was signed, day first: 02/03/2026 or 2 Maret 2026."),
        aliases=("tgl kontrak",),
        width=16,
    ),
    Column(
        "contract_value",
        "Nilai Kontrak",
        False,
        _("Contract value in rupiah, at most the budget ceiling."),
        aliases=("nilai kontrak (rp)",),
    ),
    Column(
        "start_date",
        "Tanggal Mulai (SPMK)",
        False,
        _("Date in the order to start work (SPMK), day first. Week 1 of the kurva S starts on it."),
        aliases=("tanggal spmk", "tgl mulai", "tgl spmk", "mulai"),
        width=16,
    ),
    Column(
        "duration_days",
        "Durasi (hari kalender)",
        False,
        _("Duration in calendar days, for example 150."),
        aliases=("durasi (hari)", "jangka waktu", "waktu pelaksanaan", "lama pekerjaan"),
        width=12,
    ),
    Column(
        "planned_end_date",
        "Tanggal Selesai",
        False,
        _(
            "Planned end date. Leave it empty to have it computed: start date plus duration minus one day. "
            "If you fill it in, it must match that date."
        ),
        aliases=("tgl selesai", "tanggal akhir", "selesai"),
        width=16,
    ),
    Column(
        "ppk_name",
        "PPK",
        False,
        _("Name of the official who signs the contract (PPK)."),
        aliases=("nama ppk", "pejabat pembuat komitmen"),
        width=22,
    ),
    Column(
        "supervisor",
        "Konsultan Pengawas",
        False,
        _("Name of the supervision consultant, if any."),
        aliases=("pengawas", "konsultan"),
        width=24,
    ),
    Column(
        "status",
        "Status",
        False,
        _(
            "Choose from the list in the sheet Pilihan. When empty, a new package is Planned and an existing one "
            "keeps its status."
        ),
        aliases=("status pekerjaan", "status paket"),
        width=16,
    ),
]

SCHEDULE_COLUMNS = [
    Column(
        "package",
        "Paket (baris atau Kode RUP)",
        True,
        _("Row number of the package in the sheet Paket, or its Kode RUP."),
        aliases=("paket", "nomor baris paket", "baris paket", "kode rup", "baris"),
        width=20,
    ),
    Column(
        "week",
        "Minggu",
        True,
        _("Week number: 1, 2, 3 and so on. Week 1 starts on the SPMK date."),
        aliases=("minggu ke", "minggu ke-"),
        width=10,
    ),
    Column(
        "planned_percent",
        "Rencana Kumulatif (%)",
        True,
        _("Planned cumulative physical progress at the end of the week, 0 to 100, never lower than the week before."),
        aliases=("rencana kumulatif", "rencana (%)", "rencana", "kumulatif rencana"),
        width=14,
    ),
]


def header_key(text) -> str:
    """Return the form of a header used for matching: lower case, without spaces or a required-mark "*"."""
    return re.sub(r"\s+", "", str(text or "")).rstrip("*").casefold()


def _without_brackets(text: str) -> str:
    return re.sub(r"\(.*?\)", "", text)


def column_for_header(columns: list[Column], header) -> Column | None:
    key = header_key(header)
    for column in columns:
        if key in column.accepted_names():
            return column
    return None
