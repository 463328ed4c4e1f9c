import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import Workbook

from audit.models import AuditEntry
from core.errors import DomainError
from imports.reading import file_format_for
from imports.services import MAX_REPORTED_ERRORS, project_import
from imports.tests.conftest import csv_upload, package_row, workbook_bytes, xlsx_upload
from projects.models import Contractor, Project, ProjectStatus, ScheduleEntry


@pytest.fixture(autouse=True)
def _indonesian():
    with translation.override("id"):
        yield


def run_import(user, upload, file_format=None):
    return project_import(user=user, file=upload, file_format=file_format or file_format_for(upload.name))


def error_texts(result):
    return [error.text for error in result.errors]


# --- valid files ---


def test_xlsx_creates_projects_with_villages_and_schedule(users, regions):
    rows = [
        package_row(),
        package_row(
            Nama_Paket="Pembangunan Jembatan Sungai Manggar",
            Sektor="Jembatan",
            Desa="Lalang Jaya; Kurnia Jaya",
            Kode_RUP="40112234",
            Nomor_Kontrak="028/SPK/PUPR/2026",
            Penyedia="cv  bangun timur",
            Pagu="Rp1.500.000.000,-",
            Nilai_Kontrak="1450000000",
            Status="",
        ),
        package_row(
            Nama_Paket="Drainase Jalan Desa Gantung",
            Sektor="drainage",
            Desa="19.06.02.2001",
            Kode_RUP="",
            Nomor_Kontrak="",
            Penyedia="",
            Nilai_Kontrak="",
            Tanggal_Kontrak="",
            Lintang="",
            Bujur="",
            Sumber_Dana="APBD",
            Status="Direncanakan",
        ),
    ]
    schedule = [[2, 1, 5], [2, 2, "12,5"], ["40112233", 3, "30%"], [4, 1, 10]]

    result = run_import(users["admin"], xlsx_upload(rows, schedule=schedule))

    assert result.ok, error_texts(result)
    assert len(result.created) == 3
    assert result.updated == []
    assert result.schedules_replaced == 2
    assert Project.objects.count() == 3

    school = Project.objects.get(rup_code="40112233")
    assert school.fiscal_year == 2026
    assert school.agency.short_name == "Dinas PUPR"
    assert school.sector == "schools"
    assert school.funding_source == "dak"
    assert school.budget_ceiling == Decimal("850000000.00")
    assert school.contract_value == Decimal("812500000.00")
    assert school.contract_date == datetime.date(2026, 3, 2)
    assert school.start_date == datetime.date(2026, 3, 9)
    assert school.duration_days == 120
    assert school.planned_end_date == datetime.date(2026, 7, 6)
    assert school.latitude == Decimal("-2.870500")
    assert school.longitude == Decimal("108.281000")
    assert school.status == ProjectStatus.IN_PROGRESS
    assert school.ppk_name == "Ir. Yusuf Hamdani"
    assert school.supervisor == "CV Cipta Konsultan"
    assert list(school.villages.values_list("code", flat=True)) == ["19.06.01.2001"]
    assert list(school.schedule.values_list("week", "week_end", "planned_percent")) == [
        (1, datetime.date(2026, 3, 15), Decimal("5.00")),
        (2, datetime.date(2026, 3, 22), Decimal("12.50")),
        (3, datetime.date(2026, 3, 29), Decimal("30.00")),
    ]

    bridge = Project.objects.get(rup_code="40112234")
    assert bridge.sector == "bridges"
    assert bridge.budget_ceiling == Decimal("1500000000.00")
    assert bridge.status == ProjectStatus.PLANNED
    assert sorted(bridge.villages.values_list("code", flat=True)) == ["19.06.01.2001", "19.06.01.2002"]
    assert bridge.contractor_id == school.contractor_id
    assert Contractor.objects.filter(name="CV Bangun Timur").count() == 1
    assert Contractor.objects.count() == 1

    drainage = Project.objects.get(name="Drainase Jalan Desa Gantung")
    assert drainage.contractor is None
    assert drainage.latitude is None
    assert drainage.funding_source == "apbd"
    assert list(drainage.villages.values_list("code", flat=True)) == ["19.06.02.2001"]
    assert list(drainage.schedule.values_list("week", flat=True)) == [1]


