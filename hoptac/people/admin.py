"""Admin for people and their titles."""

from django.contrib import admin

from hoptac.core.admin import RecordAdmin
from hoptac.people.models import Person, Title


class TitleInline(admin.TabularInline):
    model = Title
    extra = 0
    autocomplete_fields = ["place"]


@admin.register(Person)
class PersonAdmin(RecordAdmin):
    list_display = ["name"]
    search_fields = ["name", "folded", "titles__title"]
    readonly_fields = ["uid", "created_at", "updated_at"]
    inlines = [TitleInline]
