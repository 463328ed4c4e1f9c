from django.urls import path

from projects import views

app_name = "projects"

urlpatterns = [
    path("", views.agency_home, name="agency_home"),
]
