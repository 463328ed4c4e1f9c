"""Public, read-only endpoints: projects and the region tree. No sign-in is required."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response

from agencies.models import Agency
from api import selectors
from api.filters import CitizenReportFilter, ProjectFilter, StableOrderingFilter
from api.serializers import (
    AgencyDetailSerializer,
    CitizenReportSerializer,
    ProjectDetailSerializer,
    ProjectSerializer,
    RegionDetailSerializer,
    RegionTreeSerializer,
    SummarySerializer,
)
from citizen.models import CitizenReport
from opendata import oc4ids
from projects.models import Project
from regions.models import Region


class ProjectPagination(PageNumberPagination):
    # The list's schema description states these two numbers.
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    page_query_description = _("Page number, starting at 1.")
    page_size_query_description = _("Projects per page: 50 unless set, at most 200.")


@extend_schema(
    tags=["projects"],
    summary=_("List projects"),
    description=_(
        "Projects of the kabupaten's agencies (OPD), newest fiscal year first, 50 per page unless page_size "
        "sets another size (at most 200). Amounts are rupiah and progress values percent from 0 to 100, both as "
        "decimal strings."
    ),
)
class ProjectListApi(generics.ListAPIView):
    serializer_class = ProjectSerializer
    pagination_class = ProjectPagination
    filter_backends = [DjangoFilterBackend, StableOrderingFilter]
    filterset_class = ProjectFilter
    ordering_fields = [
        "id",
        "fiscal_year",
        "name",
        "budget_ceiling",
        "contract_value",
        "start_date",
        "planned_end_date",
        "physical_progress",
        "financial_progress",
        "progress_date",
    ]
    ordering = [*Project._meta.ordering, "id"]

    def get_queryset(self):
        return selectors.public_projects()


@extend_schema(
    tags=["projects"],
    summary=_("Project detail"),
    description=_(
        "One project with its planned schedule (kurva S), progress history, village monitoring visits and "
        "findings (temuan) with the agency's follow-up."
    ),
    responses={200: ProjectDetailSerializer, 404: OpenApiResponse(description=_("No such project."))},
)
class ProjectDetailApi(generics.RetrieveAPIView):
    serializer_class = ProjectDetailSerializer

    def get_object(self) -> Project:
        project_id = self.kwargs["pk"]
        try:
            return selectors.public_project_details().get(pk=project_id)
        except Project.DoesNotExist:
            raise NotFound(_("No project has the id %(id)s.") % {"id": project_id}) from None


class RegionTreeApi(generics.GenericAPIView):
    serializer_class = RegionTreeSerializer
    pagination_class = None

    @extend_schema(
        tags=["regions"],
        operation_id="regions_tree",
        summary=_("Region tree"),
        description=_(
            "The kabupaten with its active kecamatan and their desa/kelurahan, by Kemendagri code. Boundaries are "
            "left out here: fetch one region for its boundary."
        ),
        responses={200: RegionTreeSerializer, 404: OpenApiResponse(description=_("The regions were not imported."))},
    )
    def get(self, request: Request) -> Response:
        regency = selectors.regency_tree()
        if regency is None:
            raise NotFound(
                _("Region %(code)s is not in the database: run manage.py import_regions.")
                % {"code": settings.SIMPOR_REGENCY_CODE}
            )
        return Response(self.get_serializer(regency).data)


@extend_schema(
    tags=["regions"],
    summary=_("One region"),
    description=_("One region by Kemendagri code, with its boundary as GeoJSON and its active children."),
    responses={200: RegionDetailSerializer, 404: OpenApiResponse(description=_("No region has this code."))},
)
class RegionDetailApi(generics.RetrieveAPIView):
    serializer_class = RegionDetailSerializer
    lookup_field = "code"
    pagination_class = None

    def get_object(self) -> Region:
        code = self.kwargs["code"]
        try:
            region = Region.objects.select_related("parent").get(code=code)
        except Region.DoesNotExist:
            raise NotFound(_("No region has the code %(code)s.") % {"code": code}) from None
        region.tree_children = selectors.active_children(region)
        return region


class CitizenReportPagination(ProjectPagination):
    page_size_query_description = _("Reports per page: 50 unless set, at most 200.")


@extend_schema(
    tags=["citizen reports"],
    summary=_("List published citizen reports"),
    description=_(
        "Citizen reports (laporan warga) that a village or OPD moderator published, newest first, with the public "
        "answer. Reports awaiting moderation or rejected are never listed; contact details never appear."
    ),
)
class CitizenReportListApi(generics.ListAPIView):
    serializer_class = CitizenReportSerializer
    pagination_class = CitizenReportPagination
    filter_backends = [DjangoFilterBackend]
    filterset_class = CitizenReportFilter

    def get_queryset(self):
        return selectors.public_citizen_reports()


@extend_schema(
    tags=["citizen reports"],
    summary=_("One published citizen report"),
    responses={200: CitizenReportSerializer, 404: OpenApiResponse(description=_("No published report has this id."))},
)
class CitizenReportDetailApi(generics.RetrieveAPIView):
    serializer_class = CitizenReportSerializer

    def get_object(self) -> CitizenReport:
        report_id = self.kwargs["pk"]
        try:
            return selectors.public_citizen_reports().get(pk=report_id)
        except CitizenReport.DoesNotExist:
            raise NotFound(_("No published citizen report has the id %(id)s.") % {"id": report_id}) from None


@extend_schema(
    tags=["agencies"],
    summary=_("List agencies (OPD)"),
    description=_(
        "The kabupaten's active agencies. Use the opd filter of the project list and summary for their projects."
    ),
)
class AgencyListApi(generics.ListAPIView):
    serializer_class = AgencyDetailSerializer
    pagination_class = ProjectPagination

    def get_queryset(self):
        return Agency.objects.filter(regency__code=settings.SIMPOR_REGENCY_CODE, is_active=True).order_by(
            "short_name", "pk"
        )


class SummaryApi(generics.GenericAPIView):
    serializer_class = SummarySerializer
    pagination_class = None
    filter_backends = [DjangoFilterBackend]
    filterset_class = ProjectFilter

    @extend_schema(
        tags=["projects"],
        operation_id="projects_summary",
        summary=_("Headline figures"),
        description=_(
            "The figures the portal shows for the projects that match the filters: count, contract value, budget, "
            "average physical progress, findings, published citizen reports and projects per early-warning status. "
            "With year and kecamatan, desa or opd these are the figures of that region's or OPD's page."
        ),
    )
    def get(self, request: Request) -> Response:
        projects = self.filter_queryset(selectors.public_projects_plain())
        return Response(self.get_serializer(selectors.summary(projects)).data)


class Oc4idsApi(generics.GenericAPIView):
    pagination_class = None
    filter_backends = [DjangoFilterBackend]
    filterset_class = ProjectFilter
    serializer_class = None

    @extend_schema(
        tags=["open data"],
        operation_id="projects_oc4ids",
        summary=_("Projects as an OC4IDS project package"),
        description=_(
            "The projects that match the filters as an Open Contracting for Infrastructure Data Standard (OC4IDS) 0.9 "
            "project package. The portal's downloads (/data/) offer the same as CSV and XLSX."
        ),
        responses={200: OpenApiResponse(response=OpenApiTypes.OBJECT, description=_("An OC4IDS project package."))},
    )
    def get(self, request: Request) -> Response:
        projects = self.filter_queryset(selectors.public_projects_plain())
        projects = oc4ids.export_queryset(projects).order_by("pk")[: settings.SIMPOR_API_OC4IDS_LIMIT]
        package = oc4ids.project_package(
            projects, absolute=request.build_absolute_uri, uri=request.build_absolute_uri()
        )
        return Response(package)
