from django.urls import path

from citizen import views

app_name = "citizen"

urlpatterns = [
    path("", views.report_create, name="report_create"),
    path("lacak/", views.track, name="track"),
    path("lacak/<str:code>/", views.track_detail, name="track_detail"),
    path("warga/", views.public_list, name="public_list"),
    path("foto/<int:photo_id>/<str:variant>/", views.photo_file, name="photo_file"),
    path("moderasi/", views.moderation_queue, name="moderation_queue"),
    path("moderasi/<int:report_id>/", views.moderation_detail, name="moderation_detail"),
]
