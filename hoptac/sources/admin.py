"""Admin for sources and provenance."""

from django.contrib import admin

from hoptac.core.admin import RecordAdmin
from hoptac.sources.models import Provenance, Source


@admin.register(Source)
class SourceAdmin(RecordAdmin):
    list_display = ["title", "published", "url"]
    search_fields = ["title", "url", "checksum"]
    readonly_fields = ["uid", "checksum", "created_at", "updated_at"]


@admin.register(Provenance)
class ProvenanceAdmin(admin.ModelAdmin):
    list_display = ["source", "content_type", "object_id", "start", "end"]
    list_filter = ["content_type"]
    search_fields = ["quote", "source__title"]
    raw_id_fields = ["source"]
