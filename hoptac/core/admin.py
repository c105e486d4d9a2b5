"""The admin base of every registry record: saves and deletes go through the domain services.

The admin is one more way in, so it takes the one write path the pages, the API, ingest and imports take:
the service validates (a refusal is shown with the service's own message and nothing is written),
checks the user's rights on the result, keeps derived data (activities' place bounds) and versions;
simple-history records the actor from the request; deletes are the audited soft delete.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, ClassVar

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin

from hoptac.core.permissions import delete_record, rights_of
from hoptac.core.records import RECORD_LABELS

LOWER_LABELS = frozenset(label.lower() for label in RECORD_LABELS.values())

# create(data, rights=) → record; update(record, data, rights=) → record
Create = Callable[..., Any]
Update = Callable[..., Any]
# An inline of records under the parent (commitments of an agreement): create(parent, data, rights=), update
Child = tuple[Callable[..., Any], Callable[..., Any]]


def as_data(value: Any) -> Any:
    """A form value as the services take it: records by public id (places, vocabularies by code)."""
    if isinstance(value, models.Model):
        for name in ("uid", "code"):
            if hasattr(value, name):
                return str(getattr(value, name))
        return value.pk
    if isinstance(value, list | tuple | models.QuerySet):
        return [as_data(v) for v in value]
    if value is not None and type(value).__name__ == "PartialDate":
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _plain(value: Any) -> Any:
    # The services store "" for an empty text and trim it; the form may give None or spaces.
    return "" if value is None else value.strip() if isinstance(value, str) else value


def refusal(error: ValidationError) -> str:
    """The service's message, field by field."""
    if hasattr(error, "error_dict"):
        return "; ".join(f"{field}: {' '.join(texts)}" for field, texts in error.message_dict.items())
    return "; ".join(error.messages)


class RecordAdmin(SimpleHistoryAdmin):
    """Admin of a registry record. Subclasses name their services: `create`/`update` (the record),
    `parts` (inlines that are part of the record, as the service's list key and the row fields) and
    `children` (inlines of records under it, with their own services)."""

    create: ClassVar[Create | None] = None
    update: ClassVar[Update | None] = None
    parts: ClassVar[Mapping[type[models.Model], tuple[str, tuple[str, ...]]]] = {}
    children: ClassVar[Mapping[type[models.Model], Child]] = {}
    # Fields the service does not take (read-only stamps, derived text).
    skipped: ClassVar[frozenset[str]] = frozenset({"uid", "created_at", "updated_at", "folded", "checksum"})

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: Any = None,
    ) -> HttpResponse:
        try:
            with transaction.atomic():
                return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as error:
            # Refused by the service: nothing was written (the savepoint rolled back); say why.
            self.message_user(
                request, _("Not saved: %(reason)s") % {"reason": refusal(error)}, messages.ERROR
            )
            return HttpResponseRedirect(request.get_full_path())

    def _service(self, name: str) -> Any:
        # Subclasses store the services as staticmethods; read from the class, they are plain functions.
        return getattr(type(self), name, None)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if self._service("create") is None:
            super().save_model(request, obj, form, change)
        # Otherwise saved in save_related, once the inline rows that are part of the record are known.

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        create, update = self._service("create"), self._service("update")
        if create is None or update is None:
            super().save_related(request, form, formsets, change)
            return
        fields = form.changed_data if change else list(form.cleaned_data)
        data = {k: as_data(form.cleaned_data[k]) for k in fields if k not in self.skipped}
        for formset in formsets:
            if formset.model in self.parts and (not change or formset.has_changed()):
                key, columns = self.parts[formset.model]
                data[key] = [
                    {c: as_data(row[c]) for c in columns if row.get(c) not in (None, "")}
                    for row in formset.cleaned_data
                    if row and not row.get("DELETE")
                ]
        rights = rights_of(request.user)
        if change:
            # The form already put its values on the instance: the service works from the stored record.
            record = update(
                type(form.instance)._default_manager.get(pk=form.instance.pk), data, rights=rights
            )
        else:
            record = create(data, rights=rights)
        ignored = [
            k
            for k, v in data.items()
            if not isinstance(v, list) and _plain(as_data(getattr(record, k, None))) != _plain(v)
        ]
        if ignored:
            # A field the service does not take would be lost without a word: refuse instead.
            raise ValidationError({k: [_("this field is not changed from the admin")] for k in ignored})
        # The admin goes on with its own instance (change message, log entry, redirect): make it the saved one.
        form.instance.__dict__.update({k: v for k, v in record.__dict__.items() if k != "_state"})
        form.instance._state.adding, form.instance._state.db = False, record._state.db
        for formset in formsets:
            if formset.model not in self.parts:
                formset.instance = form.instance
                self.save_formset(request, form, formset, change=change)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        if formset.model in self.children:
            self._save_children(request, form.instance, formset)
            return
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            if obj._meta.label_lower in LOWER_LABELS:
                delete_record(obj, request.user)
            else:
                obj.delete()  # a part of the parent (a party, a file, a title): its history keeps it
        for obj in instances:
            obj.save()
        formset.save_m2m()

    def _save_children(self, request: HttpRequest, parent: Any, formset: Any) -> None:
        create, update = self.children[formset.model]
        rights = rights_of(request.user)
        for row in formset.forms:
            if not row.has_changed() or not hasattr(row, "cleaned_data"):
                continue
            if formset.can_delete and formset._should_delete_form(row):
                if row.instance.pk:
                    delete_record(row.instance, request.user)
                continue
            skip = {*self.skipped, "id", "DELETE", formset.fk.name}
            data = {k: as_data(row.cleaned_data[k]) for k in row.changed_data if k not in skip}
            if row.instance.pk:
                stored = type(row.instance)._default_manager.get(pk=row.instance.pk)
                update(stored, data, rights=rights)
            else:
                create(parent, data, rights=rights)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        delete_record(obj, request.user)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            delete_record(obj, request.user)
