"""Storing photos. Every caller (report, progress update, response) goes through ``photos_store``."""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation

from audit import services as audit
from evidence import checks
from evidence import phash as perceptual
from evidence.images import ProcessedPhoto, process_upload
from evidence.models import CheckResult, Photo, PhotoHashVariant
from monitoring.models import ReportStatus

logger = logging.getLogger(__name__)


@dataclass
class DevicePosition:
    """Where and when the phone says a photo was taken (browser Geolocation API), if it said."""

    latitude: Decimal | None = None
    longitude: Decimal | None = None
    accuracy: Decimal | None = None
    captured_at: datetime.datetime | None = None


def photos_prepare(files) -> list[ProcessedPhoto]:
    """Check every uploaded file before anything is saved; the first bad file raises DomainError."""
    return [process_upload(upload) for upload in files]


def photos_store(
    *,
    prepared: list[ProcessedPhoto],
    project,
    uploaded_by,
    report=None,
    progress_update=None,
    response=None,
    positions: list[DevicePosition] | None = None,
) -> list[Photo]:
    """Save checked photos for exactly one owner, with the evidence checks run. Run inside the owner's transaction.

    The owner must be saved first, because the checks read its date (visit date, progress date, the finding's
    report) and the project's location. ``received_at`` is the server's clock, never a time the client sent.

    NOTE: a rollback of that transaction removes the rows but not the files already written to storage.
    """
    positions = positions or []
    stored = []
    received_at = timezone.now()
    with transaction.atomic():
        for index, photo in enumerate(prepared):
            position = positions[index] if index < len(positions) else DevicePosition()
            record = Photo(
                project=project,
                report=report,
                progress_update=progress_update,
                response=response,
                content_type=photo.content_type,
                sha256=photo.sha256,
                size_bytes=len(photo.original),
                width=photo.width,
                height=photo.height,
                has_metadata=photo.metadata.has_metadata,
                taken_at=photo.metadata.taken_at,
                camera=photo.metadata.camera,
                exif_latitude=photo.metadata.latitude,
                exif_longitude=photo.metadata.longitude,
                device_latitude=position.latitude,
                device_longitude=position.longitude,
                device_accuracy=position.accuracy,
                device_captured_at=position.captured_at,
                uploaded_by=uploaded_by,
                received_at=received_at,
            )
            if min(photo.width, photo.height) >= perceptual.MIN_SIDE:
                record.phash = perceptual.to_signed(photo.phash)
                (record.phash_band_0, record.phash_band_1, record.phash_band_2, record.phash_band_3) = perceptual.bands(
                    photo.phash
                )
            # Reasons are stored as text in the deployment's language, whatever the uploader's language is.
            with translation.override(settings.LANGUAGE_CODE):
                _apply_checks(record, photo)
            record.original.save(f"photo.{photo.extension}", ContentFile(photo.original), save=False)
            record.web.save("photo.jpg", ContentFile(photo.web_jpeg), save=False)
            record.thumbnail.save("photo.jpg", ContentFile(photo.thumbnail_jpeg), save=False)
            record.save()
            if record.phash is not None:
                PhotoHashVariant.objects.bulk_create(_variant_rows(record, photo.phash_variants))
            audit.record(actor=uploaded_by, action="create", instance=record, summary="photo")
            stored.append(record)
    return stored


def _time_window(photo: Photo) -> tuple[datetime.date | None, datetime.date | None]:
    """Return (the date the photo should show, a date it cannot precede) for the photo's owner."""
    if photo.report is not None:
        return photo.report.visit_date, None
    if photo.progress_update is not None:
        return photo.progress_update.date, None
    finding = photo.response.finding
    return None, finding.report.visit_date


def _variant_rows(record: Photo, variants: dict[str, int]) -> list[PhotoHashVariant]:
    rows = []
    for label, value in variants.items():
        row = PhotoHashVariant(photo=record, label=label, phash=perceptual.to_signed(value))
        row.phash_band_0, row.phash_band_1, row.phash_band_2, row.phash_band_3 = perceptual.bands(value)
        rows.append(row)
    return rows


def _band_lookup(hashes: list[int], radius: int, prefix: str = "") -> Q:
    """Return a filter for rows with at least one band within ``radius`` bits of that band of one of ``hashes``."""
    band_values: list[set[int]] = [set() for _ in range(perceptual.BANDS)]
    for value in hashes:
        for index, band in enumerate(perceptual.bands(value)):
            band_values[index] |= perceptual.band_neighbours(band, radius)
    lookup = Q()
    for index, values in enumerate(band_values):
        lookup |= Q(**{f"{prefix}phash_band_{index}__in": sorted(values)})
    return lookup


def reuse_candidates(hashes: list[int], *, exclude: Q, max_distance: int) -> list[tuple[int, int]]:
    """Return (id, phash) of stored photos that may lie within ``max_distance`` of one of ``hashes``.

    Multi-index lookup: a hash is split into four 16-bit bands. Two hashes within d bits agree to within d // 4
    bits on at least one band, so looking up every band value that close finds all matches through the band
    indexes. Above a distance of 11 that lookup grows too large and all hashed photos are scanned instead.
    Photos of withdrawn reports are left out: a village that withdrew a report may send its photos again.
    """
    hashed = Photo.objects.filter(phash__isnull=False).exclude(exclude).exclude(report__status=ReportStatus.WITHDRAWN)
    radius = max_distance // perceptual.BANDS
    if radius <= 2:
        hashed = hashed.filter(_band_lookup(hashes, radius))
    return list(hashed.values_list("id", "phash"))


