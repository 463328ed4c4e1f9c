from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from api import views

app_name = "api"

urlpatterns = [
    path("projects/", views.ProjectListApi.as_view(), name="project_list"),
    path("projects/<int:pk>/", views.ProjectDetailApi.as_view(), name="project_detail"),
    path("regions/", views.RegionTreeApi.as_view(), name="region_tree"),
    path("regions/<str:code>/", views.RegionDetailApi.as_view(), name="region_detail"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
]
