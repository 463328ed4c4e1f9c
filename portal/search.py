"""The public project search: one set of GET parameters for the portal list and the open data downloads."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from earlywarning.models import ProjectStatus as AssessmentStatus
from projects.models import Project, Sector
from regions.models import Region

ProjectVillage = Project.villages.through
NOT_ASSESSED = "none"


class ProjectSearchForm(forms.Form):
    """Filters of the public project list. Every field is optional; an invalid value is ignored."""

    tahun = forms.IntegerField(
        label=_("Fiscal year"),
        required=False,
        min_value=2000,
        max_value=2100,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    kecamatan = forms.ModelChoiceField(
        label=_("Kecamatan"),
        required=False,
        queryset=Region.objects.none(),
        to_field_name="code",
        empty_label=_("All kecamatan"),
    )
    desa = forms.ModelChoiceField(
        label=_("Desa"), required=False, queryset=Region.objects.none(), to_field_name="code", empty_label=_("All desa")
    )
    opd = forms.ModelChoiceField(
        label=_("OPD"), required=False, queryset=Agency.objects.none(), empty_label=_("All OPDs")
    )
    sektor = forms.ChoiceField(label=_("Sector"), required=False, choices=[("", _("All sectors")), *Sector.choices])
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *AssessmentStatus.choices, (NOT_ASSESSED, _("Not assessed yet"))],
    )
    q = forms.CharField(label=_("Search"), required=False, max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        regency = settings.SIMPOR_REGENCY_CODE
        regions = Region.objects.filter(code__startswith=regency + ".", is_active=True).order_by("code")
        self.fields["kecamatan"].queryset = regions.filter(level=Region.Level.DISTRICT)
        self.fields["desa"].queryset = regions.filter(level=Region.Level.VILLAGE)
        self.fields["kecamatan"].label_from_instance = lambda region: region.display_name
        self.fields["desa"].label_from_instance = lambda region: region.display_name
        self.fields["opd"].queryset = Agency.objects.filter(regency__code=regency, is_active=True)

    def filters(self) -> dict:
        """Return the valid filters, dropping the fields whose value did not parse."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}


def search_projects(projects: QuerySet[Project], filters: dict) -> QuerySet[Project]:
    """Apply the filters of ProjectSearchForm.filters() to ``projects``."""
    if "tahun" in filters:
        projects = projects.filter(fiscal_year=filters["tahun"])
    # EXISTS instead of a join, so a project in two matching villages is listed once.
    if "kecamatan" in filters:
        in_district = ProjectVillage.objects.filter(project=OuterRef("pk"), region__parent=filters["kecamatan"])
        projects = projects.filter(Exists(in_district))
    if "desa" in filters:
        in_village = ProjectVillage.objects.filter(project=OuterRef("pk"), region=filters["desa"])
        projects = projects.filter(Exists(in_village))
    if "opd" in filters:
        projects = projects.filter(agency=filters["opd"])
    if "sektor" in filters:
        projects = projects.filter(sector=filters["sektor"])
    if filters.get("status") == NOT_ASSESSED:
        projects = projects.filter(assessment__isnull=True)
    elif "status" in filters:
        projects = projects.filter(assessment__status=filters["status"])
    if "q" in filters:
        text = filters["q"].strip()
        projects = projects.filter(
            Q(name__icontains=text)
            | Q(contractor__name__icontains=text)
            | Q(location_description__icontains=text)
            | Q(contract_number__icontains=text)
        )
    return projects


def public_projects() -> QuerySet[Project]:
    """Return the projects of the configured kabupaten's agencies."""
    return Project.objects.filter(agency__regency__code=settings.SIMPOR_REGENCY_CODE)
