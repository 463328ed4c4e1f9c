from django.urls import path

from opendata import views

app_name = "opendata"

urlpatterns = [
    path("", views.about, name="about"),
    path("proyek.csv", views.projects_csv, name="projects_csv"),
    path("proyek.xlsx", views.projects_xlsx, name="projects_xlsx"),
    path("proyek-oc4ids.json", views.projects_oc4ids, name="projects_oc4ids"),
]
