from django.db import models
from django.utils.translation import gettext_lazy as _


class Agency(models.Model):
    """A regional agency (OPD) that owns projects and answers findings."""

    regency = models.ForeignKey(
        "regions.Region",
        verbose_name=_("regency"),
        on_delete=models.PROTECT,
        related_name="agencies",
        limit_choices_to={"level": 2},
    )
    name = models.CharField(
        _("name"), max_length=200, help_text=_("Full name, for example Dinas Pekerjaan Umum dan Penataan Ruang.")
    )
    short_name = models.CharField(
        _("short name"), max_length=40, help_text=_("Acronym used on screens, for example Dinas PUPR.")
    )
    head_name = models.CharField(_("head of agency"), max_length=120, blank=True)
    head_title = models.CharField(
        _("head's position"), max_length=120, blank=True, help_text=_("For example Kepala Dinas.")
    )
    head_nip = models.CharField(
        _("head's NIP"), max_length=30, blank=True, help_text=_("Civil servant number of the head.")
    )
    email = models.EmailField(_("e-mail"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("agency (OPD)")
        verbose_name_plural = _("agencies (OPD)")
        ordering = ["short_name"]
        constraints = [
            models.UniqueConstraint(fields=["regency", "short_name"], name="agency_unique_short_name"),
        ]

    def __str__(self) -> str:
        return self.short_name
