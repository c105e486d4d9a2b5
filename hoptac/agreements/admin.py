"""Admin for agreements, their parties, commitments and deliveries."""

from django.contrib import admin

from hoptac.agreements.models import (
    Agreement,
    AgreementFile,
    AgreementParty,
    Commitment,
    CooperationField,
    Delivery,
)
from hoptac.core.admin import RecordAdmin


class PartyInline(admin.TabularInline):
    model = AgreementParty
    extra = 0
    autocomplete_fields = ["place", "signatory"]


class FileInline(admin.TabularInline):
    model = AgreementFile
    extra = 0


class CommitmentInline(admin.TabularInline):
    model = Commitment
    extra = 0
    fields = ["giver", "receiver", "quantity", "unit", "period_start", "period_end", "description"]
    autocomplete_fields = ["giver", "receiver"]


@admin.register(Agreement)
class AgreementAdmin(RecordAdmin):
    list_display = ["title", "kind", "signed_on", "period_start", "period_end", "confidential"]
    list_filter = ["kind", "confidential", "fields"]
    search_fields = ["title", "title_en", "notes", "parties__place__name_vi", "parties__place__code"]
    autocomplete_fields = ["signed_place", "predecessor"]
    filter_horizontal = ["fields"]
    readonly_fields = ["uid", "created_at", "updated_at"]
    inlines = [PartyInline, CommitmentInline, FileInline]


class DeliveryInline(admin.TabularInline):
    model = Delivery
    extra = 0
    autocomplete_fields = ["source"]


@admin.register(Commitment)
class CommitmentAdmin(RecordAdmin):
    list_display = ["__str__", "agreement", "quantity", "unit", "period_start", "period_end"]
    list_filter = ["unit"]
    search_fields = ["description", "agreement__title"]
    autocomplete_fields = ["agreement", "giver", "receiver"]
    readonly_fields = ["uid", "created_at", "updated_at"]
    inlines = [DeliveryInline]


@admin.register(CooperationField)
class CooperationFieldAdmin(admin.ModelAdmin):
    list_display = ["code", "name_vi", "name_en", "position"]
    search_fields = ["code", "name_vi", "name_en"]
