"""Import of the Kemendagri region list, centroids and boundaries for the kabupaten SIMPOR serves."""

from __future__ import annotations

import csv
import gzip
import json
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, TextIO

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from audit import services as audit
from core.errors import DomainError
from regions.models import Region

logger = logging.getLogger(__name__)

DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_CODES_PATH = DATA_DIR / "kode_wilayah_indonesia.csv.gz"
DEFAULT_CENTROIDS_PATH = DATA_DIR / "centroid_wilayah_babel_19.csv"
DEFAULT_BOUNDARIES_PATH = DATA_DIR / "batas_belitung_timur_19.06.geojson"

# PP, PP.KK, PP.KK.CC or PP.KK.CC.DDDD: provinsi, kabupaten/kota, kecamatan, desa/kelurahan.
CODE_PATTERN = re.compile(r"\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?")
REGENCY_CODE_PATTERN = re.compile(r"\d{2}\.\d{2}")

COORDINATE_STEP = Decimal("0.000001")
GZIP_MAGIC = b"\x1f\x8b"
MAX_NAME_LENGTH = Region._meta.get_field("name").max_length


@dataclass
class RegionImportResult:
    """How many regions of the imported kabupaten (and its province) an import touched."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deactivated: int = 0


@dataclass
class RegionValues:
    """Values the source files give for one region."""

    code: str
    name: str
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    boundary: dict[str, Any] | None = None


def region_level(code: str) -> int:
    """Return the level (1 provinsi to 4 desa/kelurahan) of a valid dotted code."""
    return code.count(".") + 1


def region_kind(code: str) -> str:
    """Derive the kind from the code: a kab segment starting with 7 is a kota, a village segment starting
    with 1 is a kelurahan and one starting with 2 is a desa. 3 marks a desa adat (Papua), stored as desa."""
    segments = code.split(".")
    level = len(segments)
    if level == 1:
        return Region.Kind.PROVINSI
    if level == 2:
        return Region.Kind.KOTA if segments[1].startswith("7") else Region.Kind.KABUPATEN
    if level == 3:
        return Region.Kind.KECAMATAN
    village_type = segments[3][0]
    if village_type == "1":
        return Region.Kind.KELURAHAN
    if village_type in ("2", "3"):
        return Region.Kind.DESA
    raise DomainError(
        "region_kind_unknown",
        _(
            "Region code %(code)s is neither a kelurahan (1xxx) nor a desa (2xxx or 3xxx): "
            "check the code list you passed."
        )
        % {"code": code},
    )


def parent_code(code: str) -> str | None:
    """Return the code one level up, or None for a province."""
    if "." not in code:
        return None
    return code.rsplit(".", 1)[0]


def _open_text(path: Path) -> TextIO:
    # The shipped code list is gzip-compressed, but newer lists passed with --codes may be plain CSV.
    try:
        with open(path, "rb") as raw:
            compressed = raw.read(2) == GZIP_MAGIC
        if compressed:
            return gzip.open(path, "rt", encoding="utf-8-sig", newline="")
        return open(path, encoding="utf-8-sig", newline="")
    except OSError as error:
        raise DomainError(
            "region_file_unreadable",
            _("Cannot read %(path)s (%(error)s): check the path and the file permissions.")
            % {"path": path, "error": error.strerror or error},
        ) from error


def _csv_rows(path: Path, required: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number, row) from a CSV file with a header naming at least the ``required`` columns."""
    with _open_text(path) as handle:
        reader = csv.DictReader(handle)
        try:
            header = reader.fieldnames or []
        except (UnicodeDecodeError, gzip.BadGzipFile, EOFError) as error:
            raise _unreadable_csv(path, error) from error
        missing = [column for column in required if column not in header]
        if missing:
            raise DomainError(
                "region_file_columns",
                _("%(path)s lacks the column(s) %(columns)s: the header must name %(required)s.")
                % {"path": path, "columns": ", ".join(missing), "required": ", ".join(required)},
            )
        try:
            for row in reader:
                yield reader.line_num, row
        except (UnicodeDecodeError, gzip.BadGzipFile, EOFError, csv.Error) as error:
            raise _unreadable_csv(path, error) from error