def test_every_project_and_contractor_audited(users, regions):
    result = run_import(users["pupr"], xlsx_upload([package_row(), package_row(Kode_RUP="2", Nomor_Kontrak="2")]))

    assert result.ok, error_texts(result)
    project_entries = AuditEntry.objects.filter(object_type="projects.project")
    assert project_entries.count() == 2
    assert set(project_entries.values_list("action", flat=True)) == {"create"}
    assert set(project_entries.values_list("actor_id", flat=True)) == {users["pupr"].pk}
    assert all("paket.xlsx" in summary for summary in project_entries.values_list("summary", flat=True))
    assert AuditEntry.objects.filter(object_type="projects.contractor", action="create").count() == 1


def test_excel_number_date_and_percent_cells(users, regions):
    row = package_row(
        Pagu=1250000000,
        Nilai_Kontrak=1190000000.0,
        Tanggal_Kontrak=datetime.datetime(2026, 3, 2),
        Tanggal_Selesai=datetime.date(2026, 7, 6),
        Lintang=-2.8705,
        Bujur=108.281,
        Kode_RUP=40112233,
    )
    row["Tanggal Mulai (SPMK)"] = datetime.date(2026, 3, 9)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Paket"
    sheet.append(list(row))
    sheet.append(list(row.values()))
    schedule = workbook.create_sheet("Kurva S")
    schedule.append(["Paket (baris atau Kode RUP)", "Minggu", "Rencana Kumulatif (%)"])
    schedule.append([2, 1, 0.055])
    schedule["C2"].number_format = "0.00%"
    buffer = io.BytesIO()
    workbook.save(buffer)

    result = run_import(users["admin"], SimpleUploadedFile("paket.xlsx", buffer.getvalue()))

    assert result.ok, error_texts(result)
    project = Project.objects.get()
    assert project.budget_ceiling == Decimal("1250000000.00")
    assert project.contract_value == Decimal("1190000000.00")
    assert project.contract_date == datetime.date(2026, 3, 2)
    assert project.planned_end_date == datetime.date(2026, 7, 6)
    assert project.rup_code == "40112233"
    assert project.schedule.get().planned_percent == Decimal("5.50")


def test_csv_with_semicolons_and_bom(users, regions):
    rows = [package_row(), package_row(Kode_RUP="40112299", Nomor_Kontrak="", Pagu="1.250.000.000,00")]

    result = run_import(users["pupr"], csv_upload(rows, delimiter=";", bom=True))

    assert result.ok, error_texts(result)
    assert len(result.created) == 2
    assert Project.objects.get(rup_code="40112299").budget_ceiling == Decimal("1250000000.00")
    assert Project.objects.get(rup_code="40112233").start_date == datetime.date(2026, 3, 9)


def test_csv_with_commas_without_bom(users, regions):
    rows = [package_row(Desa="Lalang Jaya, Kurnia Jaya", Pagu="1.250.000.000,00", Lintang="-2.8705", Bujur="108.281")]

    result = run_import(users["pupr"], csv_upload(rows, delimiter=",", bom=False))

    assert result.ok, error_texts(result)
    project = Project.objects.get()
    assert project.budget_ceiling == Decimal("1250000000.00")
    assert project.villages.count() == 2


def test_csv_row_numbers_count_header(users, regions):
    rows = [package_row(), package_row(Kode_RUP="2", Pagu="banyak")]

    result = run_import(users["pupr"], csv_upload(rows))

    assert error_texts(result) == [
        "Baris 3, kolom 'Pagu': 'banyak' bukan angka rupiah yang sah. "
        "Tulis seperti 1.250.000.000 atau Rp 1.250.000.000."
    ]


