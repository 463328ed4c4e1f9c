"""Finding the desa that contains a point, from the GeoJSON boundaries stored on Region."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal

from regions.models import Region

Ring = Sequence[Sequence[float]]


def _in_ring(x: float, y: float, ring: Ring) -> bool:
    # Ray casting: count the edges a ray from the point to the east crosses; odd means inside.
    inside = False
    count = len(ring)
    for index in range(count):
        x1, y1 = ring[index][0], ring[index][1]
        x2, y2 = ring[index - 1][0], ring[index - 1][1]
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
            inside = not inside
    return inside


def _in_polygon(x: float, y: float, rings: Sequence[Ring]) -> bool:
    """The first ring is the outline, the others are holes (GeoJSON Polygon coordinates)."""
    if not rings or not _in_ring(x, y, rings[0]):
        return False
    return not any(_in_ring(x, y, hole) for hole in rings[1:])


def geometry_contains(geometry: dict | None, longitude: float, latitude: float) -> bool:
    """Return whether a GeoJSON Polygon or MultiPolygon contains the point. Other geometries contain nothing."""
    if not isinstance(geometry, dict):
        return False
    coordinates = geometry.get("coordinates") or []
    try:
        if geometry.get("type") == "Polygon":
            return _in_polygon(longitude, latitude, coordinates)
        if geometry.get("type") == "MultiPolygon":
            return any(_in_polygon(longitude, latitude, polygon) for polygon in coordinates)
    except (TypeError, IndexError, ZeroDivisionError):
        return False
    return False


def village_at(latitude: Decimal, longitude: Decimal, villages: Iterable[Region]) -> Region | None:
    """Return the first of ``villages`` whose boundary contains the point, or None."""
    for village in villages:
        if geometry_contains(village.boundary, float(longitude), float(latitude)):
            return village
    return None
