from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("bulanan/", views.monthly, name="monthly"),
    path("bulanan/unduh.pdf", views.monthly_pdf, name="monthly_pdf"),
    path("bulanan/unduh.xlsx", views.monthly_xlsx, name="monthly_xlsx"),
]
