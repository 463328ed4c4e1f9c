from django.contrib import admin

from earlywarning.models import DelayRecord, ProjectAssessment, ShowCauseMeeting


@admin.register(ProjectAssessment)
class ProjectAssessmentAdmin(admin.ModelAdmin):
    # Computed by earlywarning.services.assessment_refresh; an edit here would be overwritten by the next refresh.
    list_display = ["project", "status", "planned_percent", "actual_percent", "deviation", "as_of", "computed_at"]
    list_filter = ["status", "period_two", "stale", "paid_ahead", "discrepancy_flag"]
    search_fields = ["project__name"]
    list_select_related = ["project"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ShowCauseMeeting)
class ShowCauseMeetingAdmin(admin.ModelAdmin):
    # Recorded through earlywarning.services so the stage order is kept and every change is audited.
    list_display = ["project", "stage", "date", "target_percent", "test_period_end", "outcome"]
    list_filter = ["stage", "outcome"]
    search_fields = ["project__name"]
    list_select_related = ["project"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(DelayRecord)
class DelayRecordAdmin(admin.ModelAdmin):
    list_display = ["project", "cause", "extension_days", "updated_at"]
    list_filter = ["cause"]
    search_fields = ["project__name"]
    list_select_related = ["project"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
