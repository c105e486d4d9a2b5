"""Filters for sources, shared by the API and the web pages."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from hoptac.core.filtersets import YearFilter, folded_contains, overlaps, year_bounds
from hoptac.sources.models import Source


class SourceFilterSet(django_filters.FilterSet):
    """Sources by title or address (ignoring diacritics and case) and year of publication."""

    q = django_filters.CharFilter(method="filter_q", label=_("search"))
    year = YearFilter(method="filter_year", label=_("year published"))

    class Meta:
        model = Source
        fields = ["q", "year"]

    def filter_q(self, queryset: QuerySet[Source], name: str, value: Any) -> QuerySet[Source]:
        """Title or web address contains the words."""
        return folded_contains(queryset, value)

    def filter_year(self, queryset: QuerySet[Source], name: str, value: Any) -> QuerySet[Source]:
        """Published that year."""
        first, last = year_bounds(int(value))
        return queryset.filter(overlaps("published", None, first, last))