def test_headers_match_without_case_and_spaces(users, regions):
    row = package_row()
    renamed = {
        "Tahun Anggaran": "TAHUN  ANGGARAN *",
        "Nama Paket": "nama paket",
        "Pagu": "Pagu Anggaran",
        "Tanggal Mulai (SPMK)": "tanggal mulai",
        "Durasi (hari kalender)": "DURASI",
        "Sumber Dana": "SumberDana",
    }
    row = {renamed.get(header, header): value for header, value in row.items()}

    result = run_import(users["pupr"], xlsx_upload([row], title_rows=[["DAFTAR PAKET DINAS PUPR 2026"], []]))

    assert result.ok, error_texts(result)
    project = Project.objects.get()
    assert project.start_date == datetime.date(2026, 3, 9)
    assert project.duration_days == 120


def test_example_row_is_skipped(users, regions):
    rows = [package_row(Nama_Paket="CONTOH – Peningkatan Jalan", Kode_RUP="12345678"), package_row()]

    result = run_import(users["pupr"], xlsx_upload(rows, schedule=[["12345678", 1, 5], [3, 1, 10]]))

    assert result.ok, error_texts(result)
    assert list(Project.objects.values_list("name", flat=True)) == ["Rehabilitasi Gedung SD Negeri 3 Manggar"]
    assert Project.objects.get().schedule.count() == 1


def test_end_date_without_duration_is_stored(users, regions):
    row = package_row(Tanggal_Selesai="30 Juni 2026")
    row["Durasi (hari kalender)"] = ""

    result = run_import(users["pupr"], xlsx_upload([row]))

    assert result.ok, error_texts(result)
    assert Project.objects.get().planned_end_date == datetime.date(2026, 6, 30)


def test_consistent_end_date_accepted(users, regions):
    row = package_row(Tanggal_Selesai="06/07/2026")

    result = run_import(users["pupr"], xlsx_upload([row]))

    assert result.ok, error_texts(result)


# --- invalid rows ---


def test_invalid_row_saves_nothing(users, regions):
    rows = [
        package_row(Penyedia="CV Baru Sekali"),
        package_row(Kode_RUP="40112234", Nomor_Kontrak="", Pagu="1,2,3"),
        package_row(Kode_RUP="40112235", Nomor_Kontrak=""),
    ]

    result = run_import(users["pupr"], xlsx_upload(rows, schedule=[[2, 1, 5]]))

    assert not result.ok
    assert error_texts(result) == [
        "Baris 3, kolom 'Pagu': '1,2,3' bukan angka rupiah yang sah. Tulis seperti 1.250.000.000 atau Rp 1.250.000.000."
    ]
    assert result.created == []
    assert Project.objects.count() == 0
    assert Contractor.objects.count() == 0
    assert ScheduleEntry.objects.count() == 0
    assert AuditEntry.objects.count() == 0


def test_all_errors_of_file_reported(users, regions):
    rows = [
        package_row(Tahun_Anggaran="dua ribu", Tanggal_Kontrak="31/02/2026"),
        package_row(Kode_RUP="2", OPD="Dinas Entah", Sektor="Jalan Tol", Sumber_Dana="Hibah"),
        package_row(Kode_RUP="3", Nama_Paket="", Pagu="-5.000.000"),
    ]
    rows[2]["Durasi (hari kalender)"] = "0"

    result = run_import(users["admin"], xlsx_upload(rows))

    texts = error_texts(result)
    assert result.error_count == len(texts) == 8
    assert texts[0] == (
        "Baris 2, kolom 'Tahun Anggaran': 'dua ribu' bukan bilangan bulat. Tulis dengan angka saja, misalnya 150."
    )
    assert texts[1].startswith("Baris 2, kolom 'Tanggal Kontrak': '31/02/2026' bukan tanggal yang ada.")
    assert texts[2].startswith("Baris 3, kolom 'OPD': Tidak ada OPD bernama 'Dinas Entah'")
    assert texts[3].startswith("Baris 3, kolom 'Sektor': 'Jalan Tol' bukan sektor yang dikenal. Tulis salah satu dari:")
    assert texts[4].startswith("Baris 3, kolom 'Sumber Dana': 'Hibah' bukan sumber dana yang dikenal.")
    assert texts[5].startswith("Baris 4, kolom 'Nama Paket': Kolom ini wajib diisi.")
    assert texts[6] == "Baris 4, kolom 'Pagu': '-5.000.000' bernilai negatif. Jumlah rupiah harus nol atau lebih."
    assert texts[7].startswith("Baris 4, kolom 'Durasi (hari kalender)': Durasi 0 hari tidak wajar.")


