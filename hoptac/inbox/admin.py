"""Admin for news sources (pause, change the interval, clear a failure) and fetched pages."""

from django.contrib import admin

from hoptac.inbox.models import FetchedDocument, NewsSource


@admin.register(NewsSource)
class NewsSourceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "province", "interval_minutes", "active", "last_status", "last_polled_at"]
    list_filter = ["kind", "active", "last_status"]
    search_fields = ["name", "url"]
    readonly_fields = ["last_polled_at", "last_error", "failures", "etag", "last_modified", "created_at"]


@admin.register(FetchedDocument)
class FetchedDocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "url", "status", "relevant", "hidden", "fetched_at"]
    list_filter = ["status", "relevant", "hidden"]
    search_fields = ["title", "url"]
    readonly_fields = ["checksum", "fetched_at", "record", "stored_source"]
