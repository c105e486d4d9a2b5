"""Admin for memberships, API tokens, the audit log and deleted records."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from hoptac.accounts.deletion import RECORD_LABELS, delete_record
from hoptac.accounts.models import ApiToken, AuditEvent, Membership, Tombstone


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
            if obj._meta.label_lower in RECORD_LABELS:
                delete_record(obj, request.user)
            else:
                obj.delete()  # a part of the parent (a party, a file, a title): its history keeps it
        for obj in instances:
            obj.save()
        formset.save_m2m()


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "role", "note", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__username", "note", "places__code", "places__name_vi"]
    autocomplete_fields = ["user", "places", "agreements"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = [
        "prefix",
        "user",
        "scope",
        "name",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked_at",
    ]
    list_filter = ["scope"]
    search_fields = ["prefix", "user__username", "name"]
    readonly_fields = ["prefix", "digest", "user", "created_at", "last_used_at"]
    actions = ["revoke"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # The secret is shown once by `hoptac token create` or the API; the admin never sees it.
        return False

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request: HttpRequest, queryset: Any) -> None:
        from hoptac.accounts.tokens import revoke_token

        for token in queryset.filter(revoked_at__isnull=True):
            revoke_token(token, user=request.user)
        self.message_user(request, _("Tokens revoked."), messages.SUCCESS)


class ReadOnlyAdmin(admin.ModelAdmin):
    """The audit trail is written by the services, never by hand."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "username", "action", "record_type", "record_uid", "summary"]
    list_filter = ["action", "record_type"]
    search_fields = ["username", "record_uid", "summary"]
    date_hierarchy = "at"


@admin.register(Tombstone)
class TombstoneAdmin(ReadOnlyAdmin):
    list_display = ["deleted_at", "record_type", "summary", "deleted_by", "restored_at"]
    list_filter = ["record_type"]
    search_fields = ["record_uid", "summary"]
    actions = ["undo"]

    @admin.action(description=_("Undo the deletion of the selected records"))
    def undo(self, request: HttpRequest, queryset: Any) -> None:
        from django.core.exceptions import ValidationError

        from hoptac.accounts.deletion import undo_delete

        for tombstone in queryset.filter(restored_at__isnull=True):
            try:
                undo_delete(tombstone, request.user)
            except ValidationError as exc:
                self.message_user(request, f"{tombstone}: {'; '.join(exc.messages)}", messages.ERROR)
            else:
                self.message_user(request, _("Restored: %s") % tombstone, messages.SUCCESS)
