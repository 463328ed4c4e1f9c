from django.urls import path

from monitoring import views

app_name = "monitoring"

urlpatterns = [
    path("", views.village_home, name="village_home"),
    path("proyek/<int:project_id>/laporan-baru/", views.report_create, name="report_create"),
    path("laporan/<int:report_id>/", views.report_detail, name="report_detail"),
    path("laporan/<int:report_id>/tarik/", views.report_withdraw, name="report_withdraw"),
    path("temuan/", views.finding_list, name="finding_list"),
    path("temuan/<int:finding_id>/", views.finding_detail, name="finding_detail"),
    path("temuan/<int:finding_id>/tanggapi/", views.finding_respond, name="finding_respond"),
    path("temuan/<int:finding_id>/konfirmasi/", views.finding_confirm, name="finding_confirm"),
    path("temuan/<int:finding_id>/sanggah/", views.finding_contest, name="finding_contest"),
    path("temuan/<int:finding_id>/tutup/", views.finding_close_unfixed, name="finding_close_unfixed"),
]
