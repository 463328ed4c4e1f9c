from django.contrib import admin

from monitoring.models import Finding, FindingReview, MonitoringReport, Response


class NoDeleteAdmin(admin.ModelAdmin):
    """Nothing a village submits is ever deleted, not even by an administrator."""

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(MonitoringReport)
class MonitoringReportAdmin(NoDeleteAdmin):
    list_display = ["project", "village", "visit_date", "observed_progress", "status"]
    list_filter = ["status", "village"]
    raw_id_fields = ["project", "village", "reporter"]


@admin.register(Finding)
class FindingAdmin(NoDeleteAdmin):
    list_display = ["description", "project", "agency", "severity", "state", "created_at"]
    list_filter = ["state", "severity", "agency"]
    raw_id_fields = ["report", "project"]


@admin.register(Response)
class ResponseAdmin(NoDeleteAdmin):
    list_display = ["finding", "agency", "action", "created_at"]
    raw_id_fields = ["finding", "author"]


@admin.register(FindingReview)
class FindingReviewAdmin(NoDeleteAdmin):
    list_display = ["finding", "kind", "author", "created_at"]
    list_filter = ["kind"]
    raw_id_fields = ["finding", "author"]
