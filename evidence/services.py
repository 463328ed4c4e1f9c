"""Storing photos. Every caller (report, progress update, response) goes through ``photos_store``."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction

from audit import services as audit
from evidence.images import ProcessedPhoto, process_upload
from evidence.models import Photo


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
    """Save checked photos for exactly one owner. Run inside the owner's transaction.

    NOTE: a rollback of that transaction removes the rows but not the files already written to storage.
    """
    positions = positions or []
    stored = []
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
            )
            record.original.save(f"photo.{photo.extension}", ContentFile(photo.original), save=False)
            record.web.save("photo.jpg", ContentFile(photo.web_jpeg), save=False)
            record.thumbnail.save("photo.jpg", ContentFile(photo.thumbnail_jpeg), save=False)
            record.save()
            audit.record(actor=uploaded_by, action="create", instance=record, summary="photo")
            stored.append(record)
    return stored
