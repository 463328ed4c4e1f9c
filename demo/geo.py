"""Points inside a desa for the demo projects, from the GeoJSON boundary in Region.boundary."""

from __future__ import annotations

import random
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from regions.models import Region

COORDINATE_STEP = Decimal("0.000001")
JITTER_TRIES = 40
BOUNDING_BOX_TRIES = 200

Ring = Sequence[Sequence[float]]


def _polygons(geometry: dict[str, Any] | None) -> list[list[Ring]]:
    """Return the polygons of a GeoJSON Polygon or MultiPolygon, each as [outer ring, hole, ...]."""
    if not geometry:
        return []
    if geometry.get("type") == "Polygon":
        return [geometry["coordinates"]]
    if geometry.get("type") == "MultiPolygon":
        return list(geometry["coordinates"])
    return []


def _in_ring(longitude: float, latitude: float, ring: Ring) -> bool:
    # Ray casting: count the edges a ray from the point towards +longitude crosses.
    inside = False
    count = len(ring)
    for index in range(count):
        x1, y1 = ring[index][0], ring[index][1]
        x2, y2 = ring[index - 1][0], ring[index - 1][1]
        if (y1 > latitude) != (y2 > latitude):
            crossing = x1 + (latitude - y1) * (x2 - x1) / (y2 - y1)
            if longitude < crossing:
                inside = not inside
    return inside


def contains(geometry: dict[str, Any] | None, longitude: float, latitude: float) -> bool:
    """Return whether the point lies inside the GeoJSON Polygon or MultiPolygon (holes excluded)."""
    for polygon in _polygons(geometry):
        if not polygon:
            continue
        outer, holes = polygon[0], polygon[1:]
        if _in_ring(longitude, latitude, outer) and not any(_in_ring(longitude, latitude, hole) for hole in holes):
            return True
    return False


def _bounding_box(rings: Sequence[Ring]) -> tuple[float, float, float, float] | None:
    points = [point for ring in rings for point in ring]
    if not points:
        return None
    longitudes = [point[0] for point in points]
    latitudes = [point[1] for point in points]
    return min(longitudes), min(latitudes), max(longitudes), max(latitudes)


def _area(box: tuple[float, float, float, float]) -> float:
    west, south, east, north = box
    return (east - west) * (north - south)


def _rounded(longitude: float, latitude: float) -> tuple[Decimal, Decimal]:
    return (
        Decimal(str(latitude)).quantize(COORDINATE_STEP),
        Decimal(str(longitude)).quantize(COORDINATE_STEP),
    )


def point_in_village(village: Region, rng: random.Random) -> tuple[Decimal, Decimal] | None:
    """Return a (latitude, longitude) inside the desa, or None when the desa has neither boundary nor centroid.

    Tries the centroid moved by a random offset first, so that projects of one desa do not share a marker. Then
    tries random points in the bounding box of one of the boundary's polygons, because a centroid may lie outside
    its polygon: an island desa has its centroid in the sea. Falls back to the centroid itself.
    """
    centroid = None
    if village.latitude is not None and village.longitude is not None:
        centroid = (float(village.longitude), float(village.latitude))
    geometry = village.boundary
    polygons = [polygon for polygon in _polygons(geometry) if polygon]
    outer_box = _bounding_box([polygon[0] for polygon in polygons])
    if outer_box is None:
        return _rounded(*centroid) if centroid is not None else None

    if centroid is not None:
        # Up to a fifth of the desa's size away from the centroid.
        west, south, east, north = outer_box
        spread_x, spread_y = (east - west) / 5, (north - south) / 5
        for _ in range(JITTER_TRIES):
            longitude = centroid[0] + rng.uniform(-spread_x, spread_x)
            latitude = centroid[1] + rng.uniform(-spread_y, spread_y)
            if contains(geometry, longitude, latitude):
                return _rounded(longitude, latitude)

    # Sample the bounding box of one polygon at a time, chosen by its size, because the box around a desa of
    # scattered islands is mostly sea.
    boxes = [_bounding_box([polygon[0]]) for polygon in polygons]
    weights = [_area(box) for box in boxes]
    for _ in range(BOUNDING_BOX_TRIES):
        west, south, east, north = rng.choices(boxes, weights=weights)[0] if sum(weights) else boxes[0]
        longitude, latitude = rng.uniform(west, east), rng.uniform(south, north)
        if contains(geometry, longitude, latitude):
            return _rounded(longitude, latitude)

    if centroid is not None:
        return _rounded(*centroid)
    return None
