"""Admin for people and their titles."""

from collections.abc import Mapping
from typing import Any

from django.contrib import admin

from hoptac.core.admin import RecordAdmin
from hoptac.people.models import Person, Title
from hoptac.people.services import create_person, update_person


def _create(data: Mapping[str, Any], *, rights: Any = None) -> Person:
    return create_person(data)  # any signed-in user sees people; the admin site is for administrators


def _update(person: Person, data: Mapping[str, Any], *, rights: Any = None) -> Person:
    return update_person(person, data)


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
    create = staticmethod(_create)
    update = staticmethod(_update)
    parts = {Title: ("titles", ("title", "place", "start", "end"))}
