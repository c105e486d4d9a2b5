"""Filters for activities, shared by the API and the web pages."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from hoptac.activities.models import Activity
from hoptac.core.filtersets import (
    DayFilter,
    PlaceCodeFilter,
    YearFilter,
    folded_contains,
    overlaps,
    year_bounds,
)
from hoptac.places.filtersets import PlaceNameFilter


class ActivityFilterSet(django_filters.FilterSet):
    """Activities by kind, status, place, party, agreement, date range or year, and search text."""

    q = django_filters.CharFilter(method="filter_q", label=_("search"))
    kind = django_filters.ChoiceFilter(choices=Activity.Kind.choices, label=_("kind"))
    status = django_filters.ChoiceFilter(choices=Activity.Status.choices, label=_("status"))
    direction = django_filters.ChoiceFilter(choices=Activity.Direction.choices, label=_("direction"))
    place = PlaceCodeFilter(field_name="place_id", label=_("place"))
    party = PlaceNameFilter(field_name="parties__code", distinct=True, label=_("party (name or code)"))
    agreement = django_filters.UUIDFilter(field_name="agreements__uid", distinct=True, label=_("agreement"))
    date_from = DayFilter(method="filter_from", label=_("from"))
    date_to = DayFilter(method="filter_to", label=_("until"), last=True)
    year = YearFilter(method="filter_year", label=_("year"))

    class Meta:
        model = Activity
        fields = [
            "q",
            "kind",
            "status",
            "direction",
            "place",
            "party",
            "agreement",
            "date_from",
            "date_to",
            "year",
        ]

    def filter_q(self, queryset: QuerySet[Activity], name: str, value: Any) -> QuerySet[Activity]:
        """Title or description, ignoring diacritics and case."""
        return folded_contains(queryset, value)

    def filter_from(self, queryset: QuerySet[Activity], name: str, value: Any) -> QuerySet[Activity]:
        """Still going on, or later, on that day (a date known only to the month counts if the month does)."""
        return queryset.filter(overlaps("date", "end_date", value, None))

    def filter_to(self, queryset: QuerySet[Activity], name: str, value: Any) -> QuerySet[Activity]:
        """Begun by that day."""
        return queryset.filter(overlaps("date", "end_date", None, value))

    def filter_year(self, queryset: QuerySet[Activity], name: str, value: Any) -> QuerySet[Activity]:
        """Took place (at least partly) in that year."""
        first, last = year_bounds(int(value))
        return queryset.filter(overlaps("date", "end_date", first, last))