def test_errors_capped_with_count_of_rest(users, regions):
    rows = [package_row(Kode_RUP=str(number), Nomor_Kontrak="", Pagu="x") for number in range(230)]

    result = run_import(users["pupr"], xlsx_upload(rows))

    assert result.error_count == 230
    assert len(result.errors) == MAX_REPORTED_ERRORS
    assert result.unlisted_error_count == 30
    assert result.errors[0].row == 2
    assert result.errors[-1].row == MAX_REPORTED_ERRORS + 1


def test_unknown_header_reported(users, regions):
    row = package_row()
    row["Nilai Kontrk"] = row.pop("Nilai Kontrak")

    result = run_import(users["pupr"], xlsx_upload([row]))

    assert len(result.errors) == 1
    assert result.errors[0].row == 1
    assert result.errors[0].column == "Nilai Kontrk"
    assert "Kolom ini tidak dikenal" in result.errors[0].message
    assert Project.objects.count() == 0


def test_running_number_column_ignored(users, regions):
    row = {"No.": 1, **package_row()}

    result = run_import(users["pupr"], xlsx_upload([row]))

    assert result.ok, error_texts(result)


@pytest.mark.parametrize(
    ("overrides", "column", "message_part"),
    [
        ({"Pagu": "Rp 1.000.000", "Nilai Kontrak": "Rp 2.000.000"}, "Nilai Kontrak", "melebihi pagu Rp 1.000.000"),
        ({"Pagu": "0"}, "Pagu", "Pagu harus lebih dari nol"),
        ({"Tanggal Kontrak": "10/03/2026"}, "Tanggal Mulai (SPMK)", "lebih awal dari tanggal kontrak"),
        ({"Tanggal Selesai": "07/07/2026"}, "Tanggal Selesai", "ditambah 120 hari, yaitu 6 Juli 2026"),
        ({"Tanggal Selesai": "01/03/2026", "Tanggal Kontrak": ""}, "Tanggal Selesai", "lebih awal dari tanggal mulai"),
        ({"Lintang": "108,28", "Bujur": "-2,87"}, "Lintang", "tertukar"),
        ({"Lintang": "108,28"}, "Lintang", "di luar wilayah Indonesia"),
        ({"Lintang": "2,87", "Bujur": "-108,28"}, "Bujur", "di luar wilayah Indonesia"),
        ({"Bujur": ""}, "Bujur", "Lintang sudah diisi tetapi Bujur kosong"),
        ({"Tahun Anggaran": "2126"}, "Tahun Anggaran", "tidak wajar"),
        ({"Desa": "19.07.01.2001"}, "Desa", "Tidak ada desa berkode 19.07.01.2001"),
        ({"Desa": "Lalang Jaya; Sukamaju"}, "Desa", "Tidak ada desa bernama 'Sukamaju'"),
        ({"Desa": " ; "}, "Desa", "Desa belum diisi"),
        ({"Status": "Selesai"}, "Status", "bukan status paket yang dikenal"),
        ({"Nama Paket": "x" * 301}, "Nama Paket", "301 karakter"),
        ({"OPD": ""}, "OPD", "Kolom ini wajib diisi"),
    ],
)
def test_row_rules(users, regions, overrides, column, message_part):
    row = package_row()
    row.update(overrides)

    result = run_import(users["admin"], xlsx_upload([row]))

    assert len(result.errors) == 1, error_texts(result)
    assert result.errors[0].row == 2
    assert result.errors[0].column == column
    assert message_part in result.errors[0].message
    assert Project.objects.count() == 0


