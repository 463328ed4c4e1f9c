"""A small real slice of Belitung Timur with boundaries, and the demo set-up switched on."""

import datetime
import functools
import io
import json
from decimal import Decimal

import pytest
from PIL import Image

from demo.photos import exif_for
from regions.models import Region
from regions.services import DEFAULT_BOUNDARIES_PATH

# Two desa of every kecamatan, plus Buku Limau, an island desa whose centroid lies in the sea.
VILLAGE_CODES = [
    "19.06.01.2001",  # Lalang Jaya
    "19.06.01.2002",  # Kurnia Jaya
    "19.06.01.2010",  # Buku Limau
    "19.06.02.2001",  # Gantung
    "19.06.02.2009",  # Lenggang
    "19.06.03.2001",  # Dendang
    "19.06.03.2008",  # Balok
    "19.06.04.2001",  # Mentawak
    "19.06.04.2005",  # Buding
    "19.06.05.2001",  # Air Kelik
    "19.06.05.2002",  # Mempaya
    "19.06.06.2001",  # Simpang Tiga
    "19.06.06.2004",  # Lintang
    "19.06.07.2001",  # Simpang Pesak
    "19.06.07.2004",  # Dukong
]
# A desa without a boundary, to check the fallback to the centroid.
UNMAPPED_VILLAGE = "19.06.07.2002"  # Tanjung Batu Itam

# A fixed day that is never in the future, so that the services accept every date the demo generates.
TODAY = datetime.date(2026, 11, 20)


@functools.cache
def _features() -> dict[str, dict]:
    with open(DEFAULT_BOUNDARIES_PATH, encoding="utf-8") as source:
        collection = json.load(source)
    return {feature["properties"]["kode"]: feature for feature in collection["features"]}


def _coordinate(value: float) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.000001"))


@pytest.fixture
def kabupaten(db):
    """Province 19, kabupaten 19.06, its 7 kecamatan and 16 of its desa, with centroids and boundaries."""
    features = _features()
    province = Region.objects.create(code="19", name="Kepulauan Bangka Belitung", level=1, kind="provinsi")
    regency = Region.objects.create(
        code="19.06", name="Kabupaten Belitung Timur", level=2, kind="kabupaten", parent=province
    )
    districts = {}
    for code in sorted({code.rsplit(".", 1)[0] for code in [*VILLAGE_CODES, UNMAPPED_VILLAGE]}):
        properties = features[code]["properties"]
        districts[code] = Region.objects.create(
            code=code,
            name=properties["nama"],
            level=3,
            kind="kecamatan",
            parent=regency,
            latitude=_coordinate(properties["centroid_lat"]),
            longitude=_coordinate(properties["centroid_lng"]),
            boundary=features[code]["geometry"],
        )
    villages = {}
    for code in [*VILLAGE_CODES, UNMAPPED_VILLAGE]:
        properties = features[code]["properties"]
        villages[code] = Region.objects.create(
            code=code,
            name=properties["nama"],
            level=4,
            kind="desa",
            parent=districts[code.rsplit(".", 1)[0]],
            latitude=_coordinate(properties["centroid_lat"]),
            longitude=_coordinate(properties["centroid_lng"]),
            boundary=None if code == UNMAPPED_VILLAGE else features[code]["geometry"],
        )
    return {"province": province, "regency": regency, "districts": districts, "villages": villages}


@pytest.fixture
def demo_mode(settings):
    settings.SIMPOR_DEMO = True
    settings.SIMPOR_REGENCY_CODE = "19.06"
    return settings


@pytest.fixture
def small_photos(monkeypatch):
    """Replace the drawn 640x480 scenes by 48x36 JPEGs with the same EXIF, for tests that need many runs.

    The full drawings are checked in test_photos; here the cost of decoding and resizing them would only
    slow the suite down.
    """

    def draw_small(spec, rng):
        shade = rng.randrange(256)
        image = Image.new("RGB", (48, 36), (shade, 120, 90))
        buffer = io.BytesIO()
        if spec.camera is not None:
            image.save(buffer, format="JPEG", exif=exif_for(spec))
        else:
            image.save(buffer, format="JPEG")
        return buffer.getvalue()

    monkeypatch.setattr("demo.activity.draw_photo", draw_small)
