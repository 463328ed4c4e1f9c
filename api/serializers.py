"""Output shapes of the public API. Only public facts: no user, reporter, phone, e-mail or photo position."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from agencies.models import Agency
from citizen.models import CitizenPhoto, CitizenReport
from evidence.models import Photo
from monitoring.models import Finding, MonitoringReport, Response
from projects.models import ContractAmendment, ProgressUpdate, Project, ScheduleEntry
from regions.models import Region

PERCENT_HELP = _("Percent from 0 to 100, as a decimal string with two decimal places.")
RUPIAH_HELP = _("Amount in rupiah (IDR), as a decimal string with two decimal places.")
DEGREES_HELP = _("WGS84 degrees, as a decimal string with six decimal places.")

POINT_SCHEMA = {
    "type": "object",
    "nullable": True,
    "description": _("GeoJSON Point in WGS84 with coordinates [longitude, latitude], or null when unknown."),
    "properties": {
        "type": {"type": "string", "enum": ["Point"]},
        "coordinates": {"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2},
    },
}
GEOMETRY_SCHEMA = {
    "type": "object",
    "nullable": True,
    "description": _("GeoJSON Polygon or MultiPolygon in WGS84 with [longitude, latitude] positions, or null."),
    "properties": {
        "type": {"type": "string", "enum": ["Polygon", "MultiPolygon"]},
        "coordinates": {"type": "array", "items": {}},
    },
}


def _absolute(request, url: str) -> str:
    return request.build_absolute_uri(url) if request is not None else url


class AgencySerializer(serializers.ModelSerializer):
    class Meta:
        model = Agency
        fields = ["id", "short_name", "name"]


class VillageSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["code", "name", "kind"]


class RegionReferenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["code", "name"]


class PhotoSerializer(serializers.ModelSerializer):
    thumbnail_url = serializers.SerializerMethodField(help_text=_("Small JPEG copy without EXIF metadata."))
    web_url = serializers.SerializerMethodField(help_text=_("Screen-sized JPEG copy without EXIF metadata."))

    class Meta:
        model = Photo
        fields = ["id", "caption", "thumbnail_url", "web_url"]

    def _url(self, photo: Photo, variant: str) -> str:
        url = reverse("evidence:photo_file", kwargs={"photo_id": photo.pk, "variant": variant})
        return _absolute(self.context.get("request"), url)

    @extend_schema_field(OpenApiTypes.URI)
    def get_thumbnail_url(self, photo: Photo) -> str:
        return self._url(photo, "thumb")

    @extend_schema_field(OpenApiTypes.URI)
    def get_web_url(self, photo: Photo) -> str:
        return self._url(photo, "web")


class ProjectSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text=_("Address of this project's detail in the API."))
    agency = AgencySerializer(help_text=_("The agency (OPD) that owns the project."))
    sector_label = serializers.CharField(
        source="get_sector_display", help_text=_("Sector name in the request language.")
    )
    funding_source_label = serializers.CharField(
        source="get_funding_source_display", help_text=_("Funding source name in the request language.")
    )
    status_label = serializers.CharField(
        source="get_status_display", help_text=_("Status name in the request language.")
    )
    villages = VillageSerializer(many=True, help_text=_("Every desa or kelurahan the work lies in."))
    kecamatan = serializers.SerializerMethodField(help_text=_("The kecamatan of those villages, by code."))
    location = serializers.SerializerMethodField()
    contractor_name = serializers.CharField(
        source="contractor.name",
        default=None,
        allow_null=True,
        help_text=_("Contractor (penyedia), or null before a contract is signed."),
    )
    budget_ceiling = serializers.DecimalField(max_digits=18, decimal_places=2, help_text=RUPIAH_HELP)
    contract_value = serializers.DecimalField(max_digits=18, decimal_places=2, allow_null=True, help_text=RUPIAH_HELP)
    physical_progress = serializers.DecimalField(max_digits=5, decimal_places=2, help_text=PERCENT_HELP)
    financial_progress = serializers.DecimalField(max_digits=5, decimal_places=2, help_text=PERCENT_HELP)
    progress_date = serializers.DateField(allow_null=True, help_text=_("Date of the latest progress update."))
    duration_days = serializers.IntegerField(allow_null=True, help_text=_("Contract duration in calendar days."))
    open_findings = serializers.IntegerField(
        help_text=_("Findings (temuan) that are open or answered, so not yet resolved or rejected.")
    )
    total_findings = serializers.IntegerField(help_text=_("All findings of reports that were not withdrawn."))
    photos = PhotoSerializer(many=True, source="public_photos")
    early_warning = serializers.SerializerMethodField(
        help_text=_("Early-warning status of the contract (critical, late, on_track, ...), or null before assessment.")
    )
    early_warning_label = serializers.SerializerMethodField(
        help_text=_("Early-warning status name in the request language, or null.")
    )
    portal_url = serializers.SerializerMethodField(help_text=_("This project's page on the public portal."))

    class Meta:
        model = Project
        fields = [
            "id",
            "url",
            "fiscal_year",
            "name",
            "agency",
            "sector",
            "sector_label",
            "funding_source",
            "funding_source_label",
            "villages",
            "kecamatan",
            "location_description",
            "location",
            "budget_ceiling",
            "contractor_name",
            "contract_number",
            "contract_date",
            "contract_value",
            "start_date",
            "duration_days",
            "planned_end_date",
            "status",
            "status_label",
            "physical_progress",
            "financial_progress",
            "progress_date",
            "open_findings",
            "total_findings",
            "photos",
            "early_warning",
            "early_warning_label",
            "portal_url",
        ]

    @extend_schema_field(OpenApiTypes.STR)
    def get_early_warning(self, project: Project) -> str | None:
        assessment = getattr(project, "assessment", None)
        return assessment.status if assessment else None

    @extend_schema_field(OpenApiTypes.STR)
    def get_early_warning_label(self, project: Project) -> str | None:
        assessment = getattr(project, "assessment", None)
        return str(assessment.get_status_display()) if assessment else None

    @extend_schema_field(OpenApiTypes.URI)
    def get_portal_url(self, project: Project) -> str:
        return _absolute(self.context.get("request"), reverse("portal:project_detail", args=[project.pk]))

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, project: Project) -> str:
        return _absolute(self.context.get("request"), reverse("api:project_detail", kwargs={"pk": project.pk}))

    @extend_schema_field(RegionReferenceSerializer(many=True))
    def get_kecamatan(self, project: Project) -> list[dict[str, str]]:
        districts = {village.parent.code: village.parent for village in project.villages.all() if village.parent}
        return RegionReferenceSerializer([districts[code] for code in sorted(districts)], many=True).data

    @extend_schema_field(POINT_SCHEMA)
    def get_location(self, project: Project) -> dict[str, Any] | None:
        if project.latitude is None or project.longitude is None:
            return None
        return {"type": "Point", "coordinates": [float(project.longitude), float(project.latitude)]}


class ScheduleEntrySerializer(serializers.ModelSerializer):
    week_end = serializers.DateField(help_text=_("Last day of the week."))
    planned_percent = serializers.DecimalField(
        max_digits=5, decimal_places=2, help_text=_("Planned cumulative physical progress, percent from 0 to 100.")
    )

    class Meta:
        model = ScheduleEntry
        fields = ["week", "week_end", "planned_percent"]


class ProgressHistorySerializer(serializers.ModelSerializer):
    physical_percent = serializers.DecimalField(max_digits=5, decimal_places=2, help_text=PERCENT_HELP)
    financial_percent = serializers.DecimalField(max_digits=5, decimal_places=2, help_text=PERCENT_HELP)

    class Meta:
        model = ProgressUpdate
        fields = ["date", "physical_percent", "financial_percent"]


class ChecklistSerializer(serializers.ModelSerializer):
    class Meta:
        model = MonitoringReport
        fields = ["signboard_present", "workers_present", "materials_as_specified", "work_matches_plan", "site_safe"]


class ReportSummarySerializer(serializers.ModelSerializer):
    village = VillageSerializer(help_text=_("The village government that made the visit."))
    observed_progress = serializers.DecimalField(
        max_digits=5, decimal_places=2, help_text=_("Physical progress the visitors saw, percent from 0 to 100.")
    )
    checklist = ChecklistSerializer(source="*")

    class Meta:
        model = MonitoringReport
        fields = ["id", "visit_date", "village", "observed_progress", "checklist"]


class ResponseSerializer(serializers.ModelSerializer):
    action_label = serializers.CharField(
        source="get_action_display", help_text=_("Action name in the request language.")
    )
    created_at = serializers.DateTimeField(help_text=_("When the agency answered."))

    class Meta:
        model = Response
        fields = ["action", "action_label", "message", "created_at"]


class FindingSerializer(serializers.ModelSerializer):
    severity_label = serializers.CharField(
        source="get_severity_display", help_text=_("Severity in the request language.")
    )
    state_label = serializers.CharField(source="get_state_display", help_text=_("State in the request language."))
    report_id = serializers.IntegerField(help_text=_("The report in which the village raised the finding."))
    responses = ResponseSerializer(many=True, help_text=_("The agency's follow-up (tindak lanjut), oldest first."))

    class Meta:
        model = Finding
        fields = [
            "id",
            "report_id",
            "description",
            "severity",
            "severity_label",
            "state",
            "state_label",
            "created_at",
            "closed_at",
            "responses",
        ]


class AmendmentSerializer(serializers.ModelSerializer):
    value_before = serializers.DecimalField(
        max_digits=18, decimal_places=2, allow_null=True, help_text=_("Contract value before, in rupiah.")
    )
    value_after = serializers.DecimalField(
        max_digits=18, decimal_places=2, allow_null=True, help_text=_("Contract value after, in rupiah.")
    )

    class Meta:
        model = ContractAmendment
        fields = ["number", "date", "kind", "value_before", "value_after", "end_before", "end_after", "description"]


class ProjectDetailSerializer(ProjectSerializer):
    schedule = ScheduleEntrySerializer(many=True, help_text=_("The planned schedule (kurva S), week by week."))
    progress_history = ProgressHistorySerializer(
        many=True, source="history", help_text=_("Progress the agency reported, oldest first.")
    )
    reports = ReportSummarySerializer(
        many=True, source="public_reports", help_text=_("Village monitoring visits, oldest first.")
    )
    findings = FindingSerializer(many=True, source="public_findings", help_text=_("Findings (temuan), oldest first."))
    amendments = AmendmentSerializer(
        many=True, source="amendment_history", help_text=_("Contract amendments (adendum), oldest first.")
    )

    class Meta(ProjectSerializer.Meta):
        fields = [*ProjectSerializer.Meta.fields, "schedule", "progress_history", "reports", "findings", "amendments"]


class RegionNodeSerializer(serializers.ModelSerializer):
    latitude = serializers.DecimalField(max_digits=9, decimal_places=6, allow_null=True, help_text=DEGREES_HELP)
    longitude = serializers.DecimalField(max_digits=9, decimal_places=6, allow_null=True, help_text=DEGREES_HELP)

    class Meta:
        model = Region
        fields = ["code", "name", "level", "kind", "latitude", "longitude"]


class DistrictNodeSerializer(RegionNodeSerializer):
    children = RegionNodeSerializer(many=True, source="tree_children", help_text=_("Desa and kelurahan."))

    class Meta(RegionNodeSerializer.Meta):
        fields = [*RegionNodeSerializer.Meta.fields, "children"]


class RegionTreeSerializer(RegionNodeSerializer):
    children = DistrictNodeSerializer(many=True, source="tree_children", help_text=_("Kecamatan with their villages."))

    class Meta(RegionNodeSerializer.Meta):
        fields = [*RegionNodeSerializer.Meta.fields, "children"]


class RegionDetailSerializer(RegionNodeSerializer):
    parent = RegionReferenceSerializer(allow_null=True, help_text=_("The region one level up, or null for a province."))
    boundary = serializers.SerializerMethodField()
    children = RegionNodeSerializer(many=True, source="tree_children", help_text=_("Active regions one level down."))

    class Meta(RegionNodeSerializer.Meta):
        fields = [*RegionNodeSerializer.Meta.fields, "is_active", "parent", "boundary", "children"]

    @extend_schema_field(GEOMETRY_SCHEMA)
    def get_boundary(self, region: Region) -> dict[str, Any] | None:
        return region.boundary


class CitizenPhotoSerializer(serializers.ModelSerializer):
    thumbnail_url = serializers.SerializerMethodField(help_text=_("Small JPEG copy without EXIF metadata."))
    web_url = serializers.SerializerMethodField(help_text=_("Screen-sized JPEG copy without EXIF metadata."))

    class Meta:
        model = CitizenPhoto
        fields = ["id", "thumbnail_url", "web_url"]

    def _url(self, photo: CitizenPhoto, variant: str) -> str:
        url = reverse("citizen:photo_file", kwargs={"photo_id": photo.pk, "variant": variant})
        return _absolute(self.context.get("request"), url)

    @extend_schema_field(OpenApiTypes.URI)
    def get_thumbnail_url(self, photo: CitizenPhoto) -> str:
        return self._url(photo, "thumb")

    @extend_schema_field(OpenApiTypes.URI)
    def get_web_url(self, photo: CitizenPhoto) -> str:
        return self._url(photo, "web")


class CitizenReportSerializer(serializers.ModelSerializer):
    """A published citizen report. The tracking code and the contact fields are never part of it."""

    category_label = serializers.CharField(
        source="get_category_display", help_text=_("Category in the request language.")
    )
    status_label = serializers.CharField(source="get_status_display", help_text=_("Status in the request language."))
    project_id = serializers.IntegerField(allow_null=True, help_text=_("The project the report is about, if any."))
    village = RegionReferenceSerializer(allow_null=True, help_text=_("The desa that moderates the report."))
    location = serializers.SerializerMethodField()
    answered_by = serializers.SerializerMethodField(help_text=_("The OPD or village that answered, or null."))
    photos = CitizenPhotoSerializer(many=True)

    class Meta:
        model = CitizenReport
        fields = [
            "id",
            "category",
            "category_label",
            "description",
            "project_id",
            "village",
            "location",
            "location_description",
            "status",
            "status_label",
            "created_at",
            "published_at",
            "answer",
            "answered_by",
            "answered_at",
            "photos",
        ]

    @extend_schema_field(POINT_SCHEMA)
    def get_location(self, report: CitizenReport) -> dict[str, Any] | None:
        if report.latitude is None or report.longitude is None:
            return None
        return {"type": "Point", "coordinates": [float(report.longitude), float(report.latitude)]}

    @extend_schema_field(OpenApiTypes.STR)
    def get_answered_by(self, report: CitizenReport) -> str | None:
        if report.answered_by_agency_id:
            return report.answered_by_agency.short_name
        if report.answered_by_village_id:
            return report.answered_by_village.display_name
        return None


class AgencyDetailSerializer(serializers.ModelSerializer):
    portal_url = serializers.SerializerMethodField(help_text=_("The agency's page on the public portal."))

    class Meta:
        model = Agency
        fields = ["id", "short_name", "name", "portal_url"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_portal_url(self, agency: Agency) -> str:
        return _absolute(self.context.get("request"), reverse("portal:agency_detail", args=[agency.pk]))


class StatusCountSerializer(serializers.Serializer):
    status = serializers.CharField(help_text=_("Early-warning status code."))
    label = serializers.CharField(help_text=_("Status name in the request language."))
    count = serializers.IntegerField()


class SummarySerializer(serializers.Serializer):
    """The headline figures the portal shows for a filter (home, desa, kecamatan and OPD pages)."""

    projects = serializers.IntegerField(help_text=_("Number of projects."))
    contract_value = serializers.DecimalField(max_digits=20, decimal_places=2, allow_null=True, help_text=RUPIAH_HELP)
    budget_ceiling = serializers.DecimalField(max_digits=20, decimal_places=2, allow_null=True, help_text=RUPIAH_HELP)
    average_physical_progress = serializers.DecimalField(
        max_digits=5, decimal_places=2, allow_null=True, help_text=PERCENT_HELP
    )
    findings_total = serializers.IntegerField(help_text=_("Findings of reports that were not withdrawn."))
    findings_open = serializers.IntegerField(help_text=_("Of those, findings still open or answered."))
    citizen_reports = serializers.IntegerField(help_text=_("Published citizen reports on these projects."))
    statuses = StatusCountSerializer(many=True, help_text=_("Projects per early-warning status."))
