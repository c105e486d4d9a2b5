"""Filters for places, shared by the API and the web pages."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hoptac.core import fulltext
from hoptac.core.filtersets import PlaceCodeFilter
from hoptac.places import gazetteer
from hoptac.places.models import Place, PlaceAlias


class PlaceNameField(forms.CharField):
    """A place by code (la-xe) or by name in any spelling ("Sê Kông", "se kong", "Sekong"), cleaned to its code.

    The names are read by the gazetteer's resolver (aliases, folding, press spellings), the same one
    that reads names in forms, imports and articles.
    """

    def to_python(self, value: Any) -> str:
        text = str(super().to_python(value)).strip()
        if not text:
            return ""
        known = gazetteer.entry(text)  # a code, countries' too (VN, LA)
        code = known.code if known else gazetteer.resolve(text)
        if code is None:
            raise forms.ValidationError(
                gettext("no place goes by '%(value)s': write its name (Sê Kông) or its code (LA-XE)")
                % {"value": text},
                code="unknown_place",
            )
        return code


class PlaceNameFilter(django_filters.CharFilter):
    """A place given by code or by name in any spelling (PlaceNameField), filtered by its code."""

    field_class = PlaceNameField


class PlaceFilterSet(django_filters.FilterSet):
    """Places by country, level (0 country, 1 province) and name or alias, ignoring diacritics."""

    q = django_filters.CharFilter(method="filter_q", label=_("name"))
    country = PlaceCodeFilter(field_name="country_code", label=_("country"))
    level = django_filters.ChoiceFilter(choices=Place.Level.choices, label=_("level"))

    class Meta:
        model = Place
        fields = ["q", "country", "level"]

    def filter_q(self, queryset: QuerySet[Place], name: str, value: Any) -> QuerySet[Place]:
        """ "se kong" finds Sê Kông (LA-XE); "xekong" finds it through its aliases; a code finds itself."""
        terms = fulltext.parse(str(value or ""))
        if terms is None:
            return queryset
        aliased = PlaceAlias.objects.filter(fulltext.matches("folded", terms)).values("place_id")
        return queryset.filter(
            fulltext.among(Place.objects.all(), "folded", terms)
            | Q(code__in=aliased)
            | Q(code=str(value).strip().upper())
        )