def test_inactive_village_code_rejected(users, regions):
    regions["kurnia_jaya"].is_active = False
    regions["kurnia_jaya"].save()

    result = run_import(users["pupr"], xlsx_upload([package_row(Desa="19.06.01.2002")]))

    assert "sudah tidak ada dalam daftar resmi" in result.errors[0].message


def test_ambiguous_village_name_names_candidates(users, regions, twin_village):
    result = run_import(users["pupr"], xlsx_upload([package_row(Desa="Kurnia Jaya")]))

    assert len(result.errors) == 1
    message = result.errors[0].message
    assert "cocok dengan lebih dari satu desa" in message
    assert "Kurnia Jaya, kode 19.06.01.2002, Kecamatan Manggar" in message
    assert "Kurnia Jaya, kode 19.06.02.2002, Kecamatan Gantung" in message


@pytest.mark.parametrize("written", ["Kurnia Jaya (Gantung)", "Desa Kurnia Jaya (Kecamatan Gantung)", "19.06.02.2002"])
def test_ambiguous_village_resolved(users, regions, twin_village, written):
    result = run_import(users["pupr"], xlsx_upload([package_row(Desa=written)]))

    assert result.ok, error_texts(result)
    assert list(Project.objects.get().villages.all()) == [twin_village]


def test_duplicate_rows_in_file_rejected(users, regions):
    result = run_import(users["pupr"], xlsx_upload([package_row(), package_row(Nama_Paket="Salinan")]))

    assert len(result.errors) == 1
    assert result.errors[0].row == 3
    assert result.errors[0].column == "Kode RUP"
    assert "Baris 2 memiliki nilai yang sama" in result.errors[0].message


# --- OPD scope ---


def test_opd_user_cannot_import_other_opd(users, regions):
    rows = [package_row(), package_row(Kode_RUP="2", OPD="Dinas Pendidikan dan Kebudayaan")]

    result = run_import(users["pupr"], xlsx_upload(rows))

    assert error_texts(result) == [
        "Baris 3, kolom 'OPD': Anda hanya dapat mengimpor paket milik OPD Anda sendiri, Dinas PUPR. "
        "Minta administrator untuk mengimpor baris ini."
    ]
    assert Project.objects.count() == 0


def test_agency_full_name_accepted(users, regions):
    row = package_row(OPD="dinas pendidikan dan  kebudayaan")

    result = run_import(users["education"], xlsx_upload([row]))

    assert result.ok, error_texts(result)
    assert Project.objects.get().agency.short_name == "Dinas Pendidikan"


def test_inactive_agency_rejected(users, regions, agencies):
    agencies["education"].is_active = False
    agencies["education"].save()

    result = run_import(users["admin"], xlsx_upload([package_row(OPD="Dinas Pendidikan")]))

    assert "sudah tidak aktif" in result.errors[0].message


@pytest.mark.parametrize("role", ["leader", "dprd", "lalang_jaya"])
def test_other_roles_cannot_import(users, regions, role):
    with pytest.raises(DomainError) as caught:
        run_import(users[role], xlsx_upload([package_row()]))

    assert caught.value.code == "import_not_allowed"
    assert Project.objects.count() == 0


# --- re-import ---


