from decimal import Decimal

from django import template
from django.utils.translation import get_language

from core.formatting import format_percent, format_rupiah

register = template.Library()


@register.filter
def rupiah(value):
    """Money as "Rp 1.234.567"."""
    return format_rupiah(value)


@register.filter
def percent(value, places=2):
    """A percentage as "45,50%" in Indonesian and "45.50%" in English."""
    text = format_percent(value, int(places))
    if get_language() == "en":
        text = text.replace(".", "\u0000").replace(",", ".").replace("\u0000", ",")
    return text


@register.filter
def bar_width(value):
    """A percentage clamped to 0–100 as a CSS width value with a dot decimal separator."""
    if value is None or value == "":
        return "0%"
    number = max(Decimal("0"), min(Decimal("100"), Decimal(str(value))))
    return f"{number:.2f}%"
