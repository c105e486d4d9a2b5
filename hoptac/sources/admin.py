"""Admin for sources and provenance."""

from collections.abc import Mapping
from typing import Any

from django.contrib import admin

from hoptac.core.admin import RecordAdmin
from hoptac.sources.models import Provenance, Source
from hoptac.sources.services import create_source, update_source


def _create(data: Mapping[str, Any], *, rights: Any = None) -> Source:
    return create_source(data)


def _update(source: Source, data: Mapping[str, Any], *, rights: Any = None) -> Source:
    return update_source(source, data)


@admin.register(Source)
class SourceAdmin(RecordAdmin):
    list_display = ["title", "published", "url"]
    search_fields = ["title", "url", "checksum"]
    readonly_fields = ["uid", "checksum", "created_at", "updated_at"]
    create = staticmethod(_create)
    update = staticmethod(_update)


@admin.register(Provenance)
class ProvenanceAdmin(admin.ModelAdmin):
    list_display = ["source", "content_type", "object_id", "start", "end"]
    list_filter = ["content_type"]
    search_fields = ["quote", "source__title"]
    raw_id_fields = ["source"]
