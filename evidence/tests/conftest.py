"""Helpers for evidence tests: the real test photos in data/ and small JPEGs made with Pillow."""

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

DATA = Path(__file__).resolve().parent / "data"


def data_upload(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (DATA / name).read_bytes())


def jpeg_bytes(size=(64, 48), color=(200, 80, 40), exif=None) -> bytes:
    buffer = io.BytesIO()
    image = Image.new("RGB", size, color)
    if exif is not None:
        image.save(buffer, format="JPEG", exif=exif)
    else:
        image.save(buffer, format="JPEG")
    return buffer.getvalue()


@pytest.fixture
def upload():
    return data_upload


def transformed_upload(name: str, transform, filename: str = "ulang.jpg") -> SimpleUploadedFile:
    """Return the data photo ``name`` after ``transform`` (a function of a PIL image), saved as a JPEG without EXIF."""
    image = Image.open(DATA / name).convert("RGB")
    buffer = io.BytesIO()
    transform(image).save(buffer, format="JPEG", quality=70)
    return SimpleUploadedFile(filename, buffer.getvalue())
