from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from api import views
from portal.caching import cache_public_response


def cached(view_class):
    # Public responses are the same for everyone, so they are cached until the data behind them changes.
    return cache_public_response(view_class.as_view())


app_name = "api"

urlpatterns = [
    path("projects/", cached(views.ProjectListApi), name="project_list"),
    path("projects/summary/", cached(views.SummaryApi), name="project_summary"),
    path("projects/oc4ids/", cached(views.Oc4idsApi), name="project_oc4ids"),
    path("projects/<int:pk>/", cached(views.ProjectDetailApi), name="project_detail"),
    path("citizen-reports/", cached(views.CitizenReportListApi), name="citizen_report_list"),
    path("citizen-reports/<int:pk>/", cached(views.CitizenReportDetailApi), name="citizen_report_detail"),
    path("agencies/", cached(views.AgencyListApi), name="agency_list"),
    path("regions/", cached(views.RegionTreeApi), name="region_tree"),
    path("regions/<str:code>/", cached(views.RegionDetailApi), name="region_detail"),
    path("schema/", cached(SpectacularAPIView), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
]
