from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from evidence.access import can_compare, can_read_record, can_read_variant
from evidence.models import Photo

STORED_FIELDS = {"thumb": "thumbnail", "web": "web", "original": "original"}
OWNER_RELATIONS = ("project", "report__village", "progress_update", "response__finding__report", "uploaded_by")


@require_GET
@cache_control(private=True, max_age=3600)
def photo_file(request: HttpRequest, photo_id: int, variant: str) -> FileResponse:
    # A photo the user may not fetch is a 404, so outsiders cannot tell it from a missing one.
    photo = Photo.objects.select_related("report", "response__finding__report").filter(pk=photo_id).first()
    if photo is None or variant not in STORED_FIELDS or not can_read_variant(request.user, photo, variant):
        raise Http404

    stored = getattr(photo, STORED_FIELDS[variant])
    if not stored:
        raise Http404
    content_type = photo.content_type if variant == "original" else "image/jpeg"
    response = FileResponse(stored.open("rb"), content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
def photo_compare(request: HttpRequest, photo_id: int) -> HttpResponse:
    # The two uses of a reused photo side by side, for the OPD, leaders and DPRD who judge the evidence.
    photo = Photo.objects.select_related(*OWNER_RELATIONS).filter(pk=photo_id).first()
    if photo is None or not can_compare(request.user, photo):
        raise Http404

    distances = {match[0]: match[1] for match in photo.reuse_matches}
    earlier = Photo.objects.select_related(*OWNER_RELATIONS).filter(pk__in=distances).order_by("received_at", "id")
    matches = [
        {"photo": match, "distance": distances[match.pk], "readable": can_read_record(request.user, match)}
        for match in earlier
    ]
    return render(request, "evidence/photo_compare.html", {"photo": photo, "matches": matches})
