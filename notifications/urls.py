from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("<int:notification_id>/buka/", views.notification_open, name="open"),
    path("<int:notification_id>/dibaca/", views.notification_read, name="read"),
    path("semua-dibaca/", views.notification_read_all, name="read_all"),
]