def test_reimport_updates_by_rup_code(users, regions):
    run_import(users["pupr"], xlsx_upload([package_row()], schedule=[[2, 1, 10], [2, 2, 20]]))
    project = Project.objects.get()
    changed = package_row(
        Nama_Paket="Rehabilitasi Gedung SD Negeri 3 Manggar (Tahap II)",
        Pagu="900.000.000",
        Desa="Kurnia Jaya",
        Tanggal_Selesai="",
        PPK="",
        Status="PHO",
    )

    result = run_import(users["pupr"], xlsx_upload([changed], schedule=[[2, 1, 15], [2, 2, 40], [2, 3, 60]]))

    assert result.ok, error_texts(result)
    assert result.created == []
    assert result.updated == [project]
    assert Project.objects.count() == 1
    project.refresh_from_db()
    assert project.name == "Rehabilitasi Gedung SD Negeri 3 Manggar (Tahap II)"
    assert project.budget_ceiling == Decimal("900000000.00")
    assert project.status == ProjectStatus.PHO
    assert project.ppk_name == "Ir. Yusuf Hamdani"  # an empty cell keeps the stored value
    assert list(project.villages.values_list("code", flat=True)) == ["19.06.01.2002"]
    assert list(project.schedule.values_list("week", "planned_percent")) == [
        (1, Decimal("15.00")),
        (2, Decimal("40.00")),
        (3, Decimal("60.00")),
    ]
    update = AuditEntry.objects.get(object_type="projects.project", action="update")
    assert update.actor_id == users["pupr"].pk
    assert update.changes["budget_ceiling"] == ["850000000.00", "900000000.00"]


def test_reimport_same_file_changes_nothing(users, regions):
    rows = [package_row()]
    schedule = [[2, 1, 10], [2, 2, 20]]
    run_import(users["pupr"], xlsx_upload(rows, schedule=schedule))
    entries = AuditEntry.objects.count()

    result = run_import(users["pupr"], xlsx_upload(rows, schedule=schedule))

    assert result.ok, error_texts(result)
    assert len(result.unchanged) == 1
    assert result.updated == []
    assert result.created == []
    assert AuditEntry.objects.count() == entries


def test_reimport_matches_contract_number_without_rup(users, regions, make_project):
    project = make_project(rup_code="", contract_number="600/12/PUPR/2026", start_date=datetime.date(2026, 3, 9))
    ScheduleEntry.objects.create(
        project=project, week=1, week_end=datetime.date(2026, 3, 15), planned_percent=Decimal("4")
    )
    row = package_row(Kode_RUP="", Nomor_Kontrak="600/12/PUPR/2026")
    row["Tanggal Mulai (SPMK)"] = "16/03/2026"

    result = run_import(users["pupr"], xlsx_upload([row]))

    assert result.ok, error_texts(result)
    assert result.updated == [project]
    project.refresh_from_db()
    assert project.budget_ceiling == Decimal("850000000.00")
    assert project.planned_end_date == datetime.date(2026, 7, 13)
    assert project.schedule.get().week_end == datetime.date(2026, 3, 22)


def test_reimport_adds_rup_to_project_found_by_contract(users, regions, make_project):
    project = make_project(rup_code="", contract_number="027/SPK/PUPR/2026")

    result = run_import(users["pupr"], xlsx_upload([package_row()]))

    assert result.updated == [project]
    project.refresh_from_db()
    assert project.rup_code == "40112233"


def test_same_rup_in_other_fiscal_year_creates(users, regions, make_project):
    make_project(fiscal_year=2025, rup_code="40112233", contract_number="x")

    result = run_import(users["pupr"], xlsx_upload([package_row()]))

    assert len(result.created) == 1
    assert Project.objects.count() == 2


def test_same_rup_of_other_opd_creates(users, regions, make_project, agencies):
    make_project(agency=agencies["education"], rup_code="40112233", contract_number="x")

    result = run_import(users["pupr"], xlsx_upload([package_row()]))

    assert len(result.created) == 1


