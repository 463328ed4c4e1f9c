"""Bangkit Berdaya Online (BBO): the kabupaten scores the performance of village governments per period.

The score of a village is the weighted mean of its indicator values; bbo/scoring.py has the formula and
docs/bbo.md a worked example.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.fields import PERCENT_VALIDATORS


class IndicatorKind(models.TextChoices):
    BUILT_IN = "built_in", _("Computed by SIMPOR")
    MANUAL = "manual", _("Entered by an evaluator")


class Indicator(models.Model):
    """One measure of village performance. Built-in ones are computed from SIMPOR's data (bbo/indicators.py)."""

    code = models.SlugField(
        _("code"), max_length=40, unique=True, help_text=_("Built-in indicators keep the code SIMPOR knows them by.")
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=IndicatorKind.choices)
    weight = models.DecimalField(
        _("weight"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Relative weight in the score; only the ratio between weights matters."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    description = models.TextField(
        _("description"), blank=True, help_text=_("What is measured and how, for evaluators.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("BBO indicator")
        verbose_name_plural = _("BBO indicators")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class Period(models.Model):
    """A scoring period, for example a year or a semester."""

    name = models.CharField(_("name"), max_length=60, unique=True, help_text=_("For example 2026 or Semester I 2026."))
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))

    class Meta:
        verbose_name = _("BBO period")
        verbose_name_plural = _("BBO periods")
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="bbo_period_ends_after_start",
                violation_error_message=_("The last day must not be before the first day."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class VillageHead(models.Model):
    """The head of a village (kepala desa or lurah) over a term, named on the certificate."""

    village = models.ForeignKey(
        "regions.Region",
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        related_name="village_heads",
        limit_choices_to={"level": 4},
    )
    name = models.CharField(_("name"), max_length=120)
    title = models.CharField(_("title"), max_length=60, default="Kepala Desa", help_text=_("Kepala Desa or Lurah."))
    term_start = models.DateField(_("term start"))
    term_end = models.DateField(_("term end"), null=True, blank=True)

    class Meta:
        verbose_name = _("village head")
        verbose_name_plural = _("village heads")
        ordering = ["village", "-term_start"]

    def __str__(self) -> str:
        return f"{self.name} ({self.village_id})"


class Evaluator(models.Model):
    """A user who may enter manual BBO scores: for one kecamatan's villages, or for all when no kecamatan is set.

    Administrators and leaders may always evaluate; this grants the right to others, for example a camat.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="bbo_evaluator"
    )
    district = models.ForeignKey(
        "regions.Region",
        verbose_name=_("kecamatan"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        limit_choices_to={"level": 3},
        help_text=_("Leave empty for an evaluator of the whole kabupaten."),
    )

    class Meta:
        verbose_name = _("BBO evaluator")
        verbose_name_plural = _("BBO evaluators")

    def __str__(self) -> str:
        return str(self.user)


def evidence_path(instance, filename):
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"bbo/{instance.period_id}/{instance.village_id}/{instance.indicator_id}.{extension}"


class Score(models.Model):
    """The value (0-100) of one indicator for one village in one period.

    Built-in values are written by bbo.services.builtin_scores_refresh; manual ones by an evaluator with evidence.
    """

    period = models.ForeignKey(Period, verbose_name=_("period"), on_delete=models.PROTECT, related_name="scores")
    village = models.ForeignKey(
        "regions.Region",
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        related_name="bbo_scores",
        limit_choices_to={"level": 4},
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="scores"
    )
    value = models.DecimalField(
        _("value (0-100)"),
        max_digits=5,
        decimal_places=2,
        validators=PERCENT_VALIDATORS,
        null=True,
        blank=True,
        help_text=_("Empty when the indicator does not apply, for example a village without projects."),
    )
    basis = models.CharField(
        _("basis"), max_length=300, blank=True, help_text=_("How a built-in value was computed, e.g. 3 of 4 projects.")
    )
    evidence_text = models.TextField(_("evidence"), blank=True)
    evidence_file = models.FileField(_("evidence file"), upload_to=evidence_path, max_length=200, blank=True)
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("evaluator"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("BBO score")
        verbose_name_plural = _("BBO scores")
        constraints = [
            models.UniqueConstraint(fields=["period", "village", "indicator"], name="bbo_score_unique"),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=0, value__lte=100),
                name="bbo_score_value_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period_id}/{self.village_id}/{self.indicator_id}: {self.value}"
