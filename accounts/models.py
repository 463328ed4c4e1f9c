from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """What a signed-in user may see and do; the rules live in accounts.roles."""

    ADMIN = "admin", _("Administrator")
    LEADER = "leader", _("Leader (pimpinan)")
    AGENCY = "agency", _("OPD")
    VILLAGE = "village", _("Village government")
    DPRD = "dprd", _("DPRD")


class User(AbstractUser):
    """A SIMPOR account. OPD users belong to one agency, village users to one desa."""

    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("agency (OPD)"),
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
        blank=True,
    )
    village = models.ForeignKey(
        "regions.Region",
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
        blank=True,
        limit_choices_to={"level": 4},
    )
    position = models.CharField(
        _("position"),
        max_length=120,
        blank=True,
        help_text=_("For example Sekretaris Desa or Kepala Bidang Bina Marga."),
    )
    phone = models.CharField(_("phone number"), max_length=30, blank=True)
    is_agency_head = models.BooleanField(
        _("head of the agency"), default=False, help_text=_("Receives escalations of overdue findings.")
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=~Q(role="agency") | Q(agency__isnull=False),
                name="user_agency_role_has_agency",
                violation_error_message=_("An OPD user must belong to an agency."),
            ),
            models.CheckConstraint(
                condition=~Q(role="village") | Q(village__isnull=False),
                name="user_village_role_has_village",
                violation_error_message=_("A village user must belong to a village."),
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username
