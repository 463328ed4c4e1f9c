import csv
import datetime
import io
import json
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from earlywarning.models import ProjectAssessment
from opendata.oc4ids import validator
from opendata.render import guard_text
from projects import fiscal
from projects.models import ProjectStatus, ScheduleEntry
from projects.services import amendment_record
from projects.tests.factories import make_photo, make_report, make_update

CSV = reverse("opendata:projects_csv")
XLSX = reverse("opendata:projects_xlsx")
OC4IDS = reverse("opendata:projects_oc4ids")


@pytest.fixture
def portfolio(make_project, regions, agencies, users):
    """Projects in every contract status, with a kurva S, updates, a village report and photos."""
    road = make_project(name='=HYPERLINK("http://evil")', rup_code="12345678")
    for week, percent in [(1, "5"), (2, "15"), (3, "30")]:
        ScheduleEntry.objects.create(
            project=road,
            week=week,
            week_end=road.start_date + datetime.timedelta(days=7 * week - 1),
            planned_percent=Decimal(percent),
        )
    update = make_update(road, user=users["pupr"], date=datetime.date(2026, 3, 20), physical="12", financial="20")
    make_photo(road, uploaded_by=users["pupr"], progress_update=update)
    report = make_report(road, village=regions["lalang_jaya"], reporter=users["lalang_jaya"])
    make_photo(road, uploaded_by=users["lalang_jaya"], report=report)
    ProjectAssessment.objects.create(project=road, status="late", computed_at=timezone.now())

    school = make_project(
        name="Rehab SD Gantung",
        agency=agencies["education"],
        sector="schools",
        villages=[regions["gantung_desa"]],
        status=ProjectStatus.PHO,
        progress_date=datetime.date(2026, 8, 1),
        planned_end_date=datetime.date(2026, 9, 30),
    )
    planned = make_project(
        name="Paket rencana",
        contractor=None,
        contract_value=None,
        contract_date=None,
        start_date=None,
        duration_days=None,
        latitude=None,
        longitude=None,
        status=ProjectStatus.PLANNED,
        sector="other",
        fiscal_year=2025,
    )
    make_project(name="Paket putus", status=ProjectStatus.TERMINATED, villages=[regions["kurnia_jaya"]])
    make_project(name="Paket FHO", status=ProjectStatus.FHO)
    return {"road": road, "school": school, "planned": planned}


def package(client, params=None) -> dict:
    response = client.get(OC4IDS, params or {})
    assert response.status_code == 200
    return json.loads(response.content)


@pytest.mark.parametrize(
    "params",
    [{}, {"tahun": "2026"}, {"tahun": "2025"}, {"kecamatan": "19.06.02"}, {"status": "late"}, {"q": "rencana"}],
)
def test_every_package_validates(client, portfolio, params):
    data = package(client, params)
    errors = [f"{list(error.path)}: {error.message}" for error in validator().iter_errors(data)]
    assert errors == []
    assert data["projects"]


def test_validator_catches_bad_package(client, portfolio):
    data = package(client)
    data["version"] = "0.9.5"
    data["projects"][0]["status"] = "completed"
    assert len(list(validator().iter_errors(data))) == 2


def test_package_contents(client, portfolio, settings):
    data = package(client, {"tahun": "2026", "q": "HYPERLINK"})
    assert data["version"] == "0.9"
    assert data["license"] == settings.SIMPOR_DATA_LICENCE["url"]
    assert data["publisher"]["name"] == settings.SIMPOR_PUBLISHER
    project = data["projects"][0]
    road = portfolio["road"]
    assert project["id"] == f"oc4ids-simpor1906-{road.pk}"
    assert project["status"] == "implementation"
    assert project["sector"] == ["transport", "transport.road"]
    assert project["budget"]["amount"] == {"amount": 1250000000.0, "currency": "IDR"}
    roles = {party["id"]: party["roles"] for party in project["parties"]}
    assert "publicAuthority" in roles[f"opd-{road.agency_id}"]
    assert roles[f"penyedia-{road.contractor_id}"] == ["supplier"]
    assert roles["desa-19.06.01.2001"] == ["independentMonitor"]
    site = project["locations"][0]
    assert site["geometry"] == {"type": "Point", "coordinates": [108.281, -2.8705]}
    assert project["locations"][1]["gazetteer"] == {"scheme": "ID-KEMENDAGRI", "identifiers": ["19.06.01.2001"]}
    forecast = project["forecasts"][0]
    assert forecast["id"] == "physicalProgress"
    assert [observation["measure"] for observation in forecast["observations"]] == [5.0, 15.0, 30.0]
    metrics = {metric["id"]: metric for metric in project["metrics"]}
    assert metrics["physicalProgress"]["observations"][0]["measure"] == 12.0
    assert metrics["financialProgress"]["observations"][0]["measure"] == 20.0
    assert metrics["physicalProgressObservedByVillage"]["observations"][0]["measure"] == 30.0
    process = project["contractingProcesses"][0]["summary"]
    assert process["contractValue"] == {"amount": 1190000000.0, "currency": "IDR"}
    assert process["externalReference"] == "600/12/PUPR/2026"
    document_types = [document["documentType"] for document in project["documents"]]
    assert document_types.count("physicalProgressReport") == 2
    assert "progressReport" in document_types
    assert {"id": "12345678", "scheme": "ID-SIRUP"} in project["identifiers"]