def _unreadable_csv(path: Path, error: Exception) -> DomainError:
    return DomainError(
        "region_file_invalid",
        _("%(path)s is not a readable UTF-8 CSV file (%(error)s): export it again as UTF-8 CSV.")
        % {"path": path, "error": error},
    )


def _in_scope(code: str, province_code: str, regency_code: str) -> bool:
    return code in (province_code, regency_code) or code.startswith(regency_code + ".")


def read_codes(path: Path, *, regency_code: str) -> dict[str, RegionValues]:
    """Read the province, the kabupaten and everything below it from a ``kode,nama`` list.

    Rows outside the kabupaten are skipped unchecked, so a flaw elsewhere in the national list does not
    block an import."""
    province_code = regency_code[:2]
    regions: dict[str, RegionValues] = {}
    for line, row in _csv_rows(path, ("kode", "nama")):
        code = (row["kode"] or "").strip()
        if not _in_scope(code, province_code, regency_code):
            continue
        name = " ".join((row["nama"] or "").split())
        if not CODE_PATTERN.fullmatch(code):
            raise DomainError(
                "region_code_invalid",
                _(
                    "Line %(line)s of %(path)s has the invalid region code %(code)s: "
                    "use the dotted Kemendagri form, for example 19.06.01.2001."
                )
                % {"line": line, "path": path, "code": code},
            )
        if not name or len(name) > MAX_NAME_LENGTH:
            raise DomainError(
                "region_name_invalid",
                _("Line %(line)s of %(path)s gives region %(code)s no name or one longer than %(max)s characters.")
                % {"line": line, "path": path, "code": code, "max": MAX_NAME_LENGTH},
            )
        if code in regions:
            raise DomainError(
                "region_code_duplicate",
                _("Line %(line)s of %(path)s repeats the region code %(code)s: each code may appear once.")
                % {"line": line, "path": path, "code": code},
            )
        region_kind(code)
        regions[code] = RegionValues(code=code, name=name)
    return regions


def _coordinate(value: str, *, limit: int, line: int, path: Path, code: str) -> Decimal:
    try:
        number = Decimal(str(value).strip()).quantize(COORDINATE_STEP)
    except (InvalidOperation, ValueError):
        number = None
    if number is None or not number.is_finite() or abs(number) > limit:
        raise DomainError(
            "region_coordinate_invalid",
            _("Line %(line)s of %(path)s has the invalid coordinate %(value)s for region %(code)s.")
            % {"line": line, "path": path, "value": value, "code": code},
        )
    return number


def read_centroids(path: Path) -> dict[str, tuple[Decimal, Decimal]]:
    """Read {code: (latitude, longitude)} from a ``kode,lat,lng`` CSV file, rounded to 6 decimal places."""
    centroids = {}
    for line, row in _csv_rows(path, ("kode", "lat", "lng")):
        code = (row["kode"] or "").strip()
        latitude = _coordinate(row["lat"], limit=90, line=line, path=path, code=code)
        longitude = _coordinate(row["lng"], limit=180, line=line, path=path, code=code)
        centroids[code] = (latitude, longitude)
    return centroids


def _is_position(value: Any) -> bool:
    return (
        isinstance(value, list)
        and len(value) >= 2
        and all(isinstance(number, (int, float)) and not isinstance(number, bool) for number in value)
    )


def _is_polygon(value: Any) -> bool:
    # A polygon is a list of linear rings. A ring has at least four positions and ends where it starts.
    return (
        isinstance(value, list)
        and len(value) > 0
        and all(
            isinstance(ring, list) and len(ring) >= 4 and all(map(_is_position, ring)) and ring[0] == ring[-1]
            for ring in value
        )
    )


