import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from conftest import PASSWORD
from imports.columns import PACKAGE_COLUMNS, SCHEDULE_COLUMNS
from imports.services import project_import
from imports.tests.conftest import package_row, xlsx_upload
from projects.models import Project

IMPORT_URL = reverse("imports:project_import")
XLSX_URL = reverse("imports:template_download", args=["xlsx"])
CSV_URL = reverse("imports:template_download", args=["csv"])
EXPECTED_HEADERS = [f"{column.header} *" if column.required else column.header for column in PACKAGE_COLUMNS]


@pytest.fixture
def login(client, users):
    def sign_in(role):
        client.login(username=users[role].username, password=PASSWORD)
        return client

    return sign_in


@pytest.mark.parametrize("url", [IMPORT_URL, XLSX_URL, CSV_URL])
@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("admin", 200),
        ("pupr", 200),
        ("education", 200),
        ("leader", 403),
        ("dprd", 403),
        ("lalang_jaya", 403),
        ("kurnia_jaya", 403),
    ],
)
def test_roles_matrix(login, url, role, status):
    response = login(role).get(url)

    assert response.status_code == status


@pytest.mark.parametrize("url", [IMPORT_URL, XLSX_URL, CSV_URL])
def test_anonymous_redirected_to_login(client, db, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_village_user_cannot_post(login, regions):
    response = login("lalang_jaya").post(IMPORT_URL, {"file": xlsx_upload([package_row()])})

    assert response.status_code == 403
    assert Project.objects.count() == 0


def test_unknown_template_format_not_found(login):
    response = login("admin").get(reverse("imports:template_download", args=["pdf"]))

    assert response.status_code == 404


def test_page_explains_steps_and_links_templates(login):
    response = login("pupr").get(IMPORT_URL)

    content = response.content.decode()
    assert "Impor paket pekerjaan" in content
    assert XLSX_URL in content
    assert CSV_URL in content
    assert 'type="file"' in content
    assert "Periksa dan impor" in content


def test_upload_shows_counts_and_links(login, regions):
    rows = [package_row(), package_row(Kode_RUP="40112234", Nomor_Kontrak="", Nama_Paket="Jalan Usaha Tani")]

    response = login("pupr").post(IMPORT_URL, {"file": xlsx_upload(rows, schedule=[[2, 1, 10]])})

    assert response.status_code == 200
    content = response.content.decode()
    assert "Berkas berhasil diimpor" in content
    assert "Kurva S dari 1 paket diganti." in content
    for project in Project.objects.all():
        assert reverse("projects:project_detail", args=[project.pk]) in content
    assert Project.objects.count() == 2


def test_upload_with_errors_lists_them_and_saves_nothing(login, regions):
    rows = [package_row(), package_row(Kode_RUP="40112234", Pagu="1,2,3", Desa="Sukamaju")]

    response = login("pupr").post(IMPORT_URL, {"file": xlsx_upload(rows)})

    content = response.content.decode()
    assert "Berkas memuat 2 kesalahan. Tidak ada data yang disimpan." in content
    assert '<td data-label="Kolom">Pagu</td>' in content
    assert '<td data-label="Kolom">Desa</td>' in content
    assert "&#x27;1,2,3&#x27; bukan angka rupiah yang sah" in content
    assert '<td class="num" data-label="Baris">3</td>' in content
    assert Project.objects.count() == 0


def test_malformed_upload_shows_message(login, regions):
    response = login("admin").post(IMPORT_URL, {"file": SimpleUploadedFile("paket.xlsx", b"")})

    content = response.content.decode()
    assert "Berkas tidak diimpor." in content
    assert "Berkas kosong." in content


def test_unsupported_file_type_shows_message(login, regions):
    response = login("admin").post(IMPORT_URL, {"file": SimpleUploadedFile("paket.pdf", b"%PDF-1.4")})

    assert "bukan .xlsx atau .csv" in response.content.decode()


def test_post_without_file_shows_form_error(login):
    response = login("admin").post(IMPORT_URL, {})

    assert response.status_code == 200
    assert 'class="errorlist"' in response.content.decode()


# --- templates ---


def _download_workbook(client):
    response = client.get(XLSX_URL)
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "attachment;" in response["Content-Disposition"]
    return response.content


def test_xlsx_template_has_sheets_headers_and_lists(login, regions):
    content = _download_workbook(login("admin"))

    workbook = load_workbook(io.BytesIO(content))
    assert workbook.sheetnames == ["Paket", "Kurva S", "Petunjuk", "Pilihan"]

    packages = workbook["Paket"]
    headers = [cell.value for cell in packages[1]]
    assert headers == EXPECTED_HEADERS
    assert all(cell.comment is not None and cell.comment.text for cell in packages[1])
    example = {header.removesuffix(" *"): cell.value for header, cell in zip(headers, packages[2], strict=True)}
    assert example["Nama Paket"].startswith("CONTOH – ")
    assert example["OPD"] in {"Dinas PUPR", "Dinas Pendidikan"}
    assert example["Desa"] == "19.06.01.2001"

    validated = {str(validation.sqref).split(":")[0][0] for validation in packages.data_validations.dataValidation}
    letters = {column.key: chr(ord("A") + index) for index, column in enumerate(PACKAGE_COLUMNS)}
    assert validated == {letters["agency"], letters["sector"], letters["funding_source"], letters["status"]}
    assert all(
        validation.type == "list" and validation.formula1.startswith("Pilihan!")
        for validation in packages.data_validations.dataValidation
    )

    schedule = workbook["Kurva S"]
    assert [cell.value for cell in schedule[1]] == [f"{column.header} *" for column in SCHEDULE_COLUMNS]

    instructions = workbook["Petunjuk"]
    texts = [cell.value for row in instructions.iter_rows() for cell in row if cell.value]
    assert texts[0] == "Cara mengimpor paket pekerjaan ke SIMPOR"
    assert "Pagu" in texts

    choices = workbook["Pilihan"]
    values = [cell.value for row in choices.iter_rows() for cell in row if cell.value]
    assert {"19.06.01.2001", "19.06.01.2002", "19.06.02.2001", "Dinas PUPR", "Dinas Pendidikan", "APBD"} <= set(values)


def test_opd_template_lists_own_opd_only(login, regions):
    content = _download_workbook(login("education"))

    choices = load_workbook(io.BytesIO(content))["Pilihan"]
    opd_column = [cell.value for cell in choices["D"] if cell.value]
    assert opd_column == ["OPD", "Dinas Pendidikan"]


def test_unchanged_xlsx_template_has_no_rows(login, users, regions):
    content = _download_workbook(login("pupr"))

    response = login("pupr").post(IMPORT_URL, {"file": SimpleUploadedFile("templat.xlsx", content)})

    assert "tidak berisi paket untuk diimpor" in response.content.decode()
    assert Project.objects.count() == 0


def test_xlsx_template_example_imports_when_renamed(login, users, regions):
    # The example row is valid: with CONTOH removed from its name it imports, with its kurva S.
    workbook = load_workbook(io.BytesIO(_download_workbook(login("pupr"))))
    name_cell = workbook["Paket"]["B2"]
    name_cell.value = name_cell.value.removeprefix("CONTOH – ")
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("templat.xlsx", buffer.getvalue())

    result = project_import(user=users["pupr"], file=upload, file_format="xlsx")

    assert result.ok, [error.text for error in result.errors]
    project = Project.objects.get()
    assert project.agency.short_name == "Dinas PUPR"
    assert project.schedule.count() == 4


def test_csv_template_has_paket_columns(login, regions):
    response = login("admin").get(CSV_URL)

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    records = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert records[0] == EXPECTED_HEADERS
    assert records[1][1].startswith("CONTOH – ")
    assert len(records) == 2


def test_csv_template_example_imports_when_renamed(login, users, regions):
    text = login("pupr").get(CSV_URL).content.decode("utf-8-sig").replace("CONTOH – ", "")

    result = project_import(
        user=users["pupr"], file=SimpleUploadedFile("templat.csv", text.encode("utf-8")), file_format="csv"
    )

    assert result.ok, [error.text for error in result.errors]
    project = Project.objects.get()
    assert project.latitude is not None
    assert project.contract_value is not None


def test_templates_keep_formula_like_names_as_text(login, regions, agencies):
    agencies["pupr"].short_name = "=HYPERLINK(1)"
    agencies["pupr"].save()
    client = login("admin")

    choices = load_workbook(io.BytesIO(_download_workbook(client)))["Pilihan"]
    opd_cells = [cell for cell in choices["D"] if cell.value == "=HYPERLINK(1)"]
    records = list(csv.reader(io.StringIO(client.get(CSV_URL).content.decode("utf-8-sig")), delimiter=";"))

    assert len(opd_cells) == 1
    assert opd_cells[0].data_type == "s"
    assert records[1][2] == "'=HYPERLINK(1)"
