"""The monthly monitoring report: a page to choose the month and filters, and the PDF and xlsx downloads."""

from __future__ import annotations

import datetime

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.formats import date_format
from django.views.decorators.http import require_GET

from accounts import roles
from dashboard.filters import Filters, filter_choices
from dashboard.views import dashboard_scope
from projects import fiscal
from projects.selectors import fiscal_years
from reports import data, excel, pdf

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _report(request: HttpRequest) -> data.MonthlyReport:
    # Same scope as the dashboard: the kabupaten for leaders, the own OPD for OPD users (403 for villages).
    scope, agency = dashboard_scope(request.user)
    filters = Filters.from_query(request.GET, agency=agency)
    agency_name = request.user.agency.short_name if agency is not None else ""
    return data.report_for_request(request, filters.apply(scope), filters, agency_name)


def _filename(report: data.MonthlyReport, extension: str) -> str:
    return f"laporan-bulanan-{report.year}-{report.month:02d}.{extension}"


@login_required
@require_GET
def monthly(request: HttpRequest) -> HttpResponse:
    # The choice of month and filters before downloading; the downloads repeat this page's query string.
    scope, agency = dashboard_scope(request.user)
    filters = Filters.from_query(request.GET, agency=agency)
    today = fiscal.local_today()
    month = data.parse_month(request.GET.get("bulan"), today.month if filters.year == today.year else 12)
    months = [(number, date_format(datetime.date(2000, number, 1), "F")) for number in range(1, 13)]
    context = {
        "filters": filters,
        "agency_fixed": agency is not None,
        "choices": filter_choices(filters, agency_fixed=agency is not None),
        "years": fiscal_years(scope, fiscal.current_year()),
        "month": month,
        "months": months,
        "query": request.GET.urlencode(),
        "is_agency": roles.is_agency_user(request.user),
    }
    return render(request, "reports/monthly.html", context)


@login_required
@require_GET
def monthly_pdf(request: HttpRequest) -> HttpResponse:
    report = _report(request)
    context = {"report": report, "logo": data.regency_logo_data_uri()}
    response = HttpResponse(pdf.render_pdf("reports/monthly_pdf.html", context), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename(report, "pdf")}"'
    return response


@login_required
@require_GET
def monthly_xlsx(request: HttpRequest) -> HttpResponse:
    report = _report(request)
    response = HttpResponse(excel.monthly_workbook(report), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_filename(report, "xlsx")}"'
    return response
