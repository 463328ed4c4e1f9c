from django.urls import path

from portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("proyek-publik/<int:project_id>/", views.project_detail, name="project_detail"),
]
