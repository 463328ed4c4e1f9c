from django.urls import path

from bbo import views

app_name = "bbo"

urlpatterns = [
    path("", views.ranking, name="ranking"),
    path("desa/<int:village_id>/", views.village_detail, name="village_detail"),
    path("periode/<int:period_id>/hitung/", views.refresh, name="refresh"),
    path(
        "periode/<int:period_id>/desa/<int:village_id>/indikator/<int:indicator_id>/",
        views.score_entry,
        name="score_entry",
    ),
    path("periode/<int:period_id>/desa/<int:village_id>/piagam.pdf", views.certificate, name="certificate"),
]
