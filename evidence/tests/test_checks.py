"""The evidence checks as plain functions: location, capture time and reuse matching."""

import datetime
import zoneinfo
from decimal import Decimal

import pytest
from django.utils import translation

from evidence import checks
from evidence import phash as perceptual

JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")
PROJECT = {"project_latitude": Decimal("-2.870500"), "project_longitude": Decimal("108.281000")}
NO_POSITION = {
    "exif_latitude": None,
    "exif_longitude": None,
    "device_latitude": None,
    "device_longitude": None,
    "device_accuracy": None,
}


def test_distance_one_degree_latitude():
    assert round(checks.distance_m(0, 0, 1, 0)) == 111_195


def test_location_exif_near_project_ok():
    position = {**NO_POSITION, "exif_latitude": Decimal("-2.871500"), "exif_longitude": Decimal("108.281000")}

    outcome = checks.check_location(**PROJECT, **position)

    assert outcome.result == "ok"
    assert outcome.source == "exif"
    assert outcome.distance_m == 111


def test_location_exif_far_flagged():
    # The sample camera photo was taken in Tuscany, about 10,000 km from Manggar.
    position = {**NO_POSITION, "exif_latitude": Decimal("43.467448"), "exif_longitude": Decimal("11.885127")}

    with translation.override("en"):
        outcome = checks.check_location(**PROJECT, **position)

    assert outcome.result == "flagged"
    assert outcome.distance_m > 10_000_000
    assert "beyond 500 m" in outcome.reason


def test_location_exif_preferred_over_device():
    position = {
        **NO_POSITION,
        "exif_latitude": Decimal("-2.870500"),
        "exif_longitude": Decimal("108.281000"),
        "device_latitude": Decimal("-2.950000"),
        "device_longitude": Decimal("108.281000"),
    }

    outcome = checks.check_location(**PROJECT, **position)

    assert (outcome.result, outcome.source, outcome.distance_m) == ("ok", "exif", 0)


@pytest.mark.parametrize(
    ("accuracy", "expected"),
    [(Decimal("10"), "flagged"), (Decimal("400"), "ok"), (None, "flagged")],
)
def test_location_device_accuracy_widens_radius(accuracy, expected):
    # 800 m south of the project: beyond 500 m, but within 500 m plus a stated accuracy of 400 m.
    position = {
        **NO_POSITION,
        "device_latitude": Decimal("-2.877695"),
        "device_longitude": Decimal("108.281000"),
        "device_accuracy": accuracy,
    }

    outcome = checks.check_location(**PROJECT, **position)

    assert outcome.source == "device"
    assert outcome.distance_m == 800
    assert outcome.result == expected


def test_location_radius_from_settings(settings):
    settings.SIMPOR_EVIDENCE = {"radius_m": 50}
    position = {**NO_POSITION, "exif_latitude": Decimal("-2.871500"), "exif_longitude": Decimal("108.281000")}

    assert checks.check_location(**PROJECT, **position).result == "flagged"


def test_location_unknown_without_positions():
    assert checks.check_location(**PROJECT, **NO_POSITION).result == "unknown"
    position = {**NO_POSITION, "exif_latitude": Decimal("-2.87"), "exif_longitude": Decimal("108.28")}
    unplaced = checks.check_location(project_latitude=None, project_longitude=None, **position)
    assert unplaced.result == "unknown"


RECEIVED = datetime.datetime(2026, 6, 10, 15, 0, tzinfo=JAKARTA)
PERIOD = {
    "received_at": RECEIVED,
    "visit_date": datetime.date(2026, 6, 10),
    "earliest": None,
    "contract_start": datetime.date(2026, 3, 2),
    "contract_end": datetime.date(2026, 8, 6),
}


def _when(*args):
    return datetime.datetime(*args, tzinfo=JAKARTA)


def test_time_on_visit_date_ok():
    outcome = checks.check_time(taken_at=_when(2026, 6, 10, 9, 30), device_captured_at=None, **PERIOD)

    assert outcome.result == "ok"


def test_time_other_day_flagged():
    with translation.override("id"):
        outcome = checks.check_time(taken_at=_when(2026, 6, 3, 9, 30), device_captured_at=None, **PERIOD)

    assert outcome.result == "flagged"
    assert "10 Juni 2026" in outcome.reason
    assert "3 Juni 2026" in outcome.reason


def test_time_uses_jakarta_date():
    # 23:30 UTC on 9 June is 06:30 on 10 June in Jakarta: the visit date.
    taken = datetime.datetime(2026, 6, 9, 23, 30, tzinfo=datetime.UTC)

    assert checks.check_time(taken_at=taken, device_captured_at=None, **PERIOD).result == "ok"


def test_time_last_year_photo_flagged_before_contract():
    with translation.override("en"):
        outcome = checks.check_time(taken_at=_when(2025, 6, 10, 9, 0), device_captured_at=None, **PERIOD)

    assert outcome.result == "flagged"
    assert "before the contract started" in outcome.reason


def test_time_after_receipt_flagged():
    outcome = checks.check_time(taken_at=_when(2026, 6, 10, 16, 0), device_captured_at=None, **PERIOD)

    assert outcome.result == "flagged"


def test_time_device_used_without_exif():
    outcome = checks.check_time(taken_at=None, device_captured_at=_when(2026, 6, 1, 9, 0), **PERIOD)

    assert outcome.result == "flagged"
    assert checks.check_time(taken_at=None, device_captured_at=None, **PERIOD).result == "unknown"


def test_time_before_finding_flagged():
    period = {**PERIOD, "visit_date": None, "earliest": datetime.date(2026, 6, 5)}

    assert checks.check_time(taken_at=_when(2026, 6, 4, 9, 0), device_captured_at=None, **period).result == "flagged"
    assert checks.check_time(taken_at=_when(2026, 6, 8, 9, 0), device_captured_at=None, **period).result == "ok"


def test_time_after_contract_end_not_flagged():
    period = {**PERIOD, "received_at": _when(2026, 9, 1, 12, 0), "visit_date": datetime.date(2026, 9, 1)}

    assert checks.check_time(taken_at=_when(2026, 9, 1, 9, 0), device_captured_at=None, **period).result == "ok"


def test_nearest_matches_within_limit():
    base = 0x0F0F_0F0F_0F0F_0F0F
    candidates = [(1, base ^ 0b111), (2, base ^ 0xFFFF), (3, perceptual.to_signed(base ^ (1 << 63)))]

    assert checks.nearest_matches([base], candidates, max_distance=10) == [[3, 1], [1, 3]]


def test_nearest_matches_any_turn():
    turned = 0xFFFF_0000_FFFF_0000
    assert checks.nearest_matches([0, turned], [(7, turned)], max_distance=0) == [[7, 0]]


def test_reuse_outcome_exact_file_first():
    outcome = checks.reuse_outcome([[4, 6]], exact_ids=[9])

    assert outcome.result == "flagged"
    assert outcome.matches == [[9, 0], [4, 6]]
    assert checks.reuse_outcome([]).result == "ok"


def test_bands_lookup_finds_all_within_eleven_bits():
    # Four bands: two hashes 11 bits apart agree to within 2 bits on at least one band.
    base = 0x1234_5678_9ABC_DEF0
    spread = base ^ 0b111 ^ (0b111 << 16) ^ (0b111 << 32) ^ (0b11 << 48)
    assert perceptual.distance(base, spread) == 11

    reachable = [
        band in perceptual.band_neighbours(stored, 2)
        for band, stored in zip(perceptual.bands(base), perceptual.bands(spread), strict=True)
    ]

    assert any(reachable)