def test_contract_number_of_other_rup_rejected(users, regions, make_project):
    make_project(rup_code="99999999", contract_number="027/SPK/PUPR/2026")

    result = run_import(users["pupr"], xlsx_upload([package_row()]))

    assert result.errors[0].column == "Nomor Kontrak"
    assert "sudah dipakai paket" in result.errors[0].message
    assert "99999999" in result.errors[0].message


# --- kurva S ---


@pytest.mark.parametrize(
    ("schedule", "row", "column", "message_part"),
    [
        ([[2, 1, 30], [2, 2, 20]], 3, "Rencana Kumulatif (%)", "20,00% pada minggu ke-2 lebih rendah dari 30,00%"),
        ([[2, 1, 10], [2, 3, 20]], 3, "Minggu", "minggu ke-2 tidak ada"),
        ([[2, 1, 10], [2, 1, 20]], 3, "Minggu", "juga ada di baris 2"),
        ([[2, 1, 101]], 2, "Rencana Kumulatif (%)", "di luar 0 sampai 100"),
        ([[2, 0, 5]], 2, "Minggu", "Minggu ke-0 tidak wajar"),
        ([[9, 1, 5]], 2, "Paket (baris atau Kode RUP)", "'9' bukan nomor baris atau Kode RUP"),
        ([["", 1, 5]], 2, "Paket (baris atau Kode RUP)", "Kolom ini wajib diisi"),
    ],
)
def test_schedule_rules(users, regions, schedule, row, column, message_part):
    result = run_import(users["pupr"], xlsx_upload([package_row()], schedule=schedule))

    assert len(result.errors) == 1, error_texts(result)
    error = result.errors[0]
    assert error.sheet == "Kurva S"
    assert error.row == row
    assert error.column == column
    assert message_part in error.message
    assert error.text.startswith(f"Lembar 'Kurva S', baris {row}, kolom '{column}': ")
    assert Project.objects.count() == 0


def test_schedule_needs_start_date(users, regions):
    row = package_row()
    row["Tanggal Mulai (SPMK)"] = ""

    result = run_import(users["pupr"], xlsx_upload([row], schedule=[[2, 1, 5]]))

    assert len(result.errors) == 1
    assert "tidak memiliki Tanggal Mulai (SPMK)" in result.errors[0].message


# --- malformed files ---


def _real_xlsx() -> bytes:
    return workbook_bytes([package_row()])


def _xlsx_with_member(name: str, content: bytes) -> bytes:
    """Return the real workbook with one member replaced, as a damaged copy would have it."""
    source = zipfile.ZipFile(io.BytesIO(_real_xlsx()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for member in source.infolist():
            archive.writestr(member.filename, content if member.filename == name else source.read(member))
    return buffer.getvalue()


def _xlsx_with_bad_checksum() -> bytes:
    data = bytearray(_xlsx_with_member("xl/worksheets/sheet1.xml", b"<worksheet>" + b"x" * 4000 + b"</worksheet>"))
    start = data.index(b"xl/worksheets/sheet1.xml") + len("xl/worksheets/sheet1.xml") + 10
    data[start : start + 20] = bytes(20)
    return bytes(data)


def _zip_without_workbook() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "bukan buku kerja")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "code", "message_part"),
    [
        ("paket.xlsx", b"", "import_empty", "Berkas kosong"),
        ("paket.csv", b"", "import_empty", "Berkas kosong"),
        ("paket.csv", b"\xef\xbb\xbf  \r\n", "import_empty", "Berkas kosong"),
        ("paket.xlsx", b"Tahun Anggaran;Nama Paket\n2026;Jalan", "import_not_xlsx", "bukan buku kerja Excel"),
        ("paket.xlsx", _real_xlsx()[:1500], "import_not_xlsx", "rusak"),
        ("paket.xlsx", _real_xlsx()[:-200] + b"\x00" * 200, "import_not_xlsx", "rusak"),
        (
            "paket.xlsx",
            _xlsx_with_member("xl/worksheets/sheet1.xml", b"<worksheet><sheetData><row"),
            "import_corrupt",
            "rusak",
        ),
        ("paket.xlsx", _xlsx_with_member("xl/workbook.xml", b"not xml"), "import_corrupt", "rusak"),
        ("paket.xlsx", _xlsx_with_bad_checksum(), "import_corrupt", "rusak"),
        ("paket.xlsx", _zip_without_workbook(), "import_corrupt", "rusak"),
        ("paket.xlsx", workbook_bytes([package_row()], sheet="Sheet1"), "import_no_package_sheet", "Sheet1"),
        ("paket.csv", _real_xlsx(), "import_csv_is_xlsx", "Ganti akhiran namanya menjadi .xlsx"),
        ("paket.csv", "Tahun Anggaran;Nama Paket\n2026;Jalan Ké\n".encode("cp1252"), "import_csv_encoding", "UTF-8"),
        ("paket.csv", b"Tahun Anggaran;Nama Paket\x00", "import_csv_binary", "bukan berkas teks CSV"),
    ],
)
def test_malformed_file_rejected(users, regions, name, content, code, message_part):
    with pytest.raises(DomainError) as caught:
        run_import(users["pupr"], SimpleUploadedFile(name, content))

    assert caught.value.code == code
    assert message_part in caught.value.message


