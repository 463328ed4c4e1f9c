from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "agency", "village", "is_active"]
    list_filter = ["role", "agency", "is_active"]
    raw_id_fields = ["village"]
    fieldsets = [
        *BaseUserAdmin.fieldsets,
        (_("SIMPOR role"), {"fields": ["role", "agency", "village", "position", "phone", "is_agency_head"]}),
    ]
    add_fieldsets = [
        *BaseUserAdmin.add_fieldsets,
        (_("SIMPOR role"), {"fields": ["role", "agency", "village", "position"]}),
    ]
