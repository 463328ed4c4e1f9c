"""Drawn demo photos: JPEGs that pass the upload checks, with the EXIF a phone writes."""

import datetime
import io
import random
import zoneinfo
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from demo.photos import CAMERAS, PHOTO_SIZE, PhotoSpec, Scene, draw_photo
from evidence.images import process_upload

JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")
TAKEN_AT = datetime.datetime(2026, 5, 2, 10, 15, tzinfo=JAKARTA)


def _spec(**fields) -> PhotoSpec:
    values = {
        "scene": Scene.ROAD,
        "project_name": "Peningkatan Jalan Desa Lalang Jaya Ruas Dusun I",
        "taken_at": TAKEN_AT,
        "progress": Decimal("45"),
        "workers": 3,
        "signboard": True,
    }
    values.update(fields)
    return PhotoSpec(**values)


def _upload(data: bytes):
    return process_upload(SimpleUploadedFile("IMG_20260502_101500.jpg", data, content_type="image/jpeg"))


@pytest.mark.parametrize("scene", list(Scene))
@pytest.mark.parametrize("progress", [0, 50, 100])
def test_photo_is_accepted_jpeg(scene, progress):
    data = draw_photo(_spec(scene=scene, progress=Decimal(progress)), random.Random(1))

    photo = _upload(data)

    assert photo.content_type == "image/jpeg"
    assert (photo.width, photo.height) == PHOTO_SIZE
    assert photo.web_jpeg and photo.thumbnail_jpeg
    assert not photo.metadata.has_metadata


def test_photo_carries_gps_and_capture_time():
    spec = _spec(latitude=Decimal("-2.870512"), longitude=Decimal("108.281234"), camera=CAMERAS[0])

    photo = _upload(draw_photo(spec, random.Random(1)))

    assert photo.metadata.latitude == Decimal("-2.870512")
    assert photo.metadata.longitude == Decimal("108.281234")
    assert photo.metadata.taken_at == TAKEN_AT
    assert photo.metadata.camera == "samsung SM-A155F"


def test_photo_with_camera_but_no_position():
    photo = _upload(draw_photo(_spec(camera=CAMERAS[1]), random.Random(1)))

    assert photo.metadata.has_metadata
    assert photo.metadata.latitude is None


def test_photo_drawing_is_reproducible():
    spec = _spec(camera=CAMERAS[2], latitude=Decimal("-3.1"), longitude=Decimal("108.0"))

    assert draw_photo(spec, random.Random(7)) == draw_photo(spec, random.Random(7))


def test_photo_shows_progress_and_safety_gear():
    def pixels(**fields) -> bytes:
        image = Image.open(io.BytesIO(draw_photo(_spec(**fields), random.Random(3))))
        return image.tobytes()

    assert pixels(progress=Decimal("10")) != pixels(progress=Decimal("90"))
    assert pixels(safety_gear=True) != pixels(safety_gear=False)
