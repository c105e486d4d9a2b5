"""Filter pieces shared by the apps' filtersets: partial-date ranges, folded search, place codes.

Partial dates are stored as ISO text ("2024", "2024-12", "2024-12-12", "--12-28"). For dates with a
year, text order gives the answers we need without parsing: the earliest day of `s` is on or before
day D exactly when s <= "D" as text (a prefix sorts first), and the latest day of `s` is on or after
D exactly when s >= "D" or s is a prefix of "D". That keeps every filter in SQL, the same on
SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext

from hoptac.core import fulltext
from hoptac.core.text import fold


def _iso(day: dt.date) -> str:
    return day.isoformat()


def starts_by(field: str, day: dt.date) -> Q:
    """The partial date in `field` can begin on or before `day` (its earliest day <= day)."""
    return Q(**{f"{field}__lte": _iso(day)}) & ~Q(**{f"{field}__startswith": "--"})


def ends_from(field: str, day: dt.date) -> Q:
    """The partial date in `field` can end on or after `day` (its latest day >= day)."""
    text = _iso(day)
    return (Q(**{f"{field}__gte": text}) | Q(**{f"{field}__in": [text[:4], text[:7]]})) & ~Q(
        **{f"{field}__startswith": "--"}
    )


def overlaps(start: str, end: str | None, first: dt.date | None, last: dt.date | None) -> Q:
    """Records whose [start, end] (end missing = a single date, or open when `end` is None) meet [first, last]."""
    condition = Q(**{f"{start}__isnull": False})
    if last is not None:
        condition &= starts_by(start, last)
    if first is not None:
        if end is None:
            condition &= ends_from(start, first)
        else:
            ended = Q(**{f"{end}__isnull": False}) & ends_from(end, first)
            condition &= ended | (Q(**{f"{end}__isnull": True}) & ends_from(start, first))
    return condition


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    """1 January and 31 December of the year."""
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def folded_needle(value: Any) -> str:
    """The search text folded like the stored names ("Sê Kông" → "se kong")."""
    return fold(str(value or ""))


def folded_contains(queryset: QuerySet[Any], value: Any) -> QuerySet[Any]:
    """Rows whose `folded` column holds the words of the search text (full-text search on PostgreSQL)."""
    terms = fulltext.parse(str(value or ""))
    return queryset.filter(fulltext.matches("folded", terms)) if terms else queryset


class UpperCaseField(forms.CharField):
    """A code typed in any case: "la-xe " → "LA-XE"."""

    def to_python(self, value: Any) -> str:
        return str(super().to_python(value)).strip().upper()


class PlaceCodeFilter(django_filters.CharFilter):
    """An ISO 3166 code (VN-28, la-xe), upper-cased by its form field."""

    field_class = UpperCaseField


class YearFilter(django_filters.NumberFilter):
    """A year; the filterset decides what overlapping the year means for its records."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 9999)
        super().__init__(*args, **kwargs)


class _DayField(forms.Field):
    """A day as typed (4/12/2026, 2026-12-04), or a month or year read as its first or last day."""

    def __init__(self, *args: Any, last: bool = False, **kwargs: Any) -> None:
        self.last = last
        super().__init__(*args, **kwargs)

    def to_python(self, value: Any) -> dt.date | None:
        from hoptac.core.dates import PartialDate

        text = str(value or "").strip()
        if not text:
            return None
        try:
            date = PartialDate.parse(text)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc
        if date is None or date.year is None:
            raise forms.ValidationError(gettext("'%(value)s' needs a year") % {"value": text})
        return date.latest() if self.last else date.earliest()


class DayFilter(django_filters.Filter):
    """A day bound of a date range, typed as officers write dates; last=True reads 12/2026 as 31/12/2026."""

    field_class = _DayField

    def __init__(self, *args: Any, last: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.extra["last"] = last
