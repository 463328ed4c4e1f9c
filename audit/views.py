from django.apps import apps
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from audit.access import can_read_history
from audit.selectors import history_for

# Records whose history can be opened, by the URL's object type.
HISTORY_MODELS = {
    "proyek": "projects.Project",
    "laporan": "monitoring.MonitoringReport",
    "temuan": "monitoring.Finding",
    "foto": "evidence.Photo",
}


@require_GET
def object_history(request: HttpRequest, kind: str, object_id: int) -> HttpResponse:
    # Read-only: who changed what and when. Other roles get a 404, like a missing record.
    if kind not in HISTORY_MODELS or not can_read_history(request.user):
        raise Http404
    model = apps.get_model(HISTORY_MODELS[kind])
    instance = model.objects.filter(pk=object_id).first()
    if instance is None:
        raise Http404

    page = Paginator(history_for(instance), 50).get_page(request.GET.get("page"))
    context = {"instance": instance, "kind": kind, "page": page, "entries": page.object_list}
    return render(request, "audit/object_history.html", context)
