import io
import time

import pytest
from django.core import signing
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from citizen.forms import FORM_TIMESTAMP_SALT


@pytest.fixture(autouse=True)
def _empty_cache():
    # Rate-limit counters and cached pages live in the process-wide local-memory cache.
    cache.clear()
    yield
    cache.clear()


def started_token(seconds_ago: int = 30) -> str:
    return signing.dumps(int(time.time()) - seconds_ago, salt=FORM_TIMESTAMP_SALT)


def gps_jpeg(name: str = "lampu.jpg") -> SimpleUploadedFile:
    """A small JPEG whose EXIF names a camera and a GPS position, as a phone photo does."""
    image = Image.new("RGB", (80, 60), (200, 180, 40))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x0110] = "PhoneModel X"
    gps = {1: "S", 2: (2.0, 52.0, 12.0), 3: "E", 4: (108.0, 16.0, 48.0)}
    exif[0x8825] = gps
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif.tobytes())
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture
def form_data(project):
    """A valid report about the fixture project, as the browser posts it."""
    return {
        "category": "project_work",
        "description": "Saluran di samping jalan belum dipasang, air menggenang.",
        "project": str(project.pk),
        "latitude": "",
        "longitude": "",
        "location_description": "Depan SD Negeri 3",
        "contact_name": "Budi Warga",
        "contact_phone": "0812 3456 7890",
        "contact_email": "budi@example.org",
        "website": "",
        "started": started_token(),
    }


@pytest.fixture
def square_village(regions):
    """Give Desa Gantung a square boundary around 108.0-108.1 E, 2.9-3.0 S."""
    village = regions["gantung_desa"]
    village.boundary = {
        "type": "Polygon",
        "coordinates": [[[108.0, -3.0], [108.1, -3.0], [108.1, -2.9], [108.0, -2.9], [108.0, -3.0]]],
    }
    village.save()
    return village
