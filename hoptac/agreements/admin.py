"""Admin for agreements, their parties, commitments and deliveries."""

from collections.abc import Mapping
from typing import Any

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from hoptac.agreements.commitments import (
    create_commitment,
    record_delivery,
    update_commitment,
    update_delivery,
)
from hoptac.agreements.models import (
    Agreement,
    AgreementFile,
    AgreementParty,
    Commitment,
    CooperationField,
    Delivery,
)
from hoptac.agreements.services import create_agreement, update_agreement
from hoptac.core.admin import RecordAdmin
from hoptac.core.validation import as_uuid


def _create_commitment(data: Mapping[str, Any], *, rights: Any = None) -> Commitment:
    """A commitment made in its own admin page: under the agreement chosen in the form."""
    uid = as_uuid(data.get("agreement"))
    agreement = Agreement.objects.filter(uid=uid).first() if uid else None
    if agreement is None:
        raise ValidationError({"agreement": [_("choose the agreement this commitment is under")]})
    return create_commitment(agreement, data, rights=rights)


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
    create = staticmethod(create_agreement)
    update = staticmethod(update_agreement)
    parts = {AgreementParty: ("parties", ("place", "body", "signatory", "signatory_title"))}
    children = {Commitment: (create_commitment, update_commitment)}


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
    create = staticmethod(_create_commitment)
    update = staticmethod(update_commitment)
    children = {Delivery: (record_delivery, update_delivery)}


@admin.register(CooperationField)
class CooperationFieldAdmin(admin.ModelAdmin):
    list_display = ["code", "name_vi", "name_en", "position"]
    search_fields = ["code", "name_vi", "name_en"]
