"""Upload safety: crafted decompression bombs and property tests over the EXIF reader with malformed input."""

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from core.errors import DomainError
from evidence.images import process_upload, read_metadata
from evidence.tests.conftest import DATA, jpeg_bytes

PROPERTY_SETTINGS = settings(
    max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_header_only(width: int, height: int) -> bytes:
    """Return a tiny PNG whose header claims ``width`` x ``height`` pixels: a decompression bomb's shape."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + _png_chunk(b"IEND", b"")
    )


def jpeg_with_size(width: int, height: int) -> bytes:
    """Return a small JPEG whose frame header (SOF0) is rewritten to claim ``width`` x ``height`` pixels."""
    data = bytearray(jpeg_bytes(size=(16, 16)))
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("bom.png", png_header_only(20_000, 20_000)),
        ("bom.png", png_header_only(100_000, 100_000)),
        ("bom.jpg", jpeg_with_size(30_000, 30_000)),
    ],
    ids=["png-400-megapixels", "png-10-gigapixels", "jpeg-900-megapixels"],
)
def test_crafted_bomb_rejected_with_message(name, data):
    assert len(data) < 2000

    with translation.override("id"), pytest.raises(DomainError) as raised:
        process_upload(SimpleUploadedFile(name, data))

    assert raised.value.code == "photo_too_many_pixels"
    assert raised.value.message == (
        f"Foto “{name}” memiliki terlalu banyak piksel (batasnya 60 megapiksel). Kirim foto yang lebih kecil."
    )


def test_bomb_limit_follows_setting(settings):
    settings.SIMPOR_MAX_PHOTO_PIXELS = 500_000_000

    with pytest.raises(DomainError) as raised:
        process_upload(SimpleUploadedFile("bom.png", png_header_only(20_000, 20_000)))

    # Within the setting, the header passes and the missing pixel data makes it an unreadable file instead.
    assert raised.value.code in {"photo_not_image", "photo_too_many_pixels"}


def _jpeg_with_exif(exif: bytes) -> bytes:
    # Pillow writes the given bytes as the APP1 segment body after its "Exif\0\0" check.
    buffer = io.BytesIO()
    Image.new("RGB", (80, 60), (120, 140, 90)).save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


@PROPERTY_SETTINGS
@given(st.binary(min_size=0, max_size=400).filter(lambda body: not body.startswith((b"II", b"MM"))))
def test_junk_exif_kept_without_metadata(body):
    data = _jpeg_with_exif(b"Exif\x00\x00" + body)

    photo = process_upload(SimpleUploadedFile("foto.jpg", data))

    assert photo.metadata.has_metadata is False
    assert photo.original == data
    assert photo.web_jpeg and photo.thumbnail_jpeg


def _camera_exif() -> bytes:
    with Image.open(DATA / "gps_nikon_coolpix_p6000_DSCN0010.jpg") as image:
        return image.info["exif"]


@PROPERTY_SETTINGS
@given(st.data())
def test_mutated_camera_exif_never_crashes(data):
    exif = bytearray(_camera_exif())
    for _ in range(data.draw(st.integers(min_value=1, max_value=12), label="flips")):
        position = data.draw(st.integers(min_value=6, max_value=len(exif) - 1), label="position")
        exif[position] = data.draw(st.integers(min_value=0, max_value=255), label="byte")
    cut = data.draw(st.integers(min_value=8, max_value=len(exif)), label="length")
    jpeg = _jpeg_with_exif(bytes(exif[:cut]))

    photo = process_upload(SimpleUploadedFile("foto.jpg", jpeg))

    assert photo.original == jpeg
    assert photo.web_jpeg and photo.thumbnail_jpeg
    assert photo.metadata.has_metadata in (True, False)
    if photo.metadata.latitude is not None:
        assert -90 <= photo.metadata.latitude <= 90
        assert -180 <= photo.metadata.longitude <= 180


@PROPERTY_SETTINGS
@given(st.binary(min_size=0, max_size=2000))
def test_random_bytes_only_domain_error(data):
    try:
        photo = process_upload(SimpleUploadedFile("acak.jpg", data))
    except DomainError as error:
        assert error.code in {"photo_not_image", "photo_too_many_pixels"}
    else:
        assert photo.web_jpeg


@PROPERTY_SETTINGS
@given(st.binary(min_size=1, max_size=3000))
def test_truncated_real_photo_prefix(prefix_cut):
    # A real camera JPEG cut short at any point, then followed by junk: an upload broken in transit.
    original = (DATA / "gps_nikon_coolpix_p6000_DSCN0010.jpg").read_bytes()
    data = original[: len(prefix_cut) * 50] + prefix_cut

    try:
        photo = process_upload(SimpleUploadedFile("putus.jpg", data))
    except DomainError as error:
        assert error.code == "photo_not_image"
    else:
        assert photo.sha256


def test_read_metadata_on_image_without_exif():
    image = Image.new("RGB", (10, 10))

    assert read_metadata(image).has_metadata is False


def test_truncated_exif_accepted_while_warnings_are_errors():
    # Found by the property test: Pillow warns while opening this JPEG, and pytest turns warnings into errors.
    jpeg = _jpeg_with_exif(_camera_exif()[:200])

    photo = process_upload(SimpleUploadedFile("foto.jpg", jpeg))

    assert photo.metadata.has_metadata is False
    assert photo.original == jpeg


@pytest.mark.parametrize(
    ("pillow_format", "content_type", "extension"),
    [("PNG", "image/png", "png"), ("WEBP", "image/webp", "webp"), ("GIF", None, None)],
)
def test_format_decided_by_content(pillow_format, content_type, extension):
    buffer = io.BytesIO()
    Image.new("RGB", (120, 90), (30, 120, 200)).save(buffer, format=pillow_format)
    # The name says JPEG; the content decides.
    upload = SimpleUploadedFile("foto.jpg", buffer.getvalue(), content_type="image/jpeg")

    if content_type is None:
        with pytest.raises(DomainError) as raised:
            process_upload(upload)
        assert raised.value.code == "photo_not_image"
        return
    photo = process_upload(upload)

    assert photo.content_type == content_type
    assert photo.extension == extension
    assert Image.open(io.BytesIO(photo.web_jpeg)).format == "JPEG"
