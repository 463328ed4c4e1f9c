from django.urls import path

from evidence import views

app_name = "evidence"

urlpatterns = [
    path("<int:photo_id>/pembanding/", views.photo_compare, name="photo_compare"),
    path("<int:photo_id>/<str:variant>/", views.photo_file, name="photo_file"),
]
