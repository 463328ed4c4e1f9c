"""Pagination shared by the project lists (OPD home, leaders' overview, public portal)."""

from django.core.paginator import Page, Paginator
from django.http import HttpRequest

PAGE_PARAMETER = "halaman"


def paginate(request: HttpRequest, items, per_page: int) -> Page:
    """Return the requested page of ``items``, with ``page.query_prefix`` keeping the other query parameters.

    A page number that is missing, not a number or out of range gives the nearest valid page.
    """
    page = Paginator(items, per_page).get_page(request.GET.get(PAGE_PARAMETER))
    others = request.GET.copy()
    others.pop(PAGE_PARAMETER, None)
    encoded = others.urlencode()
    page.query_prefix = f"?{encoded}&{PAGE_PARAMETER}=" if encoded else f"?{PAGE_PARAMETER}="
    return page