def test_missing_required_columns_named(users, regions):
    row = package_row()
    del row["Pagu"]
    del row["Desa"]

    with pytest.raises(DomainError) as caught:
        run_import(users["pupr"], xlsx_upload([row]))

    assert caught.value.code == "import_missing_columns"
    assert caught.value.message == (
        "Lembar 'Paket' tidak memiliki kolom wajib 'Desa', 'Pagu'. Tambahkan kolom tersebut pada baris judul (baris 1)."
    )


def test_sheet_without_header_rejected(users, regions):
    upload = SimpleUploadedFile("paket.csv", b"1;2;3\n4;5;6\n")

    with pytest.raises(DomainError) as caught:
        run_import(users["pupr"], upload)

    assert caught.value.code == "import_no_header"


def test_file_over_size_limit_rejected(users, regions, settings):
    content = workbook_bytes([package_row()])
    settings.SIMPOR_MAX_IMPORT_BYTES = len(content) - 1

    with pytest.raises(DomainError) as caught:
        run_import(users["pupr"], SimpleUploadedFile("paket.xlsx", content))

    assert caught.value.code == "import_too_large"
    assert "melebihi" in caught.value.message


def test_header_only_file_rejected(users, regions):
    with pytest.raises(DomainError) as caught:
        run_import(users["pupr"], xlsx_upload([package_row(Nama_Paket="CONTOH – Jalan")]))

    assert caught.value.code == "import_no_rows"


@pytest.mark.parametrize(("name", "code"), [("paket.xls", "import_old_format"), ("paket.pdf", "import_file_type")])
def test_other_file_types_rejected(name, code):
    with pytest.raises(DomainError) as caught:
        file_format_for(name)

    assert caught.value.code == code
    assert name in caught.value.message


def test_checking_does_not_query_per_row(users, regions, django_assert_max_num_queries):
    # Every row has an error, so the import only checks. The lookups are loaded once per file.
    for count in (5, 60):
        rows = [package_row(Kode_RUP=str(number), Nomor_Kontrak="", Pagu="x") for number in range(count)]
        with django_assert_max_num_queries(8):
            result = run_import(users["pupr"], xlsx_upload(rows))
        assert result.error_count == count


def test_schedule_reference_both_rup_and_row_rejected(users, regions):
    rows = [package_row(Kode_RUP="3"), package_row(Kode_RUP="40112299", Nomor_Kontrak="")]

    result = run_import(users["pupr"], xlsx_upload(rows, schedule=[[3, 1, 5]]))

    assert len(result.errors) == 1
    assert result.errors[0].sheet == "Kurva S"
    assert "Kode RUP paket di baris 2 sekaligus nomor baris 3" in result.errors[0].message
