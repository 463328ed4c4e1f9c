"""BBO screens: rankings per kabupaten and kecamatan, a village's explained score and history, the evaluators'
manual entry and the certificate (piagam penghargaan) of the best village heads."""

from __future__ import annotations

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bbo import access, selectors, services
from bbo.forms import ManualScoreForm
from bbo.indicators import NOT_AVAILABLE_NOTE
from bbo.models import Indicator, IndicatorKind, Period
from core.errors import DomainError
from regions.models import Region
from reports.data import regency_logo_data_uri, regency_name
from reports.pdf import render_pdf

# Certificates go to the best villages of the kabupaten and to the best village of each kecamatan.
CERTIFICATE_TOP_REGENCY = 3
CERTIFICATE_TOP_DISTRICT = 1


def _period(request: HttpRequest) -> Period | None:
    periods = Period.objects.all()
    chosen = request.GET.get("periode", "")
    if chosen.isdigit():
        return periods.filter(pk=int(chosen)).first() or periods.first()
    return periods.first()


def earns_certificate(row: selectors.VillageScore) -> bool:
    if row.score is None:
        return False
    regency_rank_ok = row.regency_rank is not None and row.regency_rank <= CERTIFICATE_TOP_REGENCY
    district_rank_ok = row.district_rank is not None and row.district_rank <= CERTIFICATE_TOP_DISTRICT
    return regency_rank_ok or district_rank_ok


@login_required
@require_GET
def ranking(request: HttpRequest) -> HttpResponse:
    # The kabupaten's ranking, or one kecamatan's (?kecamatan=id), for the chosen period.
    if not access.can_read(request.user):
        raise PermissionDenied
    period = _period(request)
    districts = Region.objects.filter(pk__in=services.regency_villages().values("parent_id")).order_by("name")
    district = None
    if request.GET.get("kecamatan", "").isdigit():
        district = districts.filter(pk=int(request.GET["kecamatan"])).first()

    rows = selectors.ranking(period, district=district) if period else []
    for row in rows:
        row.certificate = earns_certificate(row)
    context = {
        "period": period,
        "periods": Period.objects.all(),
        "districts": districts,
        "district": district,
        "rows": rows,
        "can_refresh": access.can_refresh(request.user),
    }
    return render(request, "bbo/ranking.html", context)


@login_required
@require_GET
def village_detail(request: HttpRequest, village_id: int) -> HttpResponse:
    # The score of one village explained indicator by indicator, and its history over the periods.
    if not access.can_read(request.user):
        raise PermissionDenied
    village = get_object_or_404(services.regency_villages().select_related("parent"), pk=village_id)
    period = _period(request)
    explained, indicator_scores = selectors.village_score(period, village) if period else (None, [])
    rows = []
    if explained is not None:
        contributions = {part.code: contribution for part, contribution in explained.rows()}
        parts = {part.code: part for part in explained.parts}
        for indicator, score in indicator_scores:
            rows.append(
                {
                    "indicator": indicator,
                    "score": score,
                    "part": parts[indicator.code],
                    "contribution": contributions[indicator.code],
                    "not_available": indicator.code == "respons_aduan" and not apps.is_installed("citizen"),
                }
            )
    heads = selectors.heads_on([village], period.end_date) if period else {}
    context = {
        "village": village,
        "period": period,
        "periods": Period.objects.all(),
        "explained": explained,
        "rows": rows,
        "history": selectors.village_history(village),
        "head": heads.get(village.pk),
        "can_evaluate": access.can_evaluate(request.user, village),
        "not_available_note": NOT_AVAILABLE_NOTE,
    }
    return render(request, "bbo/village_detail.html", context)


@login_required
@require_POST
def refresh(request: HttpRequest, period_id: int) -> HttpResponse:
    # Recompute the built-in indicators of a period now (the scores otherwise stay as last computed).
    if not access.can_refresh(request.user):
        raise PermissionDenied
    period = get_object_or_404(Period, pk=period_id)
    count = services.builtin_scores_refresh(period=period)
    messages.success(request, _("Built-in indicators recomputed: %(count)s values changed.") % {"count": count})
    return redirect(f"{reverse('bbo:ranking')}?periode={period.pk}")


@login_required
@require_http_methods(["GET", "POST"])
def score_entry(request: HttpRequest, period_id: int, village_id: int, indicator_id: int) -> HttpResponse:
    # An evaluator enters or corrects one manual indicator of one village, with evidence.
    period = get_object_or_404(Period, pk=period_id)
    village = get_object_or_404(services.regency_villages().select_related("parent"), pk=village_id)
    if not access.can_evaluate(request.user, village):
        raise Http404
    indicator = get_object_or_404(Indicator, pk=indicator_id, kind=IndicatorKind.MANUAL, is_active=True)
    existing = indicator.scores.filter(period=period, village=village).first()

    if request.method == "POST":
        form = ManualScoreForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.manual_score_record(
                    actor=request.user,
                    period=period,
                    village=village,
                    indicator=indicator,
                    value=form.cleaned_data["value"],
                    evidence_text=form.cleaned_data["evidence_text"],
                    evidence_file=form.cleaned_data["evidence_file"],
                )
            except DomainError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, _("The score was saved."))
                return redirect(f"{reverse('bbo:village_detail', args=[village.pk])}?periode={period.pk}")
    else:
        initial = {}
        if existing is not None:
            initial = {"value": existing.value, "evidence_text": existing.evidence_text}
        form = ManualScoreForm(initial=initial)

    context = {"period": period, "village": village, "indicator": indicator, "form": form, "existing": existing}
    return render(request, "bbo/score_entry.html", context)


@login_required
@require_GET
def certificate(request: HttpRequest, period_id: int, village_id: int) -> HttpResponse:
    # The piagam penghargaan, only for a village that earns one in this period (else 404).
    if not access.can_read(request.user):
        raise PermissionDenied
    period = get_object_or_404(Period, pk=period_id)
    village = get_object_or_404(services.regency_villages(), pk=village_id)
    row = next((row for row in selectors.ranking(period) if row.village.pk == village.pk), None)
    if row is None or not earns_certificate(row):
        raise Http404
    context = {
        "period": period,
        "row": row,
        "regency_name": regency_name(),
        "top_regency": CERTIFICATE_TOP_REGENCY,
        "logo": regency_logo_data_uri(),
    }
    response = HttpResponse(render_pdf("bbo/certificate_pdf.html", context), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="piagam-bbo-{period.pk}-{village.code}.pdf"'
    return response
