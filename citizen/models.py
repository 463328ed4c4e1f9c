"""Citizen reports (laporan warga): what anyone saw on a project site or elsewhere in the kabupaten.

A citizen needs no account. The tracking code is the only key the reporter holds. Contact details are optional
and never public; nothing a citizen wrote is public until a moderator publishes it.
"""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.fields import latitude_field, longitude_field

# No 0/O, 1/I/L or U/V look-alikes, so a code read aloud or copied by hand survives.
TRACKING_ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ"
TRACKING_LENGTH = 10  # 29**10 is about 4e14 codes: guessing one of a few thousand live codes is hopeless.


def new_tracking_code() -> str:
    return "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(TRACKING_LENGTH))


def normalize_tracking_code(text: str) -> str:
    """Uppercase ``text`` and drop spaces and dashes, so "abcd-efgh 23" finds ABCDEFGH23."""
    return "".join(character for character in text.upper() if character.isalnum())


class Category(models.TextChoices):
    STREET_LIGHT = "street_light", _("Street light")
    DRAINAGE = "drainage", _("Culvert or drainage")
    ROAD = "road", _("Road damage")
    BRIDGE = "bridge", _("Bridge")
    PUBLIC_BUILDING = "public_building", _("Public building")
    PROJECT_WORK = "project_work", _("Work on a project site")
    OTHER = "other", _("Other")


class Status(models.TextChoices):
    # A context keeps these labels apart from the same English words of monitoring reports and findings.
    RECEIVED = "received", pgettext_lazy("citizen report status", "Received")
    IN_MODERATION = "in_moderation", pgettext_lazy("citizen report status", "In moderation")
    PUBLISHED = "published", pgettext_lazy("citizen report status", "Published")
    ANSWERED = "answered", pgettext_lazy("citizen report status", "Answered")
    REJECTED = "rejected", pgettext_lazy("citizen report status", "Rejected")
    CLOSED = "closed", pgettext_lazy("citizen report status", "Closed")


# Statuses in which the report, its photos and its answer are on the portal.
PUBLIC_STATUSES = [Status.PUBLISHED, Status.ANSWERED, Status.CLOSED]
# Statuses a moderator still has to act on.
QUEUE_STATUSES = [Status.RECEIVED, Status.IN_MODERATION]


class CitizenReport(models.Model):
    """One citizen's report about a project or a place, with its moderation and public answer."""

    tracking_code = models.CharField(
        _("tracking code"), max_length=TRACKING_LENGTH, unique=True, default=new_tracking_code, editable=False
    )
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    description = models.TextField(_("description"), help_text=_("What the citizen saw, in their own words."))
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.PROTECT,
        related_name="citizen_reports",
        null=True,
        blank=True,
    )
    latitude = latitude_field(_("latitude"), null=True, blank=True)
    longitude = longitude_field(_("longitude"), null=True, blank=True)
    location_description = models.CharField(
        _("location description"), max_length=300, blank=True, help_text=_("Street, hamlet (dusun) or landmark.")
    )
    village = models.ForeignKey(
        "regions.Region",
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        related_name="citizen_reports",
        null=True,
        blank=True,
        help_text=_("The desa that moderates the report: the project's village or the one containing the point."),
    )
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("responsible agency (OPD)"),
        on_delete=models.PROTECT,
        related_name="citizen_reports",
        null=True,
        blank=True,
        help_text=_("Empty until an administrator assigns one, when neither project nor category names an OPD."),
    )

    # Never shown on the portal, in the API or in open data.
    contact_name = models.CharField(_("contact name"), max_length=120, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)

    status = models.CharField(
        _("status"), max_length=14, choices=Status.choices, default=Status.RECEIVED, db_index=True
    )
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    answer = models.TextField(_("public answer"), blank=True)
    answered_by_agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("answered by OPD"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    answered_by_village = models.ForeignKey(
        "regions.Region",
        verbose_name=_("answered by village"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderated by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("citizen report")
        verbose_name_plural = _("citizen reports")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(project__isnull=False) | Q(latitude__isnull=False, longitude__isnull=False),
                name="citizen_report_has_place",
                violation_error_message=_("A report needs a project or a point on the map."),
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(rejection_reason=""),
                name="citizen_report_rejection_has_reason",
                violation_error_message=_("A rejected report needs a reason."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tracking_code}: {self.description[:50]}"

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES


def _citizen_photo_path(folder: str) -> str:
    now = timezone.now()
    return f"citizen/{folder}/{now:%Y/%m}/{uuid.uuid4().hex}.jpg"


def web_path(instance, filename):
    return _citizen_photo_path("web")


def thumbnail_path(instance, filename):
    return _citizen_photo_path("thumb")


class CitizenPhoto(models.Model):
    """A photo sent with a citizen report. Only the re-encoded copies are kept: the original, with the
    citizen's EXIF position and phone model, is dropped after the checks."""

    report = models.ForeignKey(
        CitizenReport, verbose_name=_("citizen report"), on_delete=models.PROTECT, related_name="photos"
    )
    web = models.ImageField(_("web copy"), upload_to=web_path, max_length=200)
    thumbnail = models.ImageField(_("thumbnail"), upload_to=thumbnail_path, max_length=200)
    sha256 = models.CharField(_("SHA-256 of the upload"), max_length=64, db_index=True)
    size_bytes = models.PositiveIntegerField(_("size of the upload (bytes)"))
    width = models.PositiveIntegerField(_("width (px)"))
    height = models.PositiveIntegerField(_("height (px)"))
    received_at = models.DateTimeField(_("received by the server"), default=timezone.now)

    class Meta:
        verbose_name = _("citizen photo")
        verbose_name_plural = _("citizen photos")
        ordering = ["received_at", "id"]

    def __str__(self) -> str:
        return f"{self.report_id}/{self.sha256[:12]}"
