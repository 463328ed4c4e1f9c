from django.contrib import admin

from projects.models import ContractAmendment, Contractor, ProgressUpdate, Project, ScheduleEntry


class ScheduleInline(admin.TabularInline):
    model = ScheduleEntry
    extra = 0


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["name", "fiscal_year", "agency", "status", "physical_progress", "contract_value"]
    list_filter = ["fiscal_year", "agency", "status", "sector", "funding_source"]
    search_fields = ["name", "contract_number", "contractor__name"]
    raw_id_fields = ["contractor"]
    filter_horizontal = ["villages"]
    inlines = [ScheduleInline]


@admin.register(Contractor)
class ContractorAdmin(admin.ModelAdmin):
    list_display = ["name", "npwp"]
    search_fields = ["name", "npwp"]


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(admin.ModelAdmin):
    list_display = ["project", "date", "physical_percent", "financial_percent", "created_by"]
    raw_id_fields = ["project", "created_by"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ContractAmendment)
class ContractAmendmentAdmin(admin.ModelAdmin):
    list_display = ["project", "number", "date", "kind", "value_after", "end_after"]
    list_filter = ["kind"]
    search_fields = ["number", "project__name"]
    raw_id_fields = ["project", "created_by"]

    def has_delete_permission(self, request, obj=None):
        return False
