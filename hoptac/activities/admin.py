"""Admin for activities."""

from django.contrib import admin

from hoptac.activities.models import Activity
from hoptac.activities.services import create_activity, update_activity
from hoptac.core.admin import RecordAdmin


@admin.register(Activity)
class ActivityAdmin(RecordAdmin):
    list_display = ["__str__", "kind", "date", "status", "place"]
    list_filter = ["kind", "status", "direction"]
    search_fields = ["title", "description"]
    autocomplete_fields = ["place", "parties", "agreements", "commitments", "head_of_delegation"]
    readonly_fields = ["uid", "created_at", "updated_at"]
    create = staticmethod(create_activity)
    update = staticmethod(update_activity)
