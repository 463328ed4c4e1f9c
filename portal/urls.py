from django.urls import path

from portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("peta.json", views.map_data, name="map_data"),
    path("proyek-publik/", views.search, name="search"),
    path("proyek-publik/<int:project_id>/", views.project_detail, name="project_detail"),
    path("wilayah/<str:code>/", views.region_detail, name="region_detail"),
    path("opd/<int:agency_id>/", views.agency_detail, name="agency_detail"),
]
