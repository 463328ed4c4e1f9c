"""Template helpers of the dashboard: drill-down links and deviation formatting."""

from decimal import Decimal

from django import template

from core.formatting import format_percent

register = template.Library()

# Which filter a table row narrows: the row's key becomes this field of dashboard.filters.Filters.
ROW_FILTER = {"agency": "agency", "district": "district", "contractor": "contractor", "village": "village"}


@register.simple_tag
def filter_query(filters, by="", key=None, **changes):
    """The current filters as a query string, narrowed to one table row and with ``changes`` applied."""
    if by in ROW_FILTER and key is not None:
        changes[ROW_FILTER[by]] = key
        if by == "district":
            changes["village"] = None
    return filters.query(**changes)


@register.filter
def points(value, places=1):
    """A deviation in percentage points with its sign: "-12,5" or "+3,0"; None becomes "–"."""
    if value is None or value == "":
        return "–"
    text = format_percent(value, int(places)).rstrip("%")
    return text if Decimal(str(value)) < 0 else f"+{text}"


@register.simple_tag
def deviation_class(value):
    """CSS class of a deviation band: "dev-bad" beyond -10 points, "dev-warn" below zero, else "dev-ok"."""
    if value is None or value == "":
        return ""
    value = Decimal(str(value))
    if value < -10:
        return "dev-bad"
    if value < 0:
        return "dev-warn"
    return "dev-ok"
