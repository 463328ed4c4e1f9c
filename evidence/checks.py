"""Evidence checks on a photo: was it taken at the project, at the right time, and is it new?

Plain functions over plain values, so they are tested without a database. ``evidence.services`` runs them when a
photo is stored and keeps each outcome with its reason on the Photo row.
"""

from __future__ import annotations

import datetime
import math
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from evidence import phash as perceptual
from evidence.models import CheckResult, PositionSource

JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")
EARTH_RADIUS_M = 6_371_008.8

# Defaults, overridden per key by settings.SIMPOR_EVIDENCE. The reuse distance was tuned with
# benchmarks/tune_phash.py; docs/evidence.md has the measured rates.
DEFAULTS = {
    "radius_m": 500,
    "reuse_max_distance": 10,
    # Comparisons that involve a copy trimmed on one side (evidence.phash.crop_variants) use this distance.
    "reuse_trimmed_max_distance": 6,
    "visit_tolerance_days": 0,
    "clock_skew_minutes": 10,
}


def setting(name: str) -> int:
    """Return the evidence setting ``name`` from settings.SIMPOR_EVIDENCE, or its default."""
    configured = getattr(settings, "SIMPOR_EVIDENCE", {}) or {}
    return int(configured.get(name, DEFAULTS[name]))


@dataclass
class Outcome:
    """The result of one check and the sentence that explains it."""

    result: str
    reason: str = ""


@dataclass
class LocationOutcome(Outcome):
    distance_m: int | None = None
    source: str = ""


@dataclass
class ReuseOutcome(Outcome):
    matches: list[list[int]] = field(default_factory=list)


