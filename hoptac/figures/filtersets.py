"""Filters for figures, shared by the API and the web pages."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from hoptac.core.filtersets import PlaceCodeFilter, YearFilter, overlaps, year_bounds
from hoptac.figures.models import Figure, Metric


class FigureFilterSet(django_filters.FilterSet):
    """Figures by metric, unit, a place in scope, agreement, activity and period year."""

    metric = django_filters.ModelChoiceFilter(
        queryset=Metric.objects.all(), to_field_name="code", label=_("metric")
    )
    unit = django_filters.CharFilter(label=_("unit"))
    scope = PlaceCodeFilter(field_name="scope__code", distinct=True, label=_("place in scope"))
    agreement = django_filters.UUIDFilter(field_name="agreement__uid", label=_("agreement"))
    activity = django_filters.UUIDFilter(field_name="activity__uid", label=_("activity"))
    year = YearFilter(method="filter_year", label=_("year"))

    class Meta:
        model = Figure
        fields = ["metric", "unit", "scope", "agreement", "activity", "year"]

    def filter_year(self, queryset: QuerySet[Figure], name: str, value: Any) -> QuerySet[Figure]:
        """The figure's period covers part of that year."""
        first, last = year_bounds(int(value))
        return queryset.filter(overlaps("period_start", "period_end", first, last))
