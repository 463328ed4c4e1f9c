from django.urls import path

from dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("proyek/", views.project_list, name="project_list"),
    path("temuan/", views.finding_list, name="finding_list"),
    path("peta/titik.json", views.map_points, name="map_points"),
    path("peta/batas.json", views.boundaries, name="boundaries"),
    path("kontraktor/", views.contractor_list, name="contractor_list"),
    path("kontraktor/<int:contractor_id>/", views.contractor_detail, name="contractor_detail"),
]