def _is_area_geometry(geometry: Any) -> bool:
    if not isinstance(geometry, dict):
        return False
    coordinates = geometry.get("coordinates")
    if geometry.get("type") == "Polygon":
        return _is_polygon(coordinates)
    if geometry.get("type") == "MultiPolygon":
        return isinstance(coordinates, list) and len(coordinates) > 0 and all(map(_is_polygon, coordinates))
    return False


def read_boundaries(path: Path) -> tuple[dict[str, dict[str, Any]], dict[str, tuple[Decimal, Decimal]]]:
    """Read a GeoJSON FeatureCollection whose features carry the region code in the ``kode`` property.

    Returns {code: geometry} and {code: (latitude, longitude)} from the optional ``centroid_lat`` and
    ``centroid_lng`` properties. Geometries must be Polygon or MultiPolygon."""
    try:
        with _open_text(path) as handle:
            collection = json.load(handle)
    except (ValueError, UnicodeDecodeError, gzip.BadGzipFile, EOFError) as error:
        raise DomainError(
            "region_boundaries_invalid",
            _("%(path)s is not valid GeoJSON (%(error)s).") % {"path": path, "error": error},
        ) from error
    if not isinstance(collection, dict) or collection.get("type") != "FeatureCollection":
        collection = {}
    features = collection.get("features")
    if not isinstance(features, list):
        raise DomainError(
            "region_boundaries_invalid",
            _("%(path)s is not a GeoJSON FeatureCollection.") % {"path": path},
        )

    boundaries: dict[str, dict[str, Any]] = {}
    centroids: dict[str, tuple[Decimal, Decimal]] = {}
    for number, feature in enumerate(features, start=1):
        if not isinstance(feature, dict):
            feature = {}
        properties = feature.get("properties")
        if not isinstance(properties, dict):
            properties = {}
        code = str(properties.get("kode") or "").strip()
        geometry = feature.get("geometry")
        if not code or not _is_area_geometry(geometry):
            raise DomainError(
                "region_boundary_invalid",
                _(
                    "Feature %(number)s of %(path)s (code %(code)s) needs a kode property and a Polygon or "
                    "MultiPolygon geometry."
                )
                % {"number": number, "path": path, "code": code or "-"},
            )
        boundaries[code] = geometry
        if properties.get("centroid_lat") is not None and properties.get("centroid_lng") is not None:
            centroids[code] = (
                _coordinate(properties["centroid_lat"], limit=90, line=number, path=path, code=code),
                _coordinate(properties["centroid_lng"], limit=180, line=number, path=path, code=code),
            )
    return boundaries, centroids


def _check_regency_code_format(regency_code: str) -> None:
    if not REGENCY_CODE_PATTERN.fullmatch(regency_code):
        raise DomainError(
            "regency_code_invalid",
            _(
                "Regency code %(code)s is invalid: use the dotted Kemendagri form PP.KK, for example 19.06 "
                "(set SIMPOR_REGENCY_CODE or pass --regency)."
            )
            % {"code": regency_code},
        )


def _check_code_list(regency_code: str, codes: dict[str, RegionValues], codes_path: Path) -> None:
    if regency_code not in codes:
        raise DomainError(
            "regency_code_unknown",
            _(
                "Regency code %(code)s is not in the code list %(path)s: correct SIMPOR_REGENCY_CODE or "
                "--regency, or pass a newer list with --codes."
            )
            % {"code": regency_code, "path": codes_path},
        )
    for code in codes:
        parent = parent_code(code)
        if parent is not None and parent not in codes:
            raise DomainError(
                "region_parent_missing",
                _("Region %(code)s has no parent %(parent)s in %(path)s: the code list is incomplete.")
                % {"code": code, "parent": parent, "path": codes_path},
            )


