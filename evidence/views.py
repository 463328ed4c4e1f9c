from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from evidence.access import can_read_variant
from evidence.models import Photo

STORED_FIELDS = {"thumb": "thumbnail", "web": "web", "original": "original"}


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
