"""Parse the values people type into Indonesian spreadsheets: rupiah amounts, dates, whole numbers,
percentages and coordinates.

Every parser takes a cell value as it comes from openpyxl or the csv module (str, int, float, Decimal,
datetime, date or None), returns None for an empty cell and raises ParseError with a translated sentence
that states what is wrong with the value and how to write it. The caller adds the row and the column.
"""

from __future__ import annotations

import datetime
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

# The largest amount a money field stores (max_digits=18, decimal_places=2).
MAX_RUPIAH = Decimal("9999999999999999.99")
# Dates outside these years are typing errors in a development project's records.
MIN_YEAR = 2000
MAX_YEAR = 2100

MONTHS = {
    # Indonesian names, abbreviations and the older spellings still found in documents.
    "januari": 1,
    "jan": 1,
    "februari": 2,
    "pebruari": 2,
    "feb": 2,
    "peb": 2,
    "maret": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "mei": 5,
    "juni": 6,
    "jun": 6,
    "juli": 7,
    "jul": 7,
    "agustus": 8,
    "agu": 8,
    "agt": 8,
    "ags": 8,
    "agst": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "oktober": 10,
    "okt": 10,
    "november": 11,
    "nopember": 11,
    "nov": 11,
    "nop": 11,
    "desember": 12,
    "des": 12,
    # English names that differ from the Indonesian ones, for files exported by English-language tools.
    "january": 1,
    "february": 2,
    "march": 3,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "aug": 8,
    "october": 10,
    "oct": 10,
    "december": 12,
    "dec": 12,
}
WEEKDAYS = {"senin", "selasa", "rabu", "kamis", "jumat", "jum'at", "sabtu", "minggu", "ahad"}

WHITESPACE = re.compile(r"\s+")
# 1.250.000.000 or 1.250.000.000,50: dots group thousands, a comma starts the sen.
RUPIAH_GROUPED = re.compile(r"^\d{1,3}(?:\.\d{3})+(?:,\d{1,2})?$")
# 1250000000 or 1250000000,50.
RUPIAH_PLAIN = re.compile(r"^\d+(?:,\d{1,2})?$")
# 1250000000.50: the machine format of exports. Never a thousands group, which always has three digits.
RUPIAH_MACHINE = re.compile(r"^\d+\.\d{1,2}$")
DECIMAL_TEXT = re.compile(r"^-?\d+(?:[.,]\d+)?$")
INTEGER_TEXT = re.compile(r"^\d+$")
NUMERIC_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d+)$")
ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
WORDED_DATE = re.compile(r"^(\d{1,2})[\s-]+([a-z']+)\.?[\s-]+(\d+)$")


