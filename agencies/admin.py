from django.contrib import admin

from agencies.models import Agency


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["short_name", "name", "head_name", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["short_name", "name", "head_name"]
    raw_id_fields = ["regency"]
