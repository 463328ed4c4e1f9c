from django.urls import path

from imports import views

app_name = "imports"

urlpatterns = [
    path("", views.project_import, name="project_import"),
    path("templat.<str:file_format>", views.template_download, name="template_download"),
]