class ParseError(ValueError):
    """Error for a cell value that cannot be read. ``message`` is a translated sentence with the fix."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and value.strip() == "")


def clean_text(value) -> str:
    """Return the cell as one line of text with single spaces. Whole numbers lose their ".0"."""
    if is_blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return WHITESPACE.sub(" ", str(value)).strip()


def normalize_name(value) -> str:
    """Return a key for comparing names: lower case, single spaces."""
    return clean_text(value).casefold()


def _display(value) -> str:
    return clean_text(value)[:60]


def _is_number(value) -> bool:
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)


def parse_rupiah(value) -> Decimal | None:
    """Parse an amount in rupiah written the Indonesian way: "Rp 1.250.000.000,00", "1.250.000.000",
    "Rp1.250.000.000,-", plain "1250000000", or a numeric Excel cell."""
    if is_blank(value):
        return None
    amount = Decimal(str(value)) if _is_number(value) else _rupiah_from_text(str(value))
    if amount < 0:
        raise ParseError(
            _("'%(value)s' is negative. An amount in rupiah must be zero or more.") % {"value": _display(value)}
        )
    amount = amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if amount > MAX_RUPIAH:
        raise ParseError(
            _("'%(value)s' is too large for an amount in rupiah. Check the number of digits.")
            % {"value": _display(value)}
        )
    return amount


def _rupiah_from_text(text: str) -> Decimal:
    compact = WHITESPACE.sub("", text)
    negative = False
    if compact.startswith("(") and compact.endswith(")"):
        negative, compact = True, compact[1:-1]
    if compact.startswith("-"):
        negative, compact = True, compact[1:]
    compact = re.sub(r"^(?:rp\.?|idr)", "", compact, flags=re.IGNORECASE)
    if compact.startswith("-"):
        negative, compact = True, compact[1:]
    # "Rp 1.250.000,-" ends with a dash that means "no sen".
    compact = re.sub(r"[.,]-$", "", compact)

    if RUPIAH_GROUPED.match(compact) or RUPIAH_PLAIN.match(compact):
        number = compact.replace(".", "").replace(",", ".")
    elif RUPIAH_MACHINE.match(compact):
        number = compact
    else:
        raise ParseError(
            _("'%(value)s' is not a valid rupiah amount. Write it like 1.250.000.000 or Rp 1.250.000.000.")
            % {"value": _display(text)}
        )
    amount = Decimal(number)
    return -amount if negative else amount


def parse_integer(value, *, unit: str = "") -> int | None:
    """Parse a whole number such as a year, a week or a duration. ``unit`` is a word the user may write
    after the number ("hari" for a duration) and that is ignored."""
    if is_blank(value):
        return None
    if _is_number(value):
        number = Decimal(str(value))
        if number != number.to_integral_value():
            raise ParseError(
                _("'%(value)s' is not a whole number. Write it without decimals, for example 150.")
                % {"value": _display(value)}
            )
        return int(number)
    text = normalize_name(value)
    if unit and text.endswith(unit):
        text = text[: -len(unit)].strip()
    if not INTEGER_TEXT.match(text):
        raise ParseError(
            _("'%(value)s' is not a whole number. Write digits only, for example 150.") % {"value": _display(value)}
        )
    return int(text)


def parse_decimal(value, *, places: int) -> Decimal | None:
    """Parse a decimal number with a comma or a dot before the decimals ("-2,8705" or "-2.8705"),
    rounded to ``places`` decimals. Thousands separators are not allowed."""
    if is_blank(value):
        return None
    if _is_number(value):
        number = Decimal(str(value))
    else:
        text = WHITESPACE.sub("", str(value))
        if not DECIMAL_TEXT.match(text):
            raise ParseError(
                _("'%(value)s' is not a decimal number. Write it like -2,8705 or -2.8705.") % {"value": _display(value)}
            )
        try:
            number = Decimal(text.replace(",", "."))
        except InvalidOperation:  # pragma: no cover - the pattern admits only valid decimals
            raise ParseError(_("'%(value)s' is not a decimal number.") % {"value": _display(value)}) from None
    return number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def parse_percent(value) -> Decimal | None:
    """Parse a percentage from 0 to 100: "45,5", "45.5", "45,5%" or a numeric cell (a cell formatted as
    a percentage must already be multiplied by 100 by the reader)."""
    if is_blank(value):
        return None
    text = value if _is_number(value) else str(value).strip().removesuffix("%").strip()
    try:
        number = parse_decimal(text, places=2)
    except ParseError:
        raise ParseError(
            _("'%(value)s' is not a percentage. Write a number from 0 to 100, for example 45,5.")
            % {"value": _display(value)}
        ) from None
    if number is None or not Decimal(0) <= number <= Decimal(100):
        raise ParseError(
            _("'%(value)s' is outside 0 to 100. A percentage must lie between 0 and 100.") % {"value": _display(value)}
        )
    return number


def parse_date(value) -> datetime.date | None:
    """Parse a date written day first: "25/06/2021", "25-06-2021", "2021-06-25", "25 Juni 2021",
    "25 Jun 2021", an optional weekday in front ("Jumat, 25 Juni 2021"), or an Excel date cell."""
    if is_blank(value):
        return None
    if isinstance(value, datetime.datetime):
        return _checked_date(value.year, value.month, value.day, value)
    if isinstance(value, datetime.date):
        return _checked_date(value.year, value.month, value.day, value)
    if _is_number(value):
        raise ParseError(
            _(
                "'%(value)s' is a number, not a date. Type the date like 25/06/2021 or 25 Juni 2021, "
                "or format the cell as a date."
            )
            % {"value": _display(value)}
        )

    text = normalize_name(value)
    day_name, comma, rest = text.partition(",")
    if comma and day_name.strip() in WEEKDAYS:
        text = rest.strip()

    if match := ISO_DATE.match(text):
        year, month, day = (int(part) for part in match.groups())
        return _checked_date(year, month, day, value)
    if match := NUMERIC_DATE.match(text):
        day, month, year = match.group(1), match.group(2), match.group(3)
        return _checked_date(_four_digit_year(year, value), int(month), int(day), value)
    if match := WORDED_DATE.match(text):
        day, month_name, year = match.groups()
        month = MONTHS.get(month_name)
        if month is None:
            raise ParseError(
                _("'%(value)s' has an unknown month name. Write the month like Juni, Jun or 06.")
                % {"value": _display(value)}
            )
        return _checked_date(_four_digit_year(year, value), month, int(day), value)
    raise ParseError(
        _("'%(value)s' is not a date. Write it like 25/06/2021, 2021-06-25 or 25 Juni 2021.")
        % {"value": _display(value)}
    )


def _four_digit_year(year: str, original) -> int:
    if len(year) != 4:
        raise ParseError(
            _("'%(value)s' has a year that is not four digits. Write the full year, for example 25/06/2021.")
            % {"value": _display(original)}
        )
    return int(year)


def _checked_date(year: int, month: int, day: int, original) -> datetime.date:
    try:
        date = datetime.date(year, month, day)
    except ValueError:
        raise ParseError(
            _(
                "'%(value)s' is not a date that exists. Write the day first, then the month, "
                "for example 25/06/2021 for 25 June 2021."
            )
            % {"value": _display(original)}
        ) from None
    if not MIN_YEAR <= date.year <= MAX_YEAR:
        raise ParseError(
            _("'%(value)s' has the year %(year)s. Write a year from %(min)s to %(max)s.")
            % {"value": _display(original), "year": date.year, "min": MIN_YEAR, "max": MAX_YEAR}
        )
    return date
