from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from hoptac.places.models import Place, PlaceAlias, PlaceLineage


class PlaceAliasInline(admin.TabularInline):
    model = PlaceAlias
    extra = 0
    fields = ("name", "language", "kind", "valid_to", "folded")
    readonly_fields = ("folded",)
    verbose_name = _("alias")
    verbose_name_plural = _("aliases")


class SuccessionInline(admin.TabularInline):
    model = PlaceLineage
    fk_name = "predecessor"
    extra = 0
    autocomplete_fields = ("successor",)
    fields = ("successor", "kind", "date", "legal_basis")
    verbose_name = _("succeeded by")
    verbose_name_plural = _("succeeded by")


class PredecessionInline(admin.TabularInline):
    model = PlaceLineage
    fk_name = "successor"
    extra = 0
    autocomplete_fields = ("predecessor",)
    fields = ("predecessor", "kind", "date", "legal_basis")
    verbose_name = _("took over from")
    verbose_name_plural = _("took over from")


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ("code", "name_vi", "name", "country_code", "level", "valid_to")
    list_filter = ("country_code", "level")
    search_fields = ("code", "name", "name_vi", "folded", "aliases__folded")
    readonly_fields = ("folded",)
    autocomplete_fields = ("parent",)
    inlines = (PlaceAliasInline, SuccessionInline, PredecessionInline)
    list_per_page = 100

    def save_formset(self, request, form, formset, change):  # type: ignore[no-untyped-def]
        # An alias typed in the admin must be findable like the ones we load.
        from hoptac.core.text import fold

        instances = formset.save(commit=False)
        for obj in instances:
            if isinstance(obj, PlaceAlias):
                obj.folded = fold(obj.name)
            obj.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        from hoptac.core.text import fold

        obj.folded = fold(obj.name_vi or obj.name)
        super().save_model(request, obj, form, change)


@admin.register(PlaceLineage)
class PlaceLineageAdmin(admin.ModelAdmin):
    list_display = ("predecessor", "successor", "kind", "date", "legal_basis")
    list_filter = ("kind", "date")
    search_fields = ("predecessor__code", "predecessor__name_vi", "successor__code", "successor__name_vi")
    autocomplete_fields = ("predecessor", "successor")
