"""Checks and copies of uploaded photos: accepted formats, damaged EXIF, orientation and clean copies."""

import io
import os
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import ExifTags, Image

from core.errors import DomainError
from evidence.images import process_upload
from evidence.services import photos_prepare
from evidence.tests.conftest import data_upload, jpeg_bytes


def test_camera_jpeg_metadata_read():
    photo = process_upload(data_upload("gps_nikon_coolpix_p6000_DSCN0010.jpg"))

    assert photo.content_type == "image/jpeg"
    assert photo.metadata.has_metadata is True
    assert photo.metadata.camera == "NIKON COOLPIX P6000"
    assert photo.metadata.latitude == Decimal("43.467448")
    assert photo.metadata.longitude == Decimal("11.885127")
    assert photo.metadata.taken_at.isoformat() == "2008-10-22T16:28:39+07:00"


def test_heic_accepted_with_metadata():
    photo = process_upload(data_upload("gps_iphone_11_pro_max_IMG_5195.heic"))

    assert photo.content_type == "image/heif"
    assert photo.extension == "heic"
    assert (photo.width, photo.height) == (2566, 3313)
    assert photo.metadata.camera == "Apple iPhone 11 Pro Max"
    assert photo.metadata.longitude == Decimal("-94.288772")
    assert Image.open(io.BytesIO(photo.web_jpeg)).format == "JPEG"


@pytest.mark.parametrize("name", ["corrupt_exif_hopper_bad_exif.jpg", "corrupt_exif_ifd_30-type_error.jpg"])
def test_corrupt_exif_kept_without_metadata(name):
    photo = process_upload(data_upload(name))

    assert photo.metadata.has_metadata is False
    assert photo.metadata.taken_at is None
    assert photo.metadata.camera == ""
    assert photo.original == (data_upload(name).read())
    assert photo.thumbnail_jpeg


def test_copies_carry_no_exif():
    photo = process_upload(data_upload("gps_nikon_coolpix_p6000_DSCN0010.jpg"))

    for copy in (photo.web_jpeg, photo.thumbnail_jpeg):
        image = Image.open(io.BytesIO(copy))
        assert dict(image.getexif()) == {}
        assert "exif" not in image.info
    assert b"NIKON" not in photo.web_jpeg
    assert b"NIKON" in photo.original


def test_exif_orientation_applied():
    # Stored 80 wide and 40 high, with orientation 6 (turn 90° clockwise to view): upright it is 40 by 80.
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    upload = SimpleUploadedFile("miring.jpg", jpeg_bytes(size=(80, 40), exif=exif))

    photo = process_upload(upload)

    assert (photo.width, photo.height) == (40, 80)
    assert Image.open(io.BytesIO(photo.web_jpeg)).size == (40, 80)
    assert Image.open(io.BytesIO(photo.thumbnail_jpeg)).size == (40, 80)


def test_thumbnail_and_web_sizes_bounded():
    upload = SimpleUploadedFile("besar.jpg", jpeg_bytes(size=(2400, 1200)))

    photo = process_upload(upload)

    assert max(Image.open(io.BytesIO(photo.web_jpeg)).size) == 1600
    assert max(Image.open(io.BytesIO(photo.thumbnail_jpeg)).size) == 400


def test_text_renamed_jpg_rejected():
    upload = SimpleUploadedFile("foto.jpg", b"Ini bukan foto, hanya teks.\n" * 20, content_type="image/jpeg")

    with translation.override("id"), pytest.raises(DomainError) as raised:
        photos_prepare([upload])

    assert raised.value.code == "photo_not_image"
    assert raised.value.field == "photos"
    assert raised.value.message == (
        "Berkas “foto.jpg” bukan foto JPEG, PNG, WebP, atau HEIC. Pilih foto dari kamera atau galeri."
    )


def test_photo_over_size_limit_rejected(settings):
    settings.SIMPOR_MAX_PHOTO_BYTES = 1024 * 1024
    noise = Image.frombytes("RGB", (900, 900), os.urandom(900 * 900 * 3))
    buffer = io.BytesIO()
    noise.save(buffer, format="PNG")
    upload = SimpleUploadedFile("besar.png", buffer.getvalue())
    assert upload.size > settings.SIMPOR_MAX_PHOTO_BYTES

    with translation.override("id"), pytest.raises(DomainError) as raised:
        photos_prepare([upload])

    assert raised.value.code == "photo_too_large"
    size = str((Decimal(upload.size) / 1048576).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)).replace(".", ",")
    assert raised.value.message == (
        f"Foto “besar.png” berukuran {size} MB; batasnya 1,0 MB. Kirim foto yang lebih kecil."
    )


def test_decompression_bomb_rejected(settings):
    settings.SIMPOR_MAX_PHOTO_PIXELS = 1000
    upload = SimpleUploadedFile("lebar.jpg", jpeg_bytes(size=(100, 100)))

    with pytest.raises(DomainError) as raised:
        photos_prepare([upload])

    assert raised.value.code == "photo_too_many_pixels"


def test_prepare_stops_at_first_bad_file():
    good = SimpleUploadedFile("baik.jpg", jpeg_bytes())
    bad = SimpleUploadedFile("rusak.jpg", jpeg_bytes()[:40])

    with pytest.raises(DomainError) as raised:
        photos_prepare([good, bad])

    assert "rusak.jpg" in raised.value.message
