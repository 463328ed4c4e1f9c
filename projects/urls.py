from django.urls import path

from projects import views

app_name = "projects"

urlpatterns = [
    path("", views.agency_home, name="agency_home"),
    path("<int:project_id>/", views.project_detail, name="project_detail"),
    path("<int:project_id>/progres/baru/", views.progress_create, name="progress_create"),
    path("<int:project_id>/status/", views.status_update, name="status_update"),
    path("<int:project_id>/adendum/baru/", views.amendment_create, name="amendment_create"),
]
