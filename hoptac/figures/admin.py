"""Admin for figures and metrics."""

from django.contrib import admin

from hoptac.core.admin import RecordAdmin
from hoptac.figures.models import Figure, Metric
from hoptac.figures.services import create_figure, update_figure


@admin.register(Figure)
class FigureAdmin(RecordAdmin):
    list_display = ["metric", "value", "unit", "period_start", "period_end", "agreement"]
    list_filter = ["metric", "unit"]
    search_fields = ["note", "metric__name_vi", "agreement__title"]
    autocomplete_fields = ["scope", "agreement", "activity"]
    readonly_fields = ["uid", "created_at", "updated_at"]
    create = staticmethod(create_figure)
    update = staticmethod(update_figure)


@admin.register(Metric)
class MetricAdmin(admin.ModelAdmin):
    list_display = ["code", "name_vi", "name_en", "default_unit"]
    search_fields = ["code", "name_vi", "name_en"]
