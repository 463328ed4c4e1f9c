from django.db import models
from django.utils.translation import gettext_lazy as _

from earlywarning.rules import Status


class ProjectStatus(models.TextChoices):
    """The early-warning judgement of a contract, as stored (values match earlywarning.rules.Status)."""

    FINISHED = Status.FINISHED, _("Finished")
    CRITICAL = Status.CRITICAL, _("Critical (kritis)")
    STALE = Status.STALE, _("No recent report")
    LATE = Status.LATE, _("Late (terlambat)")
    AHEAD = Status.AHEAD, _("Ahead of plan")
    ON_TRACK = Status.ON_TRACK, _("On track")
    NOT_STARTED = Status.NOT_STARTED, _("Not started")


class ProjectAssessment(models.Model):
    """The latest judgement of one project by the early-warning rules, kept so lists and maps need no recompute.

    Refreshed by earlywarning.services.assessment_refresh after every progress update or village report, and
    for all projects by the daily job.
    """

    project = models.OneToOneField(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="assessment",
    )
    status = models.CharField(_("status"), max_length=12, choices=ProjectStatus.choices, db_index=True)
    planned_percent = models.DecimalField(_("planned (%)"), max_digits=5, decimal_places=2, null=True, blank=True)
    actual_percent = models.DecimalField(_("actual (%)"), max_digits=5, decimal_places=2, null=True, blank=True)
    deviation = models.DecimalField(
        _("deviation (points)"), max_digits=6, decimal_places=2, null=True, blank=True, db_index=True
    )
    as_of = models.DateField(_("as of"), null=True, blank=True)
    period_two = models.BooleanField(_("period II (planned above 70%)"), default=False)
    critical_reasons = models.JSONField(_("critical reasons"), default=list, blank=True)
    stale = models.BooleanField(_("no recent report"), default=False)
    days_since_update = models.IntegerField(_("days since the last report"), null=True, blank=True)
    forecast_date = models.DateField(_("forecast completion"), null=True, blank=True)
    forecast_never = models.BooleanField(
        _("will not finish at the current pace"), default=False, help_text=_("Progress is flat or falling.")
    )
    past_contract_end = models.BooleanField(_("forecast past the contract end"), default=False)
    past_fiscal_year = models.BooleanField(_("forecast past 31 December"), default=False)
    paid_ahead = models.BooleanField(_("paid ahead of progress"), default=False)
    discrepancy = models.DecimalField(
        _("OPD claim minus village observation (points)"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    discrepancy_flag = models.BooleanField(_("village observation differs"), default=False)
    village_observed_percent = models.DecimalField(
        _("village-observed progress (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    village_observed_date = models.DateField(_("village visit date"), null=True, blank=True)
    computed_at = models.DateTimeField(_("computed"))

    class Meta:
        verbose_name = _("project assessment")
        verbose_name_plural = _("project assessments")

    def __str__(self) -> str:
        return f"{self.project_id}: {self.status}"
