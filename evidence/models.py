import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fields import latitude_field, longitude_field


def _photo_path(folder: str, filename: str) -> str:
    # Uploaded names are never trusted: every stored file gets a fresh random name.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    now = timezone.now()
    return f"photos/{folder}/{now:%Y/%m}/{uuid.uuid4().hex}.{extension}"


def original_path(instance, filename):
    return _photo_path("original", filename)


def web_path(instance, filename):
    return _photo_path("web", filename)


def thumbnail_path(instance, filename):
    return _photo_path("thumb", filename)


class CheckResult(models.TextChoices):
    """Outcome of one evidence check on a photo."""

    OK = "ok", _("ok")
    FLAGGED = "flagged", _("flagged")
    UNKNOWN = "unknown", _("unknown")


class PositionSource(models.TextChoices):
    EXIF = "exif", _("photo EXIF")
    DEVICE = "device", _("device position")


class Photo(models.Model):
    """A photo attached to a monitoring report, a progress update or a response, always of one project."""

    project = models.ForeignKey(
        "projects.Project", verbose_name=_("project"), on_delete=models.PROTECT, related_name="photos"
    )
    report = models.ForeignKey(
        "monitoring.MonitoringReport",
        verbose_name=_("monitoring report"),
        on_delete=models.PROTECT,
        related_name="photos",
        null=True,
        blank=True,
    )
    progress_update = models.ForeignKey(
        "projects.ProgressUpdate",
        verbose_name=_("progress update"),
        on_delete=models.PROTECT,
        related_name="photos",
        null=True,
        blank=True,
    )
    response = models.ForeignKey(
        "monitoring.Response",
        verbose_name=_("response"),
        on_delete=models.PROTECT,
        related_name="photos",
        null=True,
        blank=True,
    )
    original = models.FileField(_("original file"), upload_to=original_path, max_length=200)
    web = models.ImageField(_("web copy"), upload_to=web_path, max_length=200, blank=True)
    thumbnail = models.ImageField(_("thumbnail"), upload_to=thumbnail_path, max_length=200, blank=True)
    content_type = models.CharField(_("content type"), max_length=40)
    sha256 = models.CharField(_("SHA-256 of the original"), max_length=64, db_index=True)
    size_bytes = models.PositiveIntegerField(_("size (bytes)"))
    width = models.PositiveIntegerField(_("width (px)"))
    height = models.PositiveIntegerField(_("height (px)"))
    caption = models.CharField(_("caption"), max_length=200, blank=True)

    has_metadata = models.BooleanField(_("has EXIF metadata"), default=False)
    taken_at = models.DateTimeField(_("taken at (EXIF)"), null=True, blank=True)
    camera = models.CharField(_("camera (EXIF)"), max_length=120, blank=True)
    exif_latitude = latitude_field(_("latitude (EXIF)"), null=True, blank=True)
    exif_longitude = longitude_field(_("longitude (EXIF)"), null=True, blank=True)

    device_latitude = latitude_field(_("device latitude"), null=True, blank=True)
    device_longitude = longitude_field(_("device longitude"), null=True, blank=True)
    device_accuracy = models.DecimalField(
        _("device position accuracy (m)"), max_digits=9, decimal_places=1, null=True, blank=True
    )
    device_captured_at = models.DateTimeField(_("captured at (device)"), null=True, blank=True)

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    received_at = models.DateTimeField(_("received by the server"), default=timezone.now)

    # Perceptual hash (evidence.phash) as a signed 64-bit integer, and its four 16-bit bands for the reuse lookup.
    phash = models.BigIntegerField(_("perceptual hash"), null=True, blank=True)
    phash_band_0 = models.PositiveIntegerField(null=True, blank=True, editable=False)
    phash_band_1 = models.PositiveIntegerField(null=True, blank=True, editable=False)
    phash_band_2 = models.PositiveIntegerField(null=True, blank=True, editable=False)
    phash_band_3 = models.PositiveIntegerField(null=True, blank=True, editable=False)

    location_check = models.CharField(
        _("location check"), max_length=10, choices=CheckResult.choices, default=CheckResult.UNKNOWN
    )
    location_distance_m = models.PositiveIntegerField(_("distance from the project (m)"), null=True, blank=True)
    location_source = models.CharField(_("position used"), max_length=10, choices=PositionSource.choices, blank=True)
    location_reason = models.CharField(_("location check reason"), max_length=300, blank=True)
    time_check = models.CharField(
        _("time check"), max_length=10, choices=CheckResult.choices, default=CheckResult.UNKNOWN
    )
    time_reason = models.CharField(_("time check reason"), max_length=300, blank=True)
    reuse_check = models.CharField(
        _("reuse check"), max_length=10, choices=CheckResult.choices, default=CheckResult.UNKNOWN
    )
    reuse_matches = models.JSONField(
        _("earlier uses"),
        default=list,
        blank=True,
        help_text=_("Ids of earlier photos that look the same, with their hash distance: [[id, distance], ...]."),
    )
    reuse_reason = models.CharField(_("reuse check reason"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["received_at", "id"]
        indexes = [
            models.Index(fields=["phash_band_0"], name="photo_phash_band_0"),
            models.Index(fields=["phash_band_1"], name="photo_phash_band_1"),
            models.Index(fields=["phash_band_2"], name="photo_phash_band_2"),
            models.Index(fields=["phash_band_3"], name="photo_phash_band_3"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(report__isnull=False, progress_update__isnull=True, response__isnull=True)
                    | Q(report__isnull=True, progress_update__isnull=False, response__isnull=True)
                    | Q(report__isnull=True, progress_update__isnull=True, response__isnull=False)
                ),
                name="photo_has_exactly_one_owner",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project_id}/{self.sha256[:12]}"

    @property
    def owner_kind(self) -> str:
        if self.report_id is not None:
            return "report"
        if self.progress_update_id is not None:
            return "progress_update"
        return "response"

    @property
    def is_flagged(self) -> bool:
        return CheckResult.FLAGGED in (self.location_check, self.time_check, self.reuse_check)


class PhotoHashVariant(models.Model):
    """The perceptual hash of a photo's thumbnail trimmed on one side, so a copy cut on that side still matches."""

    photo = models.ForeignKey(Photo, verbose_name=_("photo"), on_delete=models.CASCADE, related_name="hash_variants")
    label = models.CharField(_("trimmed copy"), max_length=10, help_text=_("Side and share trimmed, e.g. left10."))
    phash = models.BigIntegerField(_("perceptual hash"))
    phash_band_0 = models.PositiveIntegerField(editable=False)
    phash_band_1 = models.PositiveIntegerField(editable=False)
    phash_band_2 = models.PositiveIntegerField(editable=False)
    phash_band_3 = models.PositiveIntegerField(editable=False)

    class Meta:
        verbose_name = _("photo hash of a trimmed copy")
        verbose_name_plural = _("photo hashes of trimmed copies")
        indexes = [
            models.Index(fields=["phash_band_0"], name="variant_phash_band_0"),
            models.Index(fields=["phash_band_1"], name="variant_phash_band_1"),
            models.Index(fields=["phash_band_2"], name="variant_phash_band_2"),
            models.Index(fields=["phash_band_3"], name="variant_phash_band_3"),
        ]
        constraints = [models.UniqueConstraint(fields=["photo", "label"], name="variant_one_per_label")]

    def __str__(self) -> str:
        return f"{self.photo_id}/{self.label}"
