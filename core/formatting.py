"""Indonesian number, money and percentage formatting, usable outside templates (PDF, e-mail)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def group_thousands(digits: str, separator: str = ".") -> str:
    groups = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    groups.insert(0, digits)
    return separator.join(groups)


def format_rupiah(value: Decimal | int | float | None) -> str:
    """Format an amount as "Rp 1.234.567" (rounded to whole rupiah); None becomes "–"."""
    if value is None or value == "":
        return "–"
    amount = Decimal(str(value)).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp {group_thousands(str(abs(amount)))}"


def format_percent(value: Decimal | int | float | None, places: int = 2) -> str:
    """Format a percentage as "45,50%"; None becomes "–"."""
    if value is None or value == "":
        return "–"
    number = Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    sign = "-" if number < 0 else ""
    whole, _, fraction = str(abs(number)).partition(".")
    text = group_thousands(whole)
    if places:
        text = f"{text},{fraction}"
    return f"{sign}{text}%"
