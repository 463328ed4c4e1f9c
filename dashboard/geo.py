"""Map data of the dashboard: project points and simplified region outlines, served as JSON after the page."""

from __future__ import annotations

from django.conf import settings
from django.db.models import F, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from projects.models import Project
from regions.models import Region

# Five decimals of a degree are about a metre, far finer than a kecamatan outline needs on a phone.
COORDINATE_PLACES = 4


def project_points(projects: QuerySet[Project]) -> list[list]:
    """Return [id, latitude, longitude, status, name] per project with a known position (one query).

    A project without site coordinates takes the centre of its first desa, as the project page does.
    """
    village = Project.villages.through.objects.filter(
        project_id=OuterRef("pk"), region__latitude__isnull=False
    ).order_by("region__code")
    rows = (
        projects.order_by()
        .annotate(
            map_latitude=Coalesce(F("latitude"), Subquery(village.values("region__latitude")[:1])),
            map_longitude=Coalesce(F("longitude"), Subquery(village.values("region__longitude")[:1])),
        )
        .filter(map_latitude__isnull=False, map_longitude__isnull=False)
        .values_list("pk", "map_latitude", "map_longitude", "assessment__status", "name")
    )
    return [
        [pk, round(float(latitude), 5), round(float(longitude), 5), status or "none", name]
        for pk, latitude, longitude, status, name in rows
    ]


def _round_ring(ring: list) -> list:
    """Round a ring's coordinates and drop points that round onto the one before."""
    result: list = []
    for point in ring:
        rounded = [round(point[0], COORDINATE_PLACES), round(point[1], COORDINATE_PLACES)]
        if not result or rounded != result[-1]:
            result.append(rounded)
    return (
        result if len(result) >= 4 else [[round(p[0], COORDINATE_PLACES), round(p[1], COORDINATE_PLACES)] for p in ring]
    )


def simplify(geometry: dict) -> dict | None:
    """Return a Polygon or MultiPolygon with rounded coordinates; other geometry types give None."""
    kind = geometry.get("type") if isinstance(geometry, dict) else None
    if kind == "Polygon":
        return {"type": kind, "coordinates": [_round_ring(ring) for ring in geometry["coordinates"]]}
    if kind == "MultiPolygon":
        polygons = [[_round_ring(ring) for ring in polygon] for polygon in geometry["coordinates"]]
        return {"type": kind, "coordinates": polygons}
    return None


def boundaries(*, district_id: int | None = None) -> dict:
    """Return the kabupaten's kecamatan, or one kecamatan's desa, as a GeoJSON FeatureCollection.

    Regions without a boundary come as a Point at their centre when it is known, so they still show.
    """
    if district_id:
        regions = Region.objects.filter(level=Region.Level.VILLAGE, parent_id=district_id)
    else:
        regions = Region.objects.filter(level=Region.Level.DISTRICT, parent__code=settings.SIMPOR_REGENCY_CODE)
    features = []
    for region in regions.filter(is_active=True).order_by("code"):
        geometry = simplify(region.boundary) if region.boundary else None
        if geometry is None and region.latitude is not None and region.longitude is not None:
            geometry = {"type": "Point", "coordinates": [float(region.longitude), float(region.latitude)]}
        if geometry is None:
            continue
        features.append(
            {
                "type": "Feature",
                "properties": {"id": region.pk, "name": region.display_name, "level": region.level},
                "geometry": geometry,
            }
        )
    return {"type": "FeatureCollection", "features": features}
