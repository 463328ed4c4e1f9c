from django.contrib import admin

from bbo.models import Evaluator, Indicator, Period, Score, VillageHead


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "weight", "is_active", "order"]
    list_editable = ["weight", "is_active", "order"]


@admin.register(Period)
class PeriodAdmin(admin.ModelAdmin):
    list_display = ["name", "start_date", "end_date"]


@admin.register(VillageHead)
class VillageHeadAdmin(admin.ModelAdmin):
    list_display = ["name", "title", "village", "term_start", "term_end"]
    search_fields = ["name", "village__name"]
    raw_id_fields = ["village"]


@admin.register(Evaluator)
class EvaluatorAdmin(admin.ModelAdmin):
    list_display = ["user", "district"]
    raw_id_fields = ["user", "district"]


@admin.register(Score)
class ScoreAdmin(admin.ModelAdmin):
    # Read-only here: manual scores go through the evaluators' form so every change is audited.
    list_display = ["period", "village", "indicator", "value", "evaluator", "updated_at"]
    list_filter = ["period", "indicator"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
