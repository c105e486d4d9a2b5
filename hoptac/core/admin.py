"""The admin base of every registry record, so the domains' admins delete the audited way."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from hoptac.core.permissions import delete_record
from hoptac.core.records import RECORD_LABELS

LOWER_LABELS = frozenset(label.lower() for label in RECORD_LABELS.values())


class RecordAdmin(SimpleHistoryAdmin):
    """Admin of a registry record: deletes, one by one, in bulk or as inline rows, go through the one
    audited path (a tombstone to undo and an audit row), as on the pages and the API."""

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        delete_record(obj, request.user)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            delete_record(obj, request.user)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            if obj._meta.label_lower in LOWER_LABELS:
                delete_record(obj, request.user)
            else:
                obj.delete()  # a part of the parent (a party, a file, a title): its history keeps it
        for obj in instances:
            obj.save()
        formset.save_m2m()
