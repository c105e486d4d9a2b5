"""Filters for people, shared by the API and the web pages."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from hoptac.core.filtersets import PlaceCodeFilter, folded_contains
from hoptac.people.models import Person, Title


class PersonFilterSet(django_filters.FilterSet):
    """People by name (ignoring diacritics and case) and the place of a title they held."""

    q = django_filters.CharFilter(method="filter_q", label=_("name"))
    place = PlaceCodeFilter(method="filter_place", label=_("place of a title"))

    class Meta:
        model = Person
        fields = ["q", "place"]

    def filter_q(self, queryset: QuerySet[Person], name: str, value: Any) -> QuerySet[Person]:
        """ "y ngoc" finds "Y Ngọc"."""
        return folded_contains(queryset, value)

    def filter_place(self, queryset: QuerySet[Person], name: str, value: Any) -> QuerySet[Person]:
        """Held a title in this place."""
        return queryset.filter(pk__in=Title.objects.filter(place_id=value).values("person_id"))
