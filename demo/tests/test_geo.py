"""Points inside a desa from its GeoJSON boundary."""

import random
from decimal import Decimal

from demo.geo import contains, point_in_village
from regions.models import Region

SQUARE = [[0.0, 0.0], [10.0, 0.0], [10.0, 10.0], [0.0, 10.0], [0.0, 0.0]]
HOLE = [[4.0, 4.0], [6.0, 4.0], [6.0, 6.0], [4.0, 6.0], [4.0, 4.0]]
FAR_SQUARE = [[20.0, 0.0], [21.0, 0.0], [21.0, 1.0], [20.0, 1.0], [20.0, 0.0]]


def test_contains_polygon_with_hole():
    polygon = {"type": "Polygon", "coordinates": [SQUARE, HOLE]}

    assert contains(polygon, 1.0, 1.0)
    assert not contains(polygon, 5.0, 5.0)
    assert not contains(polygon, 11.0, 5.0)
    assert not contains(polygon, -0.5, 5.0)


def test_contains_multipolygon():
    islands = {"type": "MultiPolygon", "coordinates": [[SQUARE], [FAR_SQUARE]]}

    assert contains(islands, 20.5, 0.5)
    assert contains(islands, 9.0, 9.0)
    assert not contains(islands, 15.0, 0.5)


def test_contains_without_geometry():
    assert not contains(None, 1.0, 1.0)
    assert not contains({"type": "Point", "coordinates": [1.0, 1.0]}, 1.0, 1.0)
    assert not contains({"type": "Polygon", "coordinates": []}, 1.0, 1.0)


def _village(**fields) -> Region:
    return Region(code="19.06.01.2001", name="Lalang Jaya", level=4, kind="desa", **fields)


def test_point_inside_boundary_near_centroid():
    village = _village(
        latitude=Decimal("5"), longitude=Decimal("2"), boundary={"type": "Polygon", "coordinates": [SQUARE, HOLE]}
    )

    for seed in range(20):
        latitude, longitude = point_in_village(village, random.Random(seed))
        assert contains(village.boundary, float(longitude), float(latitude))
        assert abs(float(longitude) - 2) <= 2
        assert abs(float(latitude) - 5) <= 2


def test_point_inside_island_when_centroid_in_sea():
    # The centroid of two far-apart islands lies in the water between them.
    village = _village(
        latitude=Decimal("0.5"),
        longitude=Decimal("15"),
        boundary={"type": "MultiPolygon", "coordinates": [[FAR_SQUARE], [[[p[0] - 20, p[1]] for p in FAR_SQUARE]]]},
    )

    latitude, longitude = point_in_village(village, random.Random(1))

    assert contains(village.boundary, float(longitude), float(latitude))


def test_point_falls_back_to_centroid():
    village = _village(latitude=Decimal("-2.870000"), longitude=Decimal("108.280000"), boundary=None)

    assert point_in_village(village, random.Random(1)) == (Decimal("-2.870000"), Decimal("108.280000"))


def test_point_missing_without_boundary_or_centroid():
    assert point_in_village(_village(), random.Random(1)) is None
