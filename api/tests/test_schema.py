"""The OpenAPI schema and the Swagger UI page that reads it."""

import json

import pytest
from django.core.management import call_command
from drf_spectacular.validation import validate_schema

SCHEMA_URL = "/api/v1/schema/"
DOCS_URL = "/api/v1/docs/"


@pytest.fixture
def schema(client, db):
    response = client.get(SCHEMA_URL, {"format": "json"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return json.loads(response.content)


def test_schema_valid_openapi(schema):
    validate_schema(schema)

    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == {
        "/api/v1/projects/",
        "/api/v1/projects/{id}/",
        "/api/v1/regions/",
        "/api/v1/regions/{code}/",
        "/api/v1/projects/summary/",
        "/api/v1/projects/oc4ids/",
        "/api/v1/citizen-reports/",
        "/api/v1/citizen-reports/{id}/",
        "/api/v1/agencies/",
    }
    assert all(set(methods) == {"get"} for methods in schema["paths"].values())


def test_schema_lists_filters(schema):
    parameters = {parameter["name"] for parameter in schema["paths"]["/api/v1/projects/"]["get"]["parameters"]}

    assert {"year", "kecamatan", "desa", "opd", "status", "sector", "ordering", "page", "page_size"} <= parameters


def test_schema_lists_ordering_fields(schema):
    parameters = schema["paths"]["/api/v1/projects/"]["get"]["parameters"]
    ordering = next(parameter for parameter in parameters if parameter["name"] == "ordering")

    accepted = ordering["schema"]["items"]["enum"]
    assert "budget_ceiling" in accepted
    assert "-budget_ceiling" in accepted
    assert "contractor__npwp" not in accepted


def test_schema_documents_units(schema):
    fields = schema["components"]["schemas"]["ProjectDetail"]["properties"]

    assert "rupiah" in fields["budget_ceiling"]["description"]
    assert "rupiah" in fields["contract_value"]["description"]
    assert "0 to 100" in fields["physical_progress"]["description"]
    assert "0 to 100" in fields["financial_progress"]["description"]
    assert "calendar days" in fields["duration_days"]["description"]
    assert fields["budget_ceiling"]["type"] == "string"
    assert fields["budget_ceiling"]["format"] == "decimal"


def test_schema_in_indonesian_by_default(client, db):
    response = client.get(SCHEMA_URL, {"format": "json"})

    fields = json.loads(response.content)["components"]["schemas"]["ProjectDetail"]["properties"]
    assert "rupiah" in fields["budget_ceiling"]["description"]
    assert "Jumlah" in fields["budget_ceiling"]["description"]


def test_schema_generation_without_warnings(tmp_path, db):
    # --fail-on-warn turns every guess drf-spectacular has to make about a field into a failure.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))

    assert "/api/v1/projects/" in (tmp_path / "schema.yaml").read_text()


def test_docs_served_without_cdn(client, db):
    response = client.get(DOCS_URL)

    assert response.status_code == 200
    page = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page
    assert SCHEMA_URL in page
    assert "cdn" not in page.lower()
    assert "unpkg" not in page.lower()
