"""The region import: shipped data, repeated runs, list revisions and bad input."""

import gzip
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from accounts.models import User
from audit.models import AuditEntry
from core.errors import DomainError
from regions.models import Region
from regions.services import region_kind, regions_import

# A small slice of the code list with real codes (Manggar has more villages than these three).
SMALL_LIST = [
    ("19", "Kepulauan Bangka Belitung"),
    ("19.05", "Kabupaten Bangka Selatan"),
    ("19.05.01", "Toboali"),
    ("19.06", "Kabupaten Belitung Timur"),
    ("19.06.01", "Manggar"),
    ("19.06.01.2001", "Lalang Jaya"),
    ("19.06.01.2002", "Kurnia Jaya"),
    ("19.06.01.2006", "Lalang"),
    ("19.71", "Kota Pangkal Pinang"),
    ("19.71.01", "Bukit Intan"),
    ("19.71.01.1001", "Sinar Bulan"),
]

WITHOUT_KURNIA_JAYA = [row for row in SMALL_LIST if row[0] != "19.06.01.2002"]

SQUARE = [[[108.0, -2.9], [108.1, -2.9], [108.1, -2.8], [108.0, -2.8], [108.0, -2.9]]]


def write_codes(path, rows, *, compress=False):
    text = "kode,nama\n" + "".join(f'{code},"{name}"\n' for code, name in rows)
    if compress:
        path.write_bytes(gzip.compress(text.encode()))
    else:
        path.write_text(text, encoding="utf-8")
    return path


def write_centroids(path, rows):
    path.write_text("kode,nama,tingkat,lat,lng\n" + "".join(f"{code},x,4,{lat},{lng}\n" for code, lat, lng in rows))
    return path


def write_boundaries(path, geometries):
    features = [
        {"type": "Feature", "properties": {"kode": code}, "geometry": geometry} for code, geometry in geometries.items()
    ]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return path


@pytest.fixture(autouse=True)
def _english():
    # Messages are checked in the source language. One test below checks the Indonesian output.
    with translation.override("en"):
        yield


@pytest.fixture
def files(tmp_path):
    """The small list, a centroid for Lalang Jaya and boundaries of both geometry types."""
    return {
        "codes_path": write_codes(tmp_path / "codes.csv", SMALL_LIST),
        "centroids_path": write_centroids(tmp_path / "centroids.csv", [("19.06.01.2001", "-2.8812345678", "108.27")]),
        "boundaries_path": write_boundaries(
            tmp_path / "boundaries.geojson",
            {
                "19.06.01": {"type": "MultiPolygon", "coordinates": [SQUARE, SQUARE]},
                "19.06.01.2001": {"type": "Polygon", "coordinates": SQUARE},
            },
        ),
    }


def run_command(*args):
    output = StringIO()
    call_command("import_regions", *args, stdout=output)
    return output.getvalue()


@pytest.mark.django_db
def test_shipped_data_belitung_timur():
    output = run_command("--regency", "19.06")

    assert "48 created, 0 updated, 0 unchanged, 0 deactivated" in output
    regency = Region.objects.get(code="19.06")
    assert regency.name == "Kabupaten Belitung Timur"
    assert regency.kind == Region.Kind.KABUPATEN
    assert regency.parent.code == "19"
    assert regency.parent.kind == Region.Kind.PROVINSI
    kecamatan = Region.objects.filter(parent=regency)
    assert kecamatan.count() == 7
    assert set(kecamatan.values_list("kind", flat=True)) == {"kecamatan"}
    villages = Region.objects.filter(parent__parent=regency)
    assert villages.count() == 39
    assert set(villages.values_list("kind", flat=True)) == {"desa"}
    assert set(villages.values_list("level", flat=True)) == {4}
    assert not Region.objects.filter(code__startswith="19.05").exists()


@pytest.mark.django_db
def test_command_output_in_indonesian(files):
    with translation.override("id"):
        output = run_command("--codes", str(files["codes_path"]), "--centroids", str(files["centroids_path"]))

    assert "6 dibuat, 0 diperbarui, 0 tidak berubah, 0 dinonaktifkan" in output


