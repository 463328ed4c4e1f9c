"""The import screen and the template downloads, for administrators and OPD users."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from accounts import roles
from core.errors import DomainError
from imports.forms import ProjectImportForm
from imports.reading import FILE_FORMATS, MAX_DATA_ROWS, file_format_for
from imports.services import project_import as import_projects
from imports.template_files import template_csv, template_xlsx

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


@login_required
@require_http_methods(["GET", "POST"])
def project_import(request: HttpRequest) -> HttpResponse:
    if not roles.can_import_projects(request.user):
        raise PermissionDenied

    form = ProjectImportForm(request.POST, request.FILES) if request.method == "POST" else ProjectImportForm()
    result = None
    file_error = ""
    if form.is_bound and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = import_projects(user=request.user, file=upload, file_format=file_format_for(upload.name))
        except DomainError as error:
            file_error = error.message

    # A successful import empties the form, so the page shows the outcome and a fresh upload field.
    if result is not None and result.ok:
        form = ProjectImportForm()
    context = {
        "form": form,
        "result": result,
        "file_error": file_error,
        "max_megabytes": f"{settings.SIMPOR_MAX_IMPORT_BYTES / (1024 * 1024):g}",
        "max_rows": MAX_DATA_ROWS,
    }
    return render(request, "imports/project_import.html", context)


@login_required
def template_download(request: HttpRequest, file_format: str) -> HttpResponse:
    if not roles.can_import_projects(request.user):
        raise PermissionDenied
    if file_format not in FILE_FORMATS:
        raise Http404

    content = template_xlsx(user=request.user) if file_format == "xlsx" else template_csv(user=request.user)
    response = HttpResponse(content, content_type=CONTENT_TYPES[file_format])
    filename = f"templat-impor-paket-{timezone.localdate():%Y%m%d}.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
