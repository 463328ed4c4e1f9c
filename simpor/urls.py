from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("portal.urls")),
    path("akun/", include("accounts.urls")),
    path("proyek/", include("projects.urls")),
    path("proyek/", include("earlywarning.urls")),
    path("pantau/", include("monitoring.urls")),
    path("foto/", include("evidence.urls")),
    path("riwayat/", include("audit.urls")),
    path("impor/", include("imports.urls")),
    path("pimpinan/", include("dashboard.urls")),
    path("laporan/", include("reports.urls")),
    path("bbo/", include("bbo.urls")),
    path("notifikasi/", include("notifications.urls")),
    path("lapor/", include("citizen.urls")),
    path("data/", include("opendata.urls")),
    path("api/v1/", include("api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
