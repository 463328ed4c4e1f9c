"""Open data downloads of the public project list: CSV, XLSX and OC4IDS JSON for any portal filter."""

from __future__ import annotations

import json

from django.conf import settings
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from opendata import oc4ids, rows
from opendata.render import iter_csv, render_xlsx
from portal.caching import cache_public_response
from portal.search import ProjectSearchForm, public_projects, search_projects

# Above this many projects the JSON is streamed instead of built and cached in memory.
STREAM_ABOVE = 2000


def _projects(request: HttpRequest):
    filters = ProjectSearchForm(request.GET).filters()
    return search_projects(public_projects(), filters)


def _filename(extension: str) -> str:
    return f"simpor-proyek-{timezone.localdate():%Y%m%d}.{extension}"


@require_GET
def about(request: HttpRequest) -> HttpResponse:
    # The licence, formats and identifiers of the open data, for people and for the packages' publicationPolicy.
    context = {"licence": settings.SIMPOR_DATA_LICENCE, "prefix": settings.SIMPOR_OC4IDS_PREFIX}
    return render(request, "opendata/about.html", context)


@require_GET
@cache_public_response
def projects_csv(request: HttpRequest) -> HttpResponse:
    projects = rows.export_queryset(_projects(request))
    headers = [str(label) for _key, label in rows.COLUMNS]
    content = "".join(iter_csv(headers, rows.project_rows(projects, absolute=request.build_absolute_uri)))
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename("csv")}"'
    return response


@require_GET
@cache_public_response
def projects_xlsx(request: HttpRequest) -> HttpResponse:
    projects = rows.export_queryset(_projects(request))
    headers = [str(label) for _key, label in rows.COLUMNS]
    content = render_xlsx(
        headers, rows.project_rows(projects, absolute=request.build_absolute_uri), title=_("Projects")
    )
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{_filename("xlsx")}"'
    return response


@require_GET
@cache_public_response
def projects_oc4ids(request: HttpRequest) -> HttpResponse:
    projects = oc4ids.export_queryset(_projects(request)).order_by("pk")
    uri = request.build_absolute_uri()
    if projects.count() > STREAM_ABOVE:
        pieces = oc4ids.iter_package_json(
            projects.iterator(chunk_size=500), absolute=request.build_absolute_uri, uri=uri
        )
        response = StreamingHttpResponse(pieces, content_type="application/json")
    else:
        package = oc4ids.project_package(projects, absolute=request.build_absolute_uri, uri=uri)
        response = HttpResponse(json.dumps(package, ensure_ascii=False), content_type="application/json")
    response["Content-Disposition"] = f'inline; filename="{_filename("json")}"'
    return response


def download_links(query_string: str) -> dict[str, str]:
    """Return the download URLs for the portal's current filter."""
    suffix = f"?{query_string}" if query_string else ""
    return {
        "csv": reverse("opendata:projects_csv") + suffix,
        "xlsx": reverse("opendata:projects_xlsx") + suffix,
        "oc4ids": reverse("opendata:projects_oc4ids") + suffix,
    }