@pytest.mark.django_db
def test_shipped_data_geometry_and_centroids():
    run_command()

    # The upstream data has a MultiPolygon kabupaten and one inland kecamatan that is a plain Polygon.
    assert Region.objects.get(code="19.06").boundary["type"] == "MultiPolygon"
    assert Region.objects.get(code="19.06.06").boundary["type"] == "Polygon"
    in_regency = Region.objects.filter(code__startswith="19.06")
    assert in_regency.filter(boundary__isnull=True).count() == 0
    assert in_regency.filter(latitude__isnull=True).count() == 0
    manggar = Region.objects.get(code="19.06.01")
    assert manggar.latitude == Decimal("-2.843699")
    assert manggar.longitude == Decimal("108.197809")


@pytest.mark.django_db
def test_second_run_changes_nothing():
    run_command()
    entries = AuditEntry.objects.count()

    output = run_command()

    assert "0 created, 0 updated, 48 unchanged, 0 deactivated" in output
    assert AuditEntry.objects.count() == entries


@pytest.mark.django_db
def test_import_keeps_existing_rows_and_references(regions, users):
    lalang_jaya_id = regions["lalang_jaya"].pk

    run_command()

    lalang_jaya = Region.objects.get(code="19.06.01.2001")
    assert lalang_jaya.pk == lalang_jaya_id
    assert User.objects.get(username="desa_lalang_jaya").village_id == lalang_jaya_id
    # The fixture's made-up position was replaced by the centroid from the file.
    assert lalang_jaya.latitude != Decimal("-2.870000")


@pytest.mark.django_db
def test_small_list_counts(files):
    result = regions_import(regency_code="19.06", **files)

    assert (result.created, result.updated, result.unchanged, result.deactivated) == (6, 0, 0, 0)
    assert sorted(Region.objects.values_list("code", flat=True)) == [
        "19",
        "19.06",
        "19.06.01",
        "19.06.01.2001",
        "19.06.01.2002",
        "19.06.01.2006",
    ]


@pytest.mark.django_db
def test_gzip_list_reads_like_plain(files, tmp_path):
    files["codes_path"] = write_codes(tmp_path / "codes.csv.gz", SMALL_LIST, compress=True)

    result = regions_import(regency_code="19.06", **files)

    assert result.created == 6
    assert Region.objects.get(code="19.06.01.2006").name == "Lalang"


@pytest.mark.django_db
def test_centroid_rounded_to_six_places(files):
    regions_import(regency_code="19.06", **files)

    lalang_jaya = Region.objects.get(code="19.06.01.2001")
    assert lalang_jaya.latitude == Decimal("-2.881235")
    assert lalang_jaya.longitude == Decimal("108.270000")
    assert Region.objects.get(code="19.06.01.2002").latitude is None


@pytest.mark.django_db
def test_polygon_and_multipolygon_kept(files):
    regions_import(regency_code="19.06", **files)

    assert Region.objects.get(code="19.06.01").boundary == {"type": "MultiPolygon", "coordinates": [SQUARE, SQUARE]}
    assert Region.objects.get(code="19.06.01.2001").boundary == {"type": "Polygon", "coordinates": SQUARE}
    assert Region.objects.get(code="19.06.01.2002").boundary is None


@pytest.mark.django_db
def test_renamed_village_updated(files, tmp_path):
    regions_import(regency_code="19.06", **files)
    renamed = [(code, "Lalang Jaya Baru" if code == "19.06.01.2001" else name) for code, name in SMALL_LIST]
    files["codes_path"] = write_codes(tmp_path / "renamed.csv", renamed)

    result = regions_import(regency_code="19.06", **files)

    assert (result.created, result.updated, result.unchanged, result.deactivated) == (0, 1, 5, 0)
    assert Region.objects.get(code="19.06.01.2001").name == "Lalang Jaya Baru"
    entry = AuditEntry.objects.filter(object_id=str(Region.objects.get(code="19.06.01.2001").pk)).last()
    assert entry.action == "update"
    assert entry.changes["name"] == ["Lalang Jaya", "Lalang Jaya Baru"]