def test_package_status_mapping_and_modification(client, portfolio):
    projects = {project["title"]: project for project in package(client)["projects"]}
    assert projects["Rehab SD Gantung"]["status"] == "completion"
    assert projects["Rehab SD Gantung"]["completion"]["finalValue"]["amount"] == 1190000000.0
    modification = projects["Rehab SD Gantung"]["contractingProcesses"][0]["summary"]["modifications"][0]
    assert modification["type"] == "duration"
    assert projects["Paket rencana"]["status"] == "preparation"
    # Without site coordinates the village centre stands in, marked by the village's own location id.
    assert [location["id"] for location in projects["Paket rencana"]["locations"]] == ["desa-19.06.01.2001"]
    assert projects["Paket putus"]["status"] == "cancelled"
    assert projects["Paket FHO"]["status"] == "maintenance"


def test_package_leaks_nothing_personal(client, portfolio, users):
    text = json.dumps(package(client))
    for private in (users["lalang_jaya"].username, users["pupr"].username, "Operator PUPR", "Sekdes"):
        assert private not in text, private
    assert "exif" not in text.lower()


def test_csv_filter_and_injection_guard(client, portfolio):
    response = client.get(CSV, {"tahun": "2026", "kecamatan": "19.06.01"})
    assert response["Content-Disposition"].startswith('attachment; filename="simpor-proyek-')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Id"
    names = [row[2] for row in rows[1:]]
    assert '\'=HYPERLINK("http://evil")' in names
    assert "Rehab SD Gantung" not in names
    assert "Paket rencana" not in names


def test_xlsx_numbers_are_numbers(client, portfolio):
    response = client.get(XLSX, {"q": "HYPERLINK"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    row = list(sheet[2])
    values = dict(zip(header, row, strict=True))
    assert values["Nilai kontrak (Rp)"].value == 1190000000
    assert values["Nilai kontrak (Rp)"].data_type == "n"
    assert values["Pagu anggaran (Rp)"].value == 1250000000
    assert values["Progres fisik (%)"].data_type == "n"
    assert values["Paket pekerjaan"].value == '\'=HYPERLINK("http://evil")'
    assert values["Paket pekerjaan"].data_type == "s"
    assert values["Tanggal kontrak"].is_date


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"])
def test_guard_text_escapes_formulas(text):
    assert guard_text(text) == "'" + text


def test_guard_text_keeps_plain_text():
    assert guard_text("Jalan 1") == "Jalan 1"


def test_about_page_states_licence(client, db):
    page = client.get(reverse("opendata:about")).content.decode()
    assert "CC BY 4.0" in page
    assert "https://creativecommons.org/licenses/by/4.0/" in page
    assert "oc4ids-simpor1906-" in page


def test_large_export_streams_and_validates(client, portfolio, monkeypatch):
    from opendata import views

    monkeypatch.setattr(views, "STREAM_ABOVE", 1)
    response = client.get(OC4IDS)
    assert response.streaming
    data = json.loads(b"".join(response.streaming_content))
    assert list(validator().iter_errors(data)) == []
    assert len(data["projects"]) == 5


@pytest.mark.parametrize("count", [2, 12])
def test_export_query_count_bounded(client, make_project, users, count, django_assert_max_num_queries):
    for index in range(count):
        project = make_project(name=f"Paket {index}")
        make_update(project, user=users["pupr"])
    with django_assert_max_num_queries(12):
        assert client.get(OC4IDS).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(CSV).status_code == 200


def test_package_lists_addenda_of_every_kind(client, portfolio, users, monkeypatch):
    monkeypatch.setattr(fiscal, "local_today", lambda: datetime.date(2026, 5, 15))
    road = portfolio["road"]
    common = {"user": users["pupr"], "project": road}
    amendment_record(
        **common,
        number="Adendum I",
        date=datetime.date(2026, 4, 6),
        kind="value",
        value_after=Decimal("1230000000"),
        description="Tambah saluran.",
    )
    amendment_record(
        **common,
        number="Adendum II",
        date=datetime.date(2026, 4, 20),
        kind="duration",
        end_after=datetime.date(2026, 9, 4),
        description="Hujan deras.",
    )
    amendment_record(
        **common, number="Adendum III", date=datetime.date(2026, 5, 4), kind="scope", description="Ganti aspal."
    )
    data = package(client, {"q": "HYPERLINK"})
    assert [f"{list(error.path)}: {error.message}" for error in validator().iter_errors(data)] == []
    summary = data["projects"][0]["contractingProcesses"][0]["summary"]
    value, duration, scope = summary["modifications"]
    assert value["type"] == "value"
    assert value["description"] == "Adendum I"
    assert value["rationale"] == "Tambah saluran."
    assert value["oldContractValue"] == {"amount": 1190000000.0, "currency": "IDR"}
    assert value["newContractValue"] == {"amount": 1230000000.0, "currency": "IDR"}
    assert duration["type"] == "duration"
    assert duration["oldContractPeriod"]["endDate"].startswith("2026-08-05")
    assert duration["newContractPeriod"]["endDate"].startswith("2026-09-04")
    assert scope["type"] == "scope"
    assert "oldContractValue" not in scope
    assert "newContractPeriod" not in scope
    # The summary keeps the contract as signed; the addenda carry it to today's value and end.
    assert summary["contractValue"]["amount"] == 1190000000.0
    assert summary["contractPeriod"]["endDate"].startswith("2026-08-05")
    assert users["pupr"].get_full_name() not in json.dumps(data)
