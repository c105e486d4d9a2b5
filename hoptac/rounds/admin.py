"""Admin for reporting units, rounds and submissions (with their history)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from hoptac.rounds.models import ReportingUnit, Round, Submission


@admin.register(ReportingUnit)
class ReportingUnitAdmin(SimpleHistoryAdmin):
    list_display = ["name", "province"]
    list_filter = ["province"]
    search_fields = ["name"]
    filter_horizontal = ["contributors"]
    readonly_fields = ["uid", "created_at", "updated_at"]


@admin.register(Round)
class RoundAdmin(SimpleHistoryAdmin):
    list_display = ["name", "period_start", "period_end", "deadline", "status"]
    list_filter = ["status"]
    search_fields = ["name"]
    # Status and closing go through the services (figures and locks follow them), never the admin.
    readonly_fields = ["uid", "status", "closed_at", "created_at", "updated_at"]


@admin.register(Submission)
class SubmissionAdmin(SimpleHistoryAdmin):
    list_display = ["round", "unit", "metric", "value", "state"]
    list_filter = ["state", "round"]
    readonly_fields = ["round", "unit", "metric", "value", "state", "figure", "comment"]
