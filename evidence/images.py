"""Reading uploaded photos: content check, limits, EXIF metadata and the derived copies.

Only Pillow decodes; the file name and the browser's content type are never trusted.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import logging
import warnings
import zoneinfo
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

import pillow_heif
from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from PIL import ExifTags, Image, ImageOps, UnidentifiedImageError

from core.errors import DomainError
from evidence import phash as perceptual

logger = logging.getLogger(__name__)
pillow_heif.register_heif_opener()

JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")
ACCEPTED_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "HEIF": "image/heif"}
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "HEIF": "heic"}
WEB_MAX_SIDE = 1600
THUMBNAIL_MAX_SIDE = 400


@dataclass
class PhotoMetadata:
    """Capture place, time and camera of a photo as its EXIF block records them."""

    has_metadata: bool = False
    taken_at: datetime.datetime | None = None
    camera: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None


@dataclass
class ProcessedPhoto:
    """An uploaded photo that passed the checks, with its copies ready to store."""

    original: bytes
    content_type: str
    extension: str
    sha256: str
    width: int
    height: int
    metadata: PhotoMetadata
    web_jpeg: bytes
    thumbnail_jpeg: bytes
    phash: int = 0
    phash_rotations: list[int] = field(default_factory=list)
    # Hashes of the thumbnail with 5% and 10% trimmed from each side, keyed by phash.CROP_VARIANTS labels.
    phash_variants: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def _megabytes(size: int) -> str:
    """Format a byte count in MB with one decimal place, in the active language ("1,5" in Indonesian)."""
    megabytes = (Decimal(size) / 1048576).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return number_format(megabytes, decimal_pos=1)


def _read_upload(upload) -> bytes:
    limit = settings.SIMPOR_MAX_PHOTO_BYTES
    if upload.size is not None and upload.size > limit:
        raise DomainError(
            "photo_too_large",
            _("Photo “%(name)s” is %(size)s MB; the limit is %(limit)s MB. Send a smaller photo.")
            % {"name": upload.name, "size": _megabytes(upload.size), "limit": _megabytes(limit)},
            field="photos",
        )
    upload.seek(0)
    return upload.read()


def _open_checked(data: bytes, name: str) -> Image.Image:
    """Open ``data`` as an image of an accepted format, rejecting non-images and decompression bombs."""
    not_image = DomainError(
        "photo_not_image",
        _("File “%(name)s” is not a JPEG, PNG, WebP or HEIC photo. Choose a photo from the camera or gallery.")
        % {"name": name},
        field="photos",
    )
    too_many_pixels = DomainError(
        "photo_too_many_pixels",
        _("Photo “%(name)s” has too many pixels (the limit is %(limit)s megapixels). Send a smaller photo.")
        % {"name": name, "limit": settings.SIMPOR_MAX_PHOTO_PIXELS // 1_000_000},
        field="photos",
    )
    try:
        with warnings.catch_warnings():
            # Pillow warns about a damaged EXIF block while opening a JPEG; read_metadata judges the block, so
            # the warning must not reject a decodable photo, whatever the process-wide warning filter is.
            warnings.simplefilter("ignore", UserWarning)
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.format not in ACCEPTED_FORMATS:
                raise not_image
            if image.width * image.height > settings.SIMPOR_MAX_PHOTO_PIXELS:
                raise too_many_pixels
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise too_many_pixels from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise not_image from None
    return image


def _rational(value) -> Decimal:
    return Decimal(str(float(value)))


def _gps_degrees(values, reference: str) -> Decimal:
    degrees, minutes, seconds = (_rational(part) for part in values)
    result = degrees + minutes / 60 + seconds / 3600
    if reference in ("S", "W"):
        result = -result
    return result.quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP)


def _parse_exif_time(text: str, offset: str | None) -> datetime.datetime | None:
    text = str(text).strip().rstrip("\x00")
    if not text or text.startswith("0000"):
        return None
    moment = datetime.datetime.strptime(text[:19], "%Y:%m:%d %H:%M:%S")  # noqa: DTZ007 - zone added below
    zone: datetime.tzinfo = JAKARTA
    if offset:
        sign = -1 if str(offset).startswith("-") else 1
        hours, _, minutes = str(offset).strip().lstrip("+-").partition(":")
        zone = datetime.timezone(sign * datetime.timedelta(hours=int(hours), minutes=int(minutes or 0)))
    return moment.replace(tzinfo=zone)


# Pointer tags to the Exif and GPS sub-blocks. A pointer that is not an offset means the block is damaged.
POINTER_TAGS = (ExifTags.IFD.Exif, ExifTags.IFD.GPSInfo)


class DamagedExifError(Exception):
    """The EXIF block is present but cannot be read as a whole."""


def _read_exif(image: Image.Image):
    # Pillow warns ("Corrupt EXIF data") and returns whatever it managed to read. Turning the warning into an
    # error makes a damaged block count as no metadata, whatever the process-wide warning filter is.
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)
        try:
            exif = image.getexif()
            for tag in POINTER_TAGS:
                if tag in exif and not isinstance(exif[tag], int):
                    raise DamagedExifError(f"pointer tag {tag:#x} is not an offset")
            details = exif.get_ifd(ExifTags.IFD.Exif) if exif else {}
            gps = exif.get_ifd(ExifTags.IFD.GPSInfo) if exif else {}
        except DamagedExifError:
            raise
        except Exception as error:
            raise DamagedExifError(str(error)) from error
    return exif, details, gps


def read_metadata(image: Image.Image) -> PhotoMetadata:
    """Read capture time, camera and GPS position from EXIF.

    A damaged EXIF block (Pillow warns about it, or a sub-block pointer is not an offset) yields no metadata at
    all, because values read around the damage cannot be trusted as evidence. A single malformed value in an
    intact block is skipped, never raised. Capture time uses OffsetTimeOriginal when present and otherwise
    assumes Asia/Jakarta.
    """
    metadata = PhotoMetadata()
    try:
        exif, details, gps = _read_exif(image)
    except DamagedExifError as error:
        logger.info("Damaged EXIF block (%s); photo kept without metadata", error)
        return metadata
    if not exif:
        return metadata

    try:
        make = str(exif.get(ExifTags.Base.Make, "")).strip().strip("\x00")
        model = str(exif.get(ExifTags.Base.Model, "")).strip().strip("\x00")
        metadata.camera = " ".join(part for part in (make, model) if part)[:120]
    except Exception:
        metadata.camera = ""

    try:
        taken = details.get(ExifTags.Base.DateTimeOriginal) or exif.get(ExifTags.Base.DateTime)
        if taken:
            metadata.taken_at = _parse_exif_time(taken, details.get(ExifTags.Base.OffsetTimeOriginal))
    except Exception:
        metadata.taken_at = None

    try:
        if gps and 2 in gps and 4 in gps:
            latitude = _gps_degrees(gps[2], str(gps.get(1, "N")).strip("\x00"))
            longitude = _gps_degrees(gps[4], str(gps.get(3, "E")).strip("\x00"))
            if abs(latitude) <= 90 and abs(longitude) <= 180 and (latitude, longitude) != (0, 0):
                metadata.latitude, metadata.longitude = latitude, longitude
    except Exception:
        metadata.latitude = metadata.longitude = None

    metadata.has_metadata = bool(metadata.camera or metadata.taken_at or metadata.latitude is not None)
    return metadata


def _scaled(image: Image.Image, max_side: int) -> Image.Image:
    # A fresh RGB image has no EXIF: nothing about the reporter's location or device reaches the public copies.
    copy = image.convert("RGB")
    # reducing_gap=1.0 first halves a large photo by averaging, which is about twice as fast on a phone-size
    # photo as Lanczos over every source pixel, with no visible loss at these sizes.
    copy.thumbnail((max_side, max_side), Image.Resampling.LANCZOS, reducing_gap=1.0)
    return copy


def _jpeg(image: Image.Image, quality: int) -> bytes:
    # Written without an exif argument, so the JPEG carries no EXIF block.
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=quality, optimize=True)
    return buffer.getvalue()


def process_upload(upload) -> ProcessedPhoto:
    """Check an uploaded file and prepare what is stored: the untouched original, two clean copies and hashes.

    The perceptual hashes are computed on the upright thumbnail, so the EXIF orientation and the original's size
    do not change them.
    """
    data = _read_upload(upload)
    image = _open_checked(data, upload.name)
    metadata = read_metadata(image)
    try:
        with warnings.catch_warnings():
            # A damaged EXIF block was already reported by read_metadata; turn what can be read upright anyway.
            warnings.simplefilter("ignore", UserWarning)
            upright = ImageOps.exif_transpose(image)
    except Exception:
        upright = image
    web = _scaled(upright, WEB_MAX_SIDE)
    thumbnail = _scaled(web, THUMBNAIL_MAX_SIDE)
    return ProcessedPhoto(
        original=data,
        content_type=ACCEPTED_FORMATS[image.format],
        extension=EXTENSIONS[image.format],
        sha256=hashlib.sha256(data).hexdigest(),
        width=upright.width,
        height=upright.height,
        metadata=metadata,
        web_jpeg=_jpeg(web, 82),
        thumbnail_jpeg=_jpeg(thumbnail, 75),
        phash=perceptual.phash(thumbnail),
        phash_rotations=[perceptual.phash(turned) for turned in perceptual.rotations(thumbnail)],
        phash_variants={label: perceptual.phash(part) for label, part in perceptual.crop_variants(thumbnail).items()},
    )
