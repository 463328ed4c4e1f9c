"""Query parameters of the public project list."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from rest_framework.filters import OrderingFilter

from citizen.models import Category, CitizenReport
from earlywarning.models import ProjectStatus as AssessmentStatus
from projects.models import Project, ProjectStatus, Sector

ProjectVillage = Project.villages.through

DISTRICT_CODE = RegexValidator(
    r"^\d{2}\.\d{2}\.\d{2}$", _("Enter a kecamatan code in the form PP.KK.CC, for example 19.06.01.")
)
VILLAGE_CODE = RegexValidator(
    r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$", _("Enter a desa code in the form PP.KK.CC.DDDD, for example 19.06.01.2001.")
)


class ProjectFilter(filters.FilterSet):
    year = filters.NumberFilter(
        field_name="fiscal_year", min_value=0, max_value=9999, help_text=_("Fiscal year, for example 2026.")
    )
    kecamatan = filters.CharFilter(
        method="filter_kecamatan",
        validators=[DISTRICT_CODE],
        help_text=_("Kemendagri code of a kecamatan: projects with at least one village in it."),
    )
    desa = filters.CharFilter(
        method="filter_desa",
        validators=[VILLAGE_CODE],
        help_text=_("Kemendagri code of a desa or kelurahan: projects whose work lies in it."),
    )
    opd = filters.CharFilter(
        method="filter_opd", help_text=_("Agency (OPD) id or short name, for example 3 or Dinas PUPR.")
    )
    status = filters.ChoiceFilter(choices=ProjectStatus.choices, help_text=_("Project status code."))
    sector = filters.ChoiceFilter(choices=Sector.choices, help_text=_("Sector code."))
    early_warning = filters.ChoiceFilter(
        field_name="assessment__status",
        choices=AssessmentStatus.choices,
        help_text=_("Early-warning status code, for example critical."),
    )
    q = filters.CharFilter(
        method="filter_text", max_length=100, help_text=_("Text in the name, contractor, location or contract number.")
    )

    class Meta:
        model = Project
        fields = ["year", "kecamatan", "desa", "opd", "status", "sector", "early_warning", "q"]

    def filter_text(self, queryset: QuerySet[Project], name: str, value: str) -> QuerySet[Project]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value)
            | Q(contractor__name__icontains=value)
            | Q(location_description__icontains=value)
            | Q(contract_number__icontains=value)
        )

    # The village filters use EXISTS instead of a join, so a project in two matching villages is listed once.
    def filter_kecamatan(self, queryset: QuerySet[Project], name: str, value: str) -> QuerySet[Project]:
        in_district = ProjectVillage.objects.filter(project=OuterRef("pk"), region__parent__code=value)
        return queryset.filter(Exists(in_district))

    def filter_desa(self, queryset: QuerySet[Project], name: str, value: str) -> QuerySet[Project]:
        in_village = ProjectVillage.objects.filter(project=OuterRef("pk"), region__code=value)
        return queryset.filter(Exists(in_village))

    def filter_opd(self, queryset: QuerySet[Project], name: str, value: str) -> QuerySet[Project]:
        value = value.strip()
        condition = Q(agency__short_name__iexact=value)
        if value.isdigit():
            condition |= Q(agency_id=int(value))
        return queryset.filter(condition)


class StableOrderingFilter(OrderingFilter):
    """DRF's ordering with the primary key as the last key, so pages never repeat or skip a tied row."""

    ordering_description = _(
        "Fields to sort by, separated by commas. A minus in front sorts in descending order, for example "
        "-budget_ceiling."
    )

    def get_schema_operation_parameters(self, view):
        # List the accepted values in the schema, so clients need not guess the field names.
        parameters = super().get_schema_operation_parameters(view)
        accepted = [prefix + field for field in view.ordering_fields for prefix in ("", "-")]
        for parameter in parameters:
            parameter["schema"] = {"type": "array", "items": {"type": "string", "enum": accepted}}
            parameter["explode"] = False
            parameter["style"] = "form"
        return parameters

    def get_ordering(self, request, queryset, view):
        ordering = super().get_ordering(request, queryset, view)
        if ordering and "pk" not in ordering and "id" not in ordering:
            return [*ordering, "pk"]
        return ordering


class CitizenReportFilter(filters.FilterSet):
    project = filters.NumberFilter(
        field_name="project_id", min_value=1, max_value=2**63 - 1, help_text=_("Project id.")
    )
    desa = filters.CharFilter(
        field_name="village__code", validators=[VILLAGE_CODE], help_text=_("Kemendagri code of the moderating desa.")
    )
    category = filters.ChoiceFilter(choices=Category.choices, help_text=_("Category code."))

    class Meta:
        model = CitizenReport
        fields = ["project", "desa", "category"]
