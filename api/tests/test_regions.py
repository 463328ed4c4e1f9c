"""GET /api/v1/regions/ (the kabupaten's tree) and /api/v1/regions/{code}/ (one region with its boundary)."""

from decimal import Decimal

import pytest
from django.core.management import call_command

from regions.models import Region

TREE_URL = "/api/v1/regions/"
NODE_FIELDS = {"code", "name", "level", "kind", "latitude", "longitude"}
SQUARE = [[[108.0, -2.9], [108.1, -2.9], [108.1, -2.8], [108.0, -2.8], [108.0, -2.9]]]


@pytest.mark.django_db
def test_tree_shape(client, regions):
    response = client.get(TREE_URL)

    assert response.status_code == 200
    tree = response.json()
    assert set(tree) == NODE_FIELDS | {"children"}
    assert (tree["code"], tree["name"], tree["kind"], tree["level"]) == (
        "19.06",
        "Kabupaten Belitung Timur",
        "kabupaten",
        2,
    )
    assert [district["code"] for district in tree["children"]] == ["19.06.01", "19.06.02"]
    manggar = tree["children"][0]
    assert set(manggar) == NODE_FIELDS | {"children"}
    assert manggar["kind"] == "kecamatan"
    assert [village["code"] for village in manggar["children"]] == ["19.06.01.2001", "19.06.01.2002"]
    lalang_jaya = manggar["children"][0]
    assert set(lalang_jaya) == NODE_FIELDS
    assert lalang_jaya == {
        "code": "19.06.01.2001",
        "name": "Lalang Jaya",
        "level": 4,
        "kind": "desa",
        "latitude": "-2.870000",
        "longitude": "108.280000",
    }
    assert manggar["children"][1]["latitude"] is None


@pytest.mark.django_db
def test_tree_leaves_out_boundaries_and_inactive(client, regions):
    regions["manggar"].boundary = {"type": "MultiPolygon", "coordinates": [SQUARE]}
    regions["manggar"].save()
    Region.objects.filter(code="19.06.01.2002").update(is_active=False)

    tree = client.get(TREE_URL).json()

    assert "boundary" not in str(tree)
    assert [village["code"] for village in tree["children"][0]["children"]] == ["19.06.01.2001"]


@pytest.mark.django_db
def test_tree_follows_setting(client, regions, settings):
    Region.objects.create(code="19.71", name="Kota Pangkal Pinang", level=2, kind="kota", parent=regions["province"])
    settings.SIMPOR_REGENCY_CODE = "19.71"

    tree = client.get(TREE_URL).json()

    assert tree["code"] == "19.71"
    assert tree["kind"] == "kota"
    assert tree["children"] == []


@pytest.mark.django_db
def test_tree_404_before_import(client):
    response = client.get(TREE_URL, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 404
    assert "import_regions" in response.json()["detail"]


@pytest.mark.django_db
def test_tree_of_imported_data(client):
    call_command("import_regions", stdout=None)

    tree = client.get(TREE_URL).json()

    assert len(tree["children"]) == 7
    assert sum(len(district["children"]) for district in tree["children"]) == 39


@pytest.mark.django_db
@pytest.mark.parametrize("size", [2, 30])
def test_tree_single_query(client, regions, size, django_assert_num_queries):
    for number in range(size):
        Region.objects.create(
            code=f"19.06.02.{2100 + number}", name=f"Desa {number}", level=4, kind="desa", parent=regions["gantung"]
        )

    with django_assert_num_queries(1):
        tree = client.get(TREE_URL).json()

    assert len(tree["children"][1]["children"]) == size + 1


@pytest.mark.django_db
def test_region_detail_with_boundary(client, regions):
    manggar = regions["manggar"]
    manggar.boundary = {"type": "MultiPolygon", "coordinates": [SQUARE, SQUARE]}
    manggar.latitude = Decimal("-2.843699")
    manggar.longitude = Decimal("108.197809")
    manggar.save()

    response = client.get(f"{TREE_URL}19.06.01/")

    assert response.status_code == 200
    body = response.json()
    assert set(body) == NODE_FIELDS | {"is_active", "parent", "boundary", "children"}
    assert body["boundary"] == {"type": "MultiPolygon", "coordinates": [SQUARE, SQUARE]}
    assert body["latitude"] == "-2.843699"
    assert body["parent"] == {"code": "19.06", "name": "Kabupaten Belitung Timur"}
    assert [child["code"] for child in body["children"]] == ["19.06.01.2001", "19.06.01.2002"]
    assert all(set(child) == NODE_FIELDS for child in body["children"])


@pytest.mark.django_db
def test_region_detail_polygon_and_no_boundary(client, regions):
    regions["lalang_jaya"].boundary = {"type": "Polygon", "coordinates": SQUARE}
    regions["lalang_jaya"].save()

    village = client.get(f"{TREE_URL}19.06.01.2001/").json()
    province = client.get(f"{TREE_URL}19/").json()

    assert village["boundary"]["type"] == "Polygon"
    assert village["children"] == []
    assert province["boundary"] is None
    assert province["parent"] is None


@pytest.mark.django_db
def test_inactive_region_still_readable(client, regions):
    Region.objects.filter(code="19.06.01.2002").update(is_active=False)

    body = client.get(f"{TREE_URL}19.06.01.2002/").json()
    manggar = client.get(f"{TREE_URL}19.06.01/").json()

    assert body["is_active"] is False
    assert [child["code"] for child in manggar["children"]] == ["19.06.01.2001"]


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["19.06.09", "1906", "x"])
def test_region_unknown_code_404(client, regions, code):
    response = client.get(f"{TREE_URL}{code}/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 404
    assert response.json() == {"detail": f"No region has the code {code}."}


@pytest.mark.django_db
@pytest.mark.parametrize("size", [1, 20])
def test_region_detail_query_count(client, regions, size, django_assert_num_queries):
    for number in range(size):
        Region.objects.create(
            code=f"19.06.01.{2100 + number}", name=f"Desa {number}", level=4, kind="desa", parent=regions["manggar"]
        )

    with django_assert_num_queries(2):
        body = client.get(f"{TREE_URL}19.06.01/").json()

    assert len(body["children"]) == size + 2