def _region_fields(values: RegionValues, parent: Region | None) -> dict[str, Any]:
    fields = {
        "name": values.name,
        "level": region_level(values.code),
        "kind": region_kind(values.code),
        "parent": parent,
        "is_active": True,
    }
    # A centroid or boundary missing from the files leaves the stored one alone.
    if values.latitude is not None and values.longitude is not None:
        fields["latitude"] = values.latitude
        fields["longitude"] = values.longitude
    if values.boundary is not None:
        fields["boundary"] = values.boundary
    return fields


def _differs(region: Region, fields: dict[str, Any]) -> bool:
    for name, value in fields.items():
        current = region.parent_id if name == "parent" else getattr(region, name)
        expected = value.pk if name == "parent" and value is not None else value
        if current != expected:
            return True
    return False


def regions_import(
    *,
    regency_code: str,
    codes_path: Path = DEFAULT_CODES_PATH,
    centroids_path: Path | None = DEFAULT_CENTROIDS_PATH,
    boundaries_path: Path | None = DEFAULT_BOUNDARIES_PATH,
) -> RegionImportResult:
    """Create or update the province, the kabupaten ``regency_code`` and all its kecamatan and
    desa/kelurahan from the Kemendagri code list, with centroids and boundaries where the files have them.

    Names that changed are updated. A code of the kabupaten that the list no longer contains is marked
    inactive, never deleted, so projects and users that point at it keep working. Codes always come from
    the list. Pass None for ``centroids_path`` or ``boundaries_path`` to skip that file."""
    _check_regency_code_format(regency_code)
    codes = read_codes(codes_path, regency_code=regency_code)
    _check_code_list(regency_code, codes, codes_path)

    centroids: dict[str, tuple[Decimal, Decimal]] = {}
    boundaries: dict[str, dict[str, Any]] = {}
    if boundaries_path is not None:
        boundaries, centroids = read_boundaries(boundaries_path)
    if centroids_path is not None:
        # The centroid list wins over the centroids stored in the boundary file.
        centroids.update(read_centroids(centroids_path))
    for code, values in codes.items():
        values.latitude, values.longitude = centroids.get(code, (None, None))
        values.boundary = boundaries.get(code)

    logger.info("Importing %s regions of %s from %s", len(codes), regency_code, codes_path)
    result = RegionImportResult()
    province_code = regency_code[:2]
    with transaction.atomic():
        stored = {
            region.code: region
            for region in Region.objects.filter(
                Q(code__in=[province_code, regency_code]) | Q(code__startswith=regency_code + ".")
            )
        }

        # Sorted codes put every parent before its children: "19" < "19.06" < "19.06.01".
        for code in sorted(codes):
            parent = stored.get(parent_code(code) or "")
            fields = _region_fields(codes[code], parent)
            region = stored.get(code)
            if region is None:
                region = Region.objects.create(code=code, **fields)
                stored[code] = region
                audit.record(actor=None, action="create", instance=region, summary=f"region import {code}")
                result.created += 1
            elif _differs(region, fields):
                before = audit.snapshot(region)
                for name, value in fields.items():
                    setattr(region, name, value)
                region.save()
                audit.record(
                    actor=None, action="update", instance=region, before=before, summary=f"region import {code}"
                )
                result.updated += 1
            else:
                result.unchanged += 1

        for code, region in sorted(stored.items()):
            if code in codes:
                continue
            if region.is_active:
                before = audit.snapshot(region)
                region.is_active = False
                region.save(update_fields=["is_active"])
                audit.record(
                    actor=None,
                    action="update",
                    instance=region,
                    before=before,
                    summary=f"region import {code}: no longer in the code list",
                )
                result.deactivated += 1
            else:
                result.unchanged += 1

    logger.info(
        "Imported regions of %s: %s created, %s updated, %s unchanged, %s deactivated",
        regency_code,
        result.created,
        result.updated,
        result.unchanged,
        result.deactivated,
    )
    return result
