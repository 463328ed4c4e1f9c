import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.fields import latitude_field, longitude_field, money_field, percent_field


class Sector(models.TextChoices):
    ROADS = "roads", _("Roads")
    BRIDGES = "bridges", _("Bridges")
    BUILDINGS = "buildings", _("Public buildings")
    SCHOOLS = "schools", _("Schools")
    HEALTH = "health", _("Health facilities")
    DRAINAGE = "drainage", _("Drainage")
    WATER = "water", _("Clean water")
    IRRIGATION = "irrigation", _("Irrigation")
    SANITATION = "sanitation", _("Sanitation")
    HOUSING = "housing", _("Housing and settlements")
    AGRICULTURE = "agriculture", _("Agriculture")
    TRANSPORT = "transport", _("Transport facilities")
    OTHER = "other", _("Other")


class FundingSource(models.TextChoices):
    APBD = "apbd", "APBD"
    DAK = "dak", "DAK"
    DAU = "dau", "DAU"
    DANA_DESA = "dana_desa", _("Dana Desa")
    PROVINCE_AID = "bankeu_prov", _("Provincial aid (Bantuan Provinsi)")
    APBN = "apbn", "APBN"
    OTHER = "other", _("Other")


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    PHO = "pho", _("Handed over (PHO)")
    FHO = "fho", _("Final hand-over (FHO)")
    TERMINATED = "terminated", _("Terminated")


class Contractor(models.Model):
    """A contractor (penyedia), usually a CV or PT."""

    name = models.CharField(_("name"), max_length=200, unique=True, help_text=_("For example CV Karya Mandiri."))
    npwp = models.CharField(_("NPWP"), max_length=30, blank=True, help_text=_("Tax identification number."))
    address = models.CharField(_("address"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("contractor")
        verbose_name_plural = _("contractors")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Project(models.Model):
    """A work package (paket pekerjaan) of an OPD, from plan through contract to hand-over."""

    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"), db_index=True)
    name = models.CharField(_("work package name"), max_length=300)
    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("agency (OPD)"), on_delete=models.PROTECT, related_name="projects"
    )
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    villages = models.ManyToManyField(
        "regions.Region",
        verbose_name=_("villages"),
        related_name="projects",
        limit_choices_to={"level": 4},
        help_text=_("Every desa the work lies in."),
    )
    location_description = models.CharField(
        _("location description"), max_length=300, blank=True, help_text=_("Street, hamlet (dusun) or landmark.")
    )
    latitude = latitude_field(_("latitude"), null=True, blank=True)
    longitude = longitude_field(_("longitude"), null=True, blank=True)
    funding_source = models.CharField(_("funding source"), max_length=20, choices=FundingSource.choices)
    budget_ceiling = money_field(_("budget ceiling (pagu)"))
    rup_code = models.CharField(
        _("RUP code"), max_length=30, blank=True, help_text=_("Procurement plan code in SIRUP, when known.")
    )

    contractor = models.ForeignKey(
        Contractor,
        verbose_name=_("contractor"),
        on_delete=models.PROTECT,
        related_name="projects",
        null=True,
        blank=True,
    )
    contract_number = models.CharField(_("contract number"), max_length=100, blank=True)
    contract_date = models.DateField(_("contract date"), null=True, blank=True)
    contract_value = money_field(_("contract value"), null=True, blank=True)
    start_date = models.DateField(_("start date (SPMK)"), null=True, blank=True)
    duration_days = models.PositiveIntegerField(_("duration (calendar days)"), null=True, blank=True)
    planned_end_date = models.DateField(
        _("planned end date"),
        null=True,
        blank=True,
        help_text=_("Computed from the start date and duration when left empty."),
    )
    ppk_name = models.CharField(_("PPK"), max_length=120, blank=True, help_text=_("Official who signs the contract."))
    supervisor = models.CharField(_("supervision consultant"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ProjectStatus.choices, default=ProjectStatus.PLANNED, db_index=True
    )

    # Latest reported progress, kept on the row so lists need no subquery per project.
    physical_progress = percent_field(_("physical progress (%)"), default=0)
    financial_progress = percent_field(_("financial progress (%)"), default=0)
    progress_date = models.DateField(_("progress as of"), null=True, blank=True)

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-fiscal_year", "agency__short_name", "name"]
        indexes = [models.Index(fields=["fiscal_year", "agency"])]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if self.planned_end_date is None:
            self.planned_end_date = self.compute_planned_end()
        super().save(*args, **kwargs)

    def compute_planned_end(self) -> datetime.date | None:
        """The last calendar day of the contract: the SPMK date counts as day one."""
        if self.start_date is None or not self.duration_days:
            return None
        return self.start_date + datetime.timedelta(days=self.duration_days - 1)


class ScheduleEntry(models.Model):
    """One week of the planned schedule (kurva S): cumulative planned physical progress."""

    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="schedule")
    week = models.PositiveSmallIntegerField(_("week"), help_text=_("Week 1 starts on the SPMK date."))
    week_end = models.DateField(_("end of week"))
    planned_percent = percent_field(_("planned cumulative progress (%)"))

    class Meta:
        verbose_name = _("schedule week (kurva S)")
        verbose_name_plural = _("schedule (kurva S)")
        ordering = ["project", "week"]
        constraints = [models.UniqueConstraint(fields=["project", "week"], name="schedule_unique_week")]

    def __str__(self) -> str:
        return f"{self.project_id} W{self.week}: {self.planned_percent}%"


class ProgressUpdate(models.Model):
    """Progress the OPD reports for a project on a date."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="progress_updates"
    )
    date = models.DateField(_("date"))
    physical_percent = percent_field(_("physical progress (%)"))
    financial_percent = percent_field(_("financial progress (%)"))
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reported by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["project", "-date", "-id"]
        get_latest_by = ["date", "id"]

    def __str__(self) -> str:
        return f"{self.project_id} {self.date}: {self.physical_percent}%"


class AmendmentKind(models.TextChoices):
    VALUE = "value", _("Contract value")
    DURATION = "duration", _("Contract time")
    SCOPE = "scope", _("Scope of work")


class ContractAmendment(models.Model):
    """An addendum (adendum, CCO) to the contract: a change of value, time or scope, kept as history."""

    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="amendments")
    number = models.CharField(_("addendum number"), max_length=100, help_text=_("For example Adendum I."))
    date = models.DateField(_("addendum date"))
    kind = models.CharField(_("kind of change"), max_length=10, choices=AmendmentKind.choices)
    value_before = money_field(_("contract value before"), null=True, blank=True)
    value_after = money_field(_("contract value after"), null=True, blank=True)
    end_before = models.DateField(_("end date before"), null=True, blank=True)
    end_after = models.DateField(_("end date after"), null=True, blank=True)
    description = models.TextField(_("description"), help_text=_("What changed and why."))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("contract addendum")
        verbose_name_plural = _("contract addenda")
        ordering = ["project", "date", "id"]

    def __str__(self) -> str:
        return f"{self.project_id} {self.number}"