def distance_m(lat1: Decimal | float, lon1: Decimal | float, lat2: Decimal | float, lon2: Decimal | float) -> float:
    """Return the great-circle distance in metres between two WGS 84 points (haversine on a spherical earth)."""
    phi1, phi2 = math.radians(float(lat1)), math.radians(float(lat2))
    delta_phi = phi2 - phi1
    delta_lambda = math.radians(float(lon2) - float(lon1))
    a = math.sin(delta_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(delta_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def _metres(value: float) -> str:
    if value >= 10_000:
        return _("%(km)s km") % {"km": number_format(round(value / 1000))}
    if value >= 1000:
        return _("%(km)s km") % {"km": number_format(round(value / 1000, 1), decimal_pos=1)}
    return _("%(m)s m") % {"m": number_format(round(value))}


def check_location(
    *,
    project_latitude: Decimal | None,
    project_longitude: Decimal | None,
    exif_latitude: Decimal | None,
    exif_longitude: Decimal | None,
    device_latitude: Decimal | None,
    device_longitude: Decimal | None,
    device_accuracy: Decimal | None,
    radius_m: int | None = None,
) -> LocationOutcome:
    """Compare the photo's position with the project's location.

    The EXIF position comes first because it was written when the picture was taken. The device position is what
    the phone reported when the photo was chosen in the form; its stated accuracy widens the radius, so a coarse
    position is not flagged for being coarse.
    """
    radius = setting("radius_m") if radius_m is None else radius_m
    if project_latitude is None or project_longitude is None:
        return LocationOutcome(CheckResult.UNKNOWN, _("The project has no location on the map to compare with."))
    if exif_latitude is not None and exif_longitude is not None:
        source, latitude, longitude, accuracy = PositionSource.EXIF, exif_latitude, exif_longitude, 0.0
    elif device_latitude is not None and device_longitude is not None:
        source, latitude, longitude = PositionSource.DEVICE, device_latitude, device_longitude
        accuracy = float(device_accuracy or 0)
    else:
        return LocationOutcome(
            CheckResult.UNKNOWN, _("The photo has no GPS position and the phone sent no position with it.")
        )

    distance = distance_m(latitude, longitude, project_latitude, project_longitude)
    values = {"distance": _metres(distance), "radius": _metres(radius), "accuracy": _metres(accuracy)}
    if source == PositionSource.EXIF:
        if distance > radius:
            reason = _("The photo's GPS position is %(distance)s from the project, beyond %(radius)s.") % values
            return LocationOutcome(CheckResult.FLAGGED, reason, round(distance), source)
        reason = _("The photo's GPS position is %(distance)s from the project.") % values
        return LocationOutcome(CheckResult.OK, reason, round(distance), source)
    if distance > radius + accuracy:
        reason = (
            _(
                "The phone was %(distance)s from the project (accuracy %(accuracy)s) when the photo was chosen, "
                "beyond %(radius)s."
            )
            % values
        )
        return LocationOutcome(CheckResult.FLAGGED, reason, round(distance), source)
    reason = (
        _("The phone was %(distance)s from the project (accuracy %(accuracy)s) when the photo was chosen.") % values
    )
    return LocationOutcome(CheckResult.OK, reason, round(distance), source)


def _day(value: datetime.date) -> str:
    return date_format(value, "DATE_FORMAT")


def check_time(
    *,
    taken_at: datetime.datetime | None,
    device_captured_at: datetime.datetime | None,
    received_at: datetime.datetime,
    visit_date: datetime.date | None,
    earliest: datetime.date | None,
    contract_start: datetime.date | None,
    contract_end: datetime.date | None,
    tolerance_days: int | None = None,
) -> Outcome:
    """Compare the photo's capture time with the visit date, the contract period and the server's receipt time.

    The EXIF capture time is used when present, else the time the phone recorded when the photo was chosen.
    ``visit_date`` is the date the photo must show (a report's visit date or a progress update's date), or None.
    ``earliest`` is a date the photo cannot precede, such as the date the finding it follows up was raised.
    Capture after the contract end is not flagged, because late projects are still visited and photographed.
    """
    tolerance = setting("visit_tolerance_days") if tolerance_days is None else tolerance_days
    if taken_at is not None:
        moment, source = taken_at, _("EXIF capture time")
    elif device_captured_at is not None:
        moment, source = device_captured_at, _("time recorded by the phone")
    else:
        return Outcome(CheckResult.UNKNOWN, _("The photo has no capture time and the phone sent no time with it."))

    day = moment.astimezone(JAKARTA).date()
    values = {"source": source, "day": _day(day)}
    skew = datetime.timedelta(minutes=setting("clock_skew_minutes"))
    if moment > received_at + skew:
        return Outcome(CheckResult.FLAGGED, _("The %(source)s (%(day)s) is after the server received it.") % values)
    if contract_start is not None and day < contract_start:
        values["start"] = _day(contract_start)
        return Outcome(
            CheckResult.FLAGGED, _("The %(source)s (%(day)s) is before the contract started on %(start)s.") % values
        )
    if earliest is not None and day < earliest:
        values["earliest"] = _day(earliest)
        return Outcome(
            CheckResult.FLAGGED,
            _("The %(source)s (%(day)s) is before the finding was raised on %(earliest)s.") % values,
        )
    if visit_date is not None and abs((day - visit_date).days) > tolerance:
        values["visit"] = _day(visit_date)
        return Outcome(
            CheckResult.FLAGGED, _("The %(source)s (%(day)s) is not the visit or update date %(visit)s.") % values
        )
    if contract_end is not None and day > contract_end:
        values["end"] = _day(contract_end)
        return Outcome(CheckResult.OK, _("The %(source)s (%(day)s) is after the planned end on %(end)s.") % values)
    return Outcome(CheckResult.OK, _("The %(source)s (%(day)s) fits the visit and the contract period.") % values)


def nearest_matches(
    hashes: Iterable[int], candidates: Iterable[tuple[int, int]], max_distance: int | None = None
) -> list[list[int]]:
    """Return [[photo id, distance], ...] of candidates within ``max_distance`` of any of ``hashes``, nearest first.

    ``hashes`` are the new photo's hash and those of its turned copies; ``candidates`` are (id, stored hash) pairs.
    """
    limit = setting("reuse_max_distance") if max_distance is None else max_distance
    hashes = [perceptual.to_unsigned(value) for value in hashes]
    found = []
    for photo_id, stored in candidates:
        stored = perceptual.to_unsigned(stored)
        best = min(perceptual.distance(value, stored) for value in hashes)
        if best <= limit:
            found.append([photo_id, best])
    found.sort(key=lambda match: (match[1], match[0]))
    return found


def merge_matches(*groups: list[list[int]]) -> list[list[int]]:
    """Merge lists of [photo id, distance], keeping each photo once at its smallest distance, nearest first."""
    best: dict[int, int] = {}
    for group in groups:
        for photo_id, found in group:
            best[photo_id] = min(found, best.get(photo_id, found))
    return sorted(([photo_id, found] for photo_id, found in best.items()), key=lambda match: (match[1], match[0]))


def too_small_reason() -> str:
    return _("The photo is too small (under %(side)s px on a side) to compare with earlier photos.") % {
        "side": perceptual.MIN_SIDE
    }


def reuse_outcome(matches: list[list[int]], exact_ids: Iterable[int] = ()) -> ReuseOutcome:
    """Describe reuse matches; ``exact_ids`` are earlier photos whose file is byte for byte the same."""
    exact = sorted(set(exact_ids))
    merged = dict(matches)
    for photo_id in exact:
        merged[photo_id] = 0
    ordered = sorted(([photo_id, distance] for photo_id, distance in merged.items()), key=lambda m: (m[1], m[0]))
    if not ordered:
        return ReuseOutcome(CheckResult.OK, _("No earlier photo looks the same."))
    count = len(ordered)
    if exact:
        reason = ngettext(
            "The same file was already sent as another photo (%(count)s earlier use).",
            "The same file was already sent as other photos (%(count)s earlier uses).",
            count,
        ) % {"count": count}
    else:
        reason = ngettext(
            "A near-identical photo was already sent elsewhere (%(count)s earlier use, hash distance %(distance)s).",
            "Near-identical photos were already sent elsewhere (%(count)s earlier uses, nearest hash distance "
            "%(distance)s).",
            count,
        ) % {"count": count, "distance": ordered[0][1]}
    return ReuseOutcome(CheckResult.FLAGGED, reason, ordered[:20])