@pytest.mark.django_db
def test_removed_code_deactivated_not_deleted(files, tmp_path, make_project):
    regions_import(regency_code="19.06", **files)
    kurnia_jaya = Region.objects.get(code="19.06.01.2002")
    project = make_project(villages=[kurnia_jaya])
    files["codes_path"] = write_codes(tmp_path / "shorter.csv", WITHOUT_KURNIA_JAYA)

    result = regions_import(regency_code="19.06", **files)

    assert result.deactivated == 1
    kurnia_jaya.refresh_from_db()
    assert kurnia_jaya.is_active is False
    assert list(project.villages.all()) == [kurnia_jaya]

    # Running the shorter list again leaves the inactive row as it is.
    again = regions_import(regency_code="19.06", **files)
    assert (again.created, again.updated, again.deactivated) == (0, 0, 0)


@pytest.mark.django_db
def test_returning_code_reactivated(files, tmp_path):
    regions_import(regency_code="19.06", **files)
    full_list = files["codes_path"]
    files["codes_path"] = write_codes(tmp_path / "shorter.csv", WITHOUT_KURNIA_JAYA)
    regions_import(regency_code="19.06", **files)
    files["codes_path"] = full_list

    result = regions_import(regency_code="19.06", **files)

    assert result.updated == 1
    assert Region.objects.get(code="19.06.01.2002").is_active is True


@pytest.mark.django_db
def test_new_code_added(files, tmp_path):
    regions_import(regency_code="19.06", **files)
    files["codes_path"] = write_codes(tmp_path / "longer.csv", [*SMALL_LIST, ("19.06.01.2014", "Desa Pemekaran")])

    result = regions_import(regency_code="19.06", **files)

    assert (result.created, result.updated, result.unchanged) == (1, 0, 6)
    new_village = Region.objects.get(code="19.06.01.2014")
    assert new_village.parent.code == "19.06.01"
    assert new_village.kind == Region.Kind.DESA


@pytest.mark.django_db
def test_kota_and_kelurahan_kinds(files):
    regions_import(regency_code="19.71", **files)

    assert Region.objects.get(code="19.71").kind == Region.Kind.KOTA
    assert Region.objects.get(code="19.71.01").kind == Region.Kind.KECAMATAN
    assert Region.objects.get(code="19.71.01.1001").kind == Region.Kind.KELURAHAN
    assert not Region.objects.filter(code__startswith="19.06").exists()


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ("19", "provinsi"),
        ("19.06", "kabupaten"),
        ("19.71", "kota"),
        ("19.06.01", "kecamatan"),
        ("19.06.01.2001", "desa"),
        ("19.71.01.1001", "kelurahan"),
        ("91.03.01.3007", "desa"),
    ],
)
def test_region_kind_rules(code, kind):
    assert region_kind(code) == kind


def test_region_kind_unknown_village_type():
    with pytest.raises(DomainError) as caught:
        region_kind("19.06.01.9001")
    assert "19.06.01.9001" in caught.value.message


@pytest.mark.django_db
def test_unknown_regency_names_code_and_fix():
    with pytest.raises(CommandError) as caught:
        run_command("--regency", "19.99")

    message = str(caught.value)
    assert "19.99" in message
    assert "SIMPOR_REGENCY_CODE" in message
    assert "--codes" in message
    assert not Region.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["1906", "19.6", "19.06.01", "19-06", "BT"])
def test_badly_formed_regency_rejected(code, files):
    with pytest.raises(CommandError) as caught:
        run_command("--regency", code, "--codes", str(files["codes_path"]))
    assert code in str(caught.value)
    assert "PP.KK" in str(caught.value)


@pytest.mark.django_db
def test_setting_chooses_regency(settings, files):
    settings.SIMPOR_REGENCY_CODE = "19.71"

    run_command("--codes", str(files["codes_path"]), "--centroids", str(files["centroids_path"]))

    assert Region.objects.filter(code="19.71").exists()
    assert not Region.objects.filter(code="19.06").exists()


@pytest.mark.django_db
def test_invalid_code_in_regency_names_line(files, tmp_path):
    files["codes_path"] = write_codes(tmp_path / "bad.csv", [*SMALL_LIST, ("19.06.1.2001", "Salah")])

    with pytest.raises(DomainError) as caught:
        regions_import(regency_code="19.06", **files)

    assert caught.value.code == "region_code_invalid"
    assert "19.06.1.2001" in caught.value.message
    assert "Line 13" in caught.value.message
    assert not Region.objects.exists()


