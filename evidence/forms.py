"""Reading the device position and time that static/js/report-form.js records for each chosen photo."""

from __future__ import annotations

import datetime
import zoneinfo
from decimal import Decimal, InvalidOperation

from django.utils.dateparse import parse_datetime

from evidence.services import DevicePosition

JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")
# Browsers report accuracy in metres; anything this large is no position at all.
MAX_ACCURACY_M = Decimal("10000000")


def optional_decimal(value: str | None) -> Decimal | None:
    """Parse a number the browser script filled in; anything unreadable counts as not given."""
    if value is None or not value.strip():
        return None
    try:
        number = Decimal(value.strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def optional_moment(value: str | None) -> datetime.datetime | None:
    """Parse an ISO 8601 time from the browser; a time without an offset is taken as Asia/Jakarta."""
    if not value:
        return None
    try:
        moment = parse_datetime(value.strip())
    except ValueError:
        return None
    if moment is not None and moment.tzinfo is None:
        moment = moment.replace(tzinfo=JAKARTA)
    return moment


def device_position(data, prefix: str = "", suffix: str = "") -> DevicePosition:
    """Read one position from the fields ``lat``, ``lng``, ``acc`` and ``time`` between ``prefix`` and ``suffix``.

    static/js/report-form.js fills these fields. They are missing without JavaScript or when the phone gives no
    position, and the upload is valid without them. A position out of range is dropped, and so is an accuracy
    that is negative or absurdly large.
    """
    latitude = optional_decimal(data.get(f"{prefix}lat{suffix}"))
    longitude = optional_decimal(data.get(f"{prefix}lng{suffix}"))
    accuracy = optional_decimal(data.get(f"{prefix}acc{suffix}"))
    if latitude is None or longitude is None or not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        latitude = longitude = accuracy = None
    if accuracy is not None and not (0 <= accuracy < MAX_ACCURACY_M):
        accuracy = None
    return DevicePosition(
        latitude=latitude.quantize(Decimal("0.000001")) if latitude is not None else None,
        longitude=longitude.quantize(Decimal("0.000001")) if longitude is not None else None,
        accuracy=accuracy.quantize(Decimal("0.1")) if accuracy is not None else None,
        captured_at=optional_moment(data.get(f"{prefix}time{suffix}")),
    )


def photo_position(data, index: int) -> DevicePosition:
    """Read the fields photo_lat_N, photo_lng_N, photo_acc_N and photo_time_N of the photo at ``index``."""
    return device_position(data, "photo_", f"_{index}")


def photo_positions(data, count: int) -> list[DevicePosition]:
    """Read the position and time recorded for each of ``count`` chosen photos."""
    return [photo_position(data, index) for index in range(count)]
