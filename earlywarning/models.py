from django.conf import settings
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
    first_critical_on = models.DateField(
        _("first judged critical on"),
        null=True,
        blank=True,
        help_text=_("Kept when the contract recovers, so its show-cause meetings can still be recorded."),
    )
    computed_at = models.DateTimeField(_("computed"))

    class Meta:
        verbose_name = _("project assessment")
        verbose_name_plural = _("project assessments")

    def __str__(self) -> str:
        return f"{self.project_id}: {self.status}"


class DelayCause(models.TextChoices):
    """Who is to blame for a delay; each cause has its own procedure and only the contractor's carries a penalty."""

    CONTRACTOR = "contractor", _("Contractor's fault (kontrak kritis)")
    FORCE_MAJEURE = "force_majeure", _("Force majeure (kahar)")
    OWNER = "owner", _("Owner's fault (peristiwa kompensasi)")


class DelayRecord(models.Model):
    """Why a contract is behind, as the OPD recorded it, and the extra time the PPK gave (pemberian kesempatan)."""

    project = models.OneToOneField(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="delay",
    )
    cause = models.CharField(_("cause of the delay"), max_length=16, choices=DelayCause.choices)
    note = models.TextField(
        _("note"), blank=True, help_text=_("What happened, and the letter or minutes that establish it.")
    )
    extension_days = models.PositiveSmallIntegerField(
        _("extra time given (days)"),
        default=0,
        help_text=_("Calendar days of pemberian kesempatan given by the PPK after the planned end; the penalty runs."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("delay record")
        verbose_name_plural = _("delay records")

    def __str__(self) -> str:
        return f"{self.project_id}: {self.cause}"


class MeetingStage(models.IntegerChoices):
    SCM_1 = 1, _("SCM I")
    SCM_2 = 2, _("SCM II")
    SCM_3 = 3, _("SCM III")


class MeetingOutcome(models.TextChoices):
    PENDING = "pending", _("Test period running")
    MET = "met", _("Target met")
    NOT_MET = "not_met", _("Target not met")


class ShowCauseMeeting(models.Model):
    """A show-cause meeting (rapat pembuktian, SCM) on a critical contract: the target the contractor agreed to
    reach by the end of a test period, and whether it did."""

    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.PROTECT,
        related_name="show_cause_meetings",
    )
    stage = models.PositiveSmallIntegerField(_("stage"), choices=MeetingStage.choices)
    date = models.DateField(_("meeting date"))
    target_percent = models.DecimalField(
        _("agreed target (%)"),
        max_digits=5,
        decimal_places=2,
        help_text=_("Cumulative physical progress the contractor must reach by the end of the test period."),
    )
    test_period_end = models.DateField(_("end of the test period"))
    outcome = models.CharField(
        _("outcome"), max_length=8, choices=MeetingOutcome.choices, default=MeetingOutcome.PENDING
    )
    notes = models.TextField(_("notes"), blank=True, help_text=_("Who attended, what was agreed, the minutes' number."))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("show-cause meeting (SCM)")
        verbose_name_plural = _("show-cause meetings (SCM)")
        ordering = ["project", "stage"]
        constraints = [models.UniqueConstraint(fields=["project", "stage"], name="scm_unique_stage")]

    def __str__(self) -> str:
        return f"{self.project_id} {self.get_stage_display()}"
