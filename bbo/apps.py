from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BboConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "bbo"
    verbose_name = _("Bangkit Berdaya Online (village performance)")