def reuse_variant_candidates(hashes: list[int], *, exclude: Q, max_distance: int) -> list[tuple[int, int]]:
    """Return (photo id, hash of a trimmed copy) of stored photos whose trimmed copy may match one of ``hashes``.

    The same band lookup as ``reuse_candidates``, over ``PhotoHashVariant``; ``exclude`` names photo fields with
    the ``photo__`` prefix. It finds a new photo that is a stored photo cut on one side.
    """
    variants = PhotoHashVariant.objects.exclude(exclude).exclude(photo__report__status=ReportStatus.WITHDRAWN)
    radius = max_distance // perceptual.BANDS
    if radius <= 2:
        variants = variants.filter(_band_lookup(hashes, radius))
    return list(variants.values_list("photo_id", "phash"))


def hash_variants_fill() -> int:
    """Hash the trimmed copies of every hashed photo that has none yet, from its stored thumbnail.

    Photos stored before the trimmed copies were hashed get them here (``manage.py photo_hash_variants``).
    Returns how many photos were filled; a photo whose thumbnail file is missing is skipped.
    """
    from PIL import Image

    filled = 0
    missing = Photo.objects.filter(phash__isnull=False, hash_variants__isnull=True).exclude(thumbnail="")
    for record in missing.iterator():
        try:
            with record.thumbnail.open("rb") as handle, Image.open(handle) as thumbnail:
                thumbnail.load()
                variants = {
                    label: perceptual.phash(part) for label, part in perceptual.crop_variants(thumbnail).items()
                }
        except (OSError, ValueError) as error:
            logger.warning("photo %s: thumbnail not readable, trimmed copies not hashed: %s", record.pk, error)
            continue
        PhotoHashVariant.objects.bulk_create(_variant_rows(record, variants))
        filled += 1
    return filled


def _owner_filter(photo: Photo, prefix: str = "") -> Q:
    if photo.report_id is not None:
        return Q(**{f"{prefix}report_id": photo.report_id})
    if photo.progress_update_id is not None:
        return Q(**{f"{prefix}progress_update_id": photo.progress_update_id})
    return Q(**{f"{prefix}response_id": photo.response_id})


def _apply_checks(record: Photo, photo: ProcessedPhoto) -> None:
    """Run the location, time and reuse checks and keep each outcome with its reason on ``record``."""
    project = record.project
    location = checks.check_location(
        project_latitude=project.latitude,
        project_longitude=project.longitude,
        exif_latitude=record.exif_latitude,
        exif_longitude=record.exif_longitude,
        device_latitude=record.device_latitude,
        device_longitude=record.device_longitude,
        device_accuracy=record.device_accuracy,
    )
    record.location_check, record.location_reason = location.result, location.reason
    record.location_distance_m, record.location_source = location.distance_m, location.source

    visit_date, earliest = _time_window(record)
    timing = checks.check_time(
        taken_at=record.taken_at,
        device_captured_at=record.device_captured_at,
        received_at=record.received_at,
        visit_date=visit_date,
        earliest=earliest,
        contract_start=project.contract_date or project.start_date,
        contract_end=project.planned_end_date,
    )
    record.time_check, record.time_reason = timing.result, timing.reason

    # Other photos of the same owner (two shots of one site in one report) are not reuse.
    exclude = _owner_filter(record)
    exact_ids = list(
        Photo.objects.filter(sha256=record.sha256)
        .exclude(exclude)
        .exclude(report__status=ReportStatus.WITHDRAWN)
        .values_list("id", flat=True)
    )
    if record.phash is None:
        if exact_ids:
            outcome = checks.reuse_outcome([], exact_ids)
        else:
            outcome = checks.ReuseOutcome(CheckResult.UNKNOWN, checks.too_small_reason())
    else:
        limit = checks.setting("reuse_max_distance")
        trimmed_limit = checks.setting("reuse_trimmed_max_distance")
        hashes = [photo.phash, *photo.phash_rotations]
        trimmed = list(photo.phash_variants.values())
        # Three comparisons. The new photo and its turns against stored photos. Its trimmed copies against stored
        # photos, which finds an earlier photo that is a crop of this one. It and its turns against the trimmed
        # copies of stored photos, which finds this photo as a crop of an earlier one. Trimmed copies use the
        # tighter distance.
        matches = checks.merge_matches(
            checks.nearest_matches(hashes, reuse_candidates(hashes, exclude=exclude, max_distance=limit), limit),
            checks.nearest_matches(
                trimmed, reuse_candidates(trimmed, exclude=exclude, max_distance=trimmed_limit), trimmed_limit
            ),
            checks.nearest_matches(
                hashes,
                reuse_variant_candidates(hashes, exclude=_owner_filter(record, "photo__"), max_distance=trimmed_limit),
                trimmed_limit,
            ),
        )
        outcome = checks.reuse_outcome(matches, exact_ids)
    record.reuse_check, record.reuse_reason, record.reuse_matches = outcome.result, outcome.reason, outcome.matches
