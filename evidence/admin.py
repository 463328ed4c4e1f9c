from django.contrib import admin

from evidence.models import Photo


@admin.register(Photo)
class PhotoAdmin(admin.ModelAdmin):
    list_display = ["id", "project", "content_type", "width", "height", "taken_at", "received_at"]
    raw_id_fields = ["project", "report", "progress_update", "response", "uploaded_by"]

    def has_delete_permission(self, request, obj=None):
        return False
