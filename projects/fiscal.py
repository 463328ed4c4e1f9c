"""Today's date and the fiscal year as the kabupaten counts them (Asia/Jakarta, fiscal year = calendar year)."""

import datetime
import zoneinfo

from django.utils import timezone

JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")


def local_today() -> datetime.date:
    """Return today's date in Asia/Jakarta, whatever the server's or the request's time zone."""
    return timezone.localdate(timezone=JAKARTA)


def current_year() -> int:
    """Return the current fiscal year, which is the calendar year in Asia/Jakarta."""
    return local_today().year


def parse_year(value: str | None, default: int) -> int:
    """Return the year in a ``?tahun=`` value, or ``default`` when it is missing or not a plausible year."""
    try:
        year = int(value or "")
    except ValueError:
        return default
    return year if 2000 <= year <= 2100 else default
