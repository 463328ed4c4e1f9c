from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    """An administrative region from the Kemendagri code list (provinsi down to desa/kelurahan)."""

    class Level(models.IntegerChoices):
        PROVINCE = 1, _("province")
        REGENCY = 2, _("regency/city")
        DISTRICT = 3, _("district (kecamatan)")
        VILLAGE = 4, _("village (desa/kelurahan)")

    class Kind(models.TextChoices):
        PROVINSI = "provinsi", _("Province")
        KABUPATEN = "kabupaten", _("Regency")
        KOTA = "kota", _("City")
        KECAMATAN = "kecamatan", _("District")
        DESA = "desa", _("Village")
        KELURAHAN = "kelurahan", _("Urban village")

    code = models.CharField(
        _("region code"),
        max_length=13,
        unique=True,
        help_text=_("Kemendagri code with dots, for example 19.06.01.2001."),
    )
    name = models.CharField(_("name"), max_length=120)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices, db_index=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent region"),
        on_delete=models.PROTECT,
        related_name="children",
        null=True,
        blank=True,
    )
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    boundary = models.JSONField(
        _("boundary"),
        null=True,
        blank=True,
        help_text=_("GeoJSON geometry (Polygon or MultiPolygon) in WGS84."),
    )
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Cleared when a code disappears from the official list; the row stays for old references."),
    )

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def display_name(self) -> str:
        """Name with the kind in front where the official name lacks it: "Desa Lalang Jaya"."""
        if self.level in (self.Level.DISTRICT, self.Level.VILLAGE):
            return f"{self.get_kind_display()} {self.name}"
        return self.name


# Importable by a dotted path, which the nested Region.Kind is not (drf-spectacular's ENUM_NAME_OVERRIDES).
REGION_KIND_CHOICES = Region.Kind.choices
