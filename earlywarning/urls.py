from django.urls import path

from earlywarning import views

app_name = "earlywarning"

# Mounted under /proyek/ beside the projects app: these are screens of one project.
urlpatterns = [
    path("<int:project_id>/kurva-s/", views.schedule_edit, name="schedule_edit"),
    path("<int:project_id>/kurva-s.svg", views.kurva_s_file, name="kurva_s_file"),
    path("<int:project_id>/scm/baru/", views.meeting_create, name="meeting_create"),
    path("<int:project_id>/scm/<int:meeting_id>/hasil/", views.meeting_outcome, name="meeting_outcome"),
    path("<int:project_id>/keterlambatan/", views.delay_edit, name="delay_edit"),
]