@pytest.mark.django_db
def test_flaw_outside_regency_ignored(files, tmp_path):
    files["codes_path"] = write_codes(tmp_path / "flawed.csv", [*SMALL_LIST, ("19.05.1", "")])

    assert regions_import(regency_code="19.06", **files).created == 6


@pytest.mark.django_db
def test_duplicate_code_rejected(files, tmp_path):
    files["codes_path"] = write_codes(tmp_path / "twice.csv", [*SMALL_LIST, ("19.06.01.2001", "Lalang Jaya")])

    with pytest.raises(DomainError) as caught:
        regions_import(regency_code="19.06", **files)

    assert caught.value.code == "region_code_duplicate"


@pytest.mark.django_db
def test_orphan_village_rejected(files, tmp_path):
    files["codes_path"] = write_codes(tmp_path / "orphan.csv", [*SMALL_LIST, ("19.06.09.2001", "Tanpa Kecamatan")])

    with pytest.raises(DomainError) as caught:
        regions_import(regency_code="19.06", **files)

    assert caught.value.code == "region_parent_missing"
    assert "19.06.09" in caught.value.message


@pytest.mark.django_db
def test_missing_columns_rejected(files, tmp_path):
    files["codes_path"] = tmp_path / "wrong.csv"
    files["codes_path"].write_text("code;name\n19;Kepulauan Bangka Belitung\n")

    with pytest.raises(DomainError) as caught:
        regions_import(regency_code="19.06", **files)

    assert caught.value.code == "region_file_columns"


@pytest.mark.django_db
def test_missing_file_rejected(files, tmp_path):
    files["centroids_path"] = tmp_path / "nowhere.csv"

    with pytest.raises(DomainError) as caught:
        regions_import(regency_code="19.06", **files)

    assert caught.value.code == "region_file_unreadable"
    assert "nowhere.csv" in caught.value.message
    assert not Region.objects.exists()


@pytest.mark.django_db
def test_bad_coordinate_rejected(files, tmp_path):
    files["centroids_path"] = write_centroids(tmp_path / "bad.csv", [("19.06.01.2001", "-2.88", "east")])

    with pytest.raises(DomainError) as caught:
        regions_import(regency_code="19.06", **files)

    assert caught.value.code == "region_coordinate_invalid"
    assert "east" in caught.value.message


@pytest.mark.django_db
@pytest.mark.parametrize(
    "geometry",
    [
        {"type": "Point", "coordinates": [108.0, -2.9]},
        {"type": "Polygon", "coordinates": [[[108.0, -2.9], [108.1, -2.9]]]},
        {"type": "Polygon", "coordinates": [[[108.0, -2.9], [108.1, -2.9], [108.1, -2.8], [108.0, -2.8]]]},
        {"type": "MultiPolygon", "coordinates": SQUARE},
        None,
    ],
)
def test_bad_geometry_rejected(files, tmp_path, geometry):
    files["boundaries_path"] = write_boundaries(tmp_path / "bad.geojson", {"19.06.01": geometry})

    with pytest.raises(DomainError) as caught:
        regions_import(regency_code="19.06", **files)

    assert caught.value.code == "region_boundary_invalid"
    assert "19.06.01" in caught.value.message


@pytest.mark.django_db
def test_boundary_file_must_be_geojson(files, tmp_path):
    files["boundaries_path"] = tmp_path / "list.json"
    files["boundaries_path"].write_text("[1, 2]")

    with pytest.raises(DomainError) as caught:
        regions_import(regency_code="19.06", **files)

    assert caught.value.code == "region_boundaries_invalid"


@pytest.mark.django_db
def test_missing_centroid_keeps_stored_one(files, tmp_path):
    regions_import(regency_code="19.06", **files)
    files["centroids_path"] = write_centroids(tmp_path / "empty.csv", [])
    files["boundaries_path"] = None

    result = regions_import(regency_code="19.06", **files)

    assert result.updated == 0
    lalang_jaya = Region.objects.get(code="19.06.01.2001")
    assert lalang_jaya.latitude == Decimal("-2.881235")
    assert lalang_jaya.boundary["type"] == "Polygon"
