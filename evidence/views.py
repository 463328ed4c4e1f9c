from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from evidence.models import Photo
from monitoring.models import ReportStatus
from projects.access import projects_for_user

PUBLIC_VARIANTS = {"thumb": "thumbnail", "web": "web"}


@require_GET
@cache_control(private=True, max_age=3600)
def photo_file(request: HttpRequest, photo_id: int, variant: str) -> FileResponse:
    # The web copy and thumbnail carry no EXIF and are public unless their report was withdrawn.
    # The original keeps its EXIF (the reporter's position), so only users who may read the project get it.
    photo = Photo.objects.select_related("report").filter(pk=photo_id).first()
    if photo is None:
        raise Http404
    if variant in PUBLIC_VARIANTS:
        withdrawn = photo.report is not None and photo.report.status == ReportStatus.WITHDRAWN
        if withdrawn and not projects_for_user(request.user).filter(pk=photo.project_id).exists():
            raise Http404
        stored = getattr(photo, PUBLIC_VARIANTS[variant])
        content_type = "image/jpeg"
    elif variant == "original":
        if not projects_for_user(request.user).filter(pk=photo.project_id).exists():
            raise Http404
        stored = photo.original
        content_type = photo.content_type
    else:
        raise Http404
    if not stored:
        raise Http404
    response = FileResponse(stored.open("rb"), content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response
