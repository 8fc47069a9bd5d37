from django.contrib import admin

from td2035.maturity.models import Assessment, DimensionScore, Instrument, RoadmapStep


@admin.register(Instrument)
class InstrumentAdmin(admin.ModelAdmin):
    list_display = ["instrument_id", "version", "loaded_at"]
    readonly_fields = ["instrument_id", "version", "data", "loaded_at"]


class DimensionScoreInline(admin.TabularInline):
    model = DimensionScore
    fields = ["dimension", "score", "completed_at"]
    readonly_fields = ["dimension", "score", "completed_at"]
    extra = 0
    can_delete = False


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = [
        "organization",
        "instrument",
        "version",
        "status",
        "overall",
        "band",
        "completed_at",
        "is_latest",
    ]
    list_filter = ["status", "band", "is_latest", "size", "is_demo"]
    raw_id_fields = ["organization", "created_by"]
    readonly_fields = ["answers", "overall", "band", "dimension_scores", "started_at", "completed_at"]
    inlines = [DimensionScoreInline]
    show_full_result_count = False


@admin.register(RoadmapStep)
class RoadmapStepAdmin(admin.ModelAdmin):
    list_display = ["title_es", "dimension", "order", "max_score", "is_active"]
    list_filter = ["dimension", "is_active"]
    list_editable = ["order", "max_score", "is_active"]
    search_fields = ["title_es", "title_en", "key"]
