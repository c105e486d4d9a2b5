"""Filters for agreements and commitments, shared by the API and the web pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from hoptac.agreements.models import Agreement, AgreementParty, Commitment, CooperationField
from hoptac.agreements.services import STATUSES
from hoptac.agreements.status import in_status
from hoptac.core import fulltext
from hoptac.core.filtersets import (
    PlaceCodeFilter,
    YearFilter,
    ends_from,
    overlaps,
    starts_by,
    year_bounds,
)
from hoptac.places.filtersets import PlaceNameFilter
from hoptac.places.models import Place, PlaceAlias

STATUS_CHOICES = [
    ("draft", _("draft")),
    ("signed", _("signed, not yet in force")),
    ("in_force", _("in force")),
    ("expired", _("expired")),
    ("superseded", _("superseded")),
    ("terminated", _("terminated")),
]
assert [code for code, _label in STATUS_CHOICES] == list(STATUSES)


def places_matching(terms: fulltext.Terms) -> QuerySet[Place]:
    """Places whose folded name or any alias holds the words of the search text."""
    aliased = PlaceAlias.objects.filter(fulltext.matches("folded", terms)).values("place_id")
    return Place.objects.filter(fulltext.among(Place.objects.all(), "folded", terms) | Q(code__in=aliased))


def with_status(
    queryset: QuerySet[Agreement], statuses: list[str], on: dt.date | None = None
) -> QuerySet[Agreement]:
    """Keep the agreements whose derived status (today, or `on`) is one of `statuses`, in SQL."""
    return in_status(queryset, statuses, on)


class AgreementFilterSet(django_filters.FilterSet):
    """Agreements by country or partner, derived status, field of cooperation, year and search text."""

    q = django_filters.CharFilter(method="filter_q", label=_("search"))
    country = PlaceCodeFilter(method="filter_country", label=_("country of a party"))
    partner = PlaceNameFilter(method="filter_partner", label=_("party (name or code)"))
    status = django_filters.MultipleChoiceFilter(
        choices=STATUS_CHOICES, method="filter_status", label=_("status")
    )
    field = django_filters.ModelChoiceFilter(
        queryset=CooperationField.objects.all(),
        field_name="fields",
        to_field_name="code",
        label=_("field of cooperation"),
    )
    kind = django_filters.ChoiceFilter(choices=Agreement.Kind.choices, label=_("kind"))
    year = YearFilter(method="filter_year", label=_("year"))

    class Meta:
        model = Agreement
        fields = ["q", "country", "partner", "status", "field", "kind", "year"]

    def filter_q(self, queryset: QuerySet[Agreement], name: str, value: Any) -> QuerySet[Agreement]:
        """Title (either language) or a party's name, ignoring diacritics and case."""
        terms = fulltext.parse(str(value or ""))
        if terms is None:
            return queryset
        parties = AgreementParty.objects.filter(place__in=places_matching(terms)).values("agreement_id")
        return queryset.filter(
            fulltext.among(Agreement.objects.all(), "folded", terms, stored=True) | Q(pk__in=parties)
        )

    def filter_country(self, queryset: QuerySet[Agreement], name: str, value: Any) -> QuerySet[Agreement]:
        """A party lies in this country (ISO 3166-1 alpha-2: VN, LA, KH)."""
        parties = AgreementParty.objects.filter(place__country_code=value).values("agreement_id")
        return queryset.filter(pk__in=parties)

    def filter_partner(self, queryset: QuerySet[Agreement], name: str, value: Any) -> QuerySet[Agreement]:
        """This place (VN-28, LA-XE) is a party."""
        parties = AgreementParty.objects.filter(place_id=value).values("agreement_id")
        return queryset.filter(pk__in=parties)

    def filter_status(self, queryset: QuerySet[Agreement], name: str, value: Any) -> QuerySet[Agreement]:
        """Derived status today (draft, signed, in_force, expired, superseded, terminated)."""
        return with_status(queryset, list(value or []))

    def filter_year(self, queryset: QuerySet[Agreement], name: str, value: Any) -> QuerySet[Agreement]:
        """Signed that year, or its period (from the first known start, open when no end) covers part of it."""
        if value in (None, ""):
            return queryset
        first, last = year_bounds(int(value))
        queryset = queryset.annotate(_start=Coalesce("period_start", "effective_on", "signed_on"))
        running = starts_by("_start", last) & (Q(period_end__isnull=True) | ends_from("period_end", first))
        return queryset.filter(running | Q(signed_on__startswith=str(int(value)).zfill(4)))


class CommitmentFilterSet(django_filters.FilterSet):
    """Commitments by agreement, giver, receiver, either side, unit and year."""

    agreement = django_filters.UUIDFilter(field_name="agreement__uid", label=_("agreement"))
    giver = PlaceCodeFilter(field_name="giver_id", label=_("giver"))
    receiver = PlaceCodeFilter(field_name="receiver_id", label=_("receiver"))
    place = PlaceCodeFilter(method="filter_place", label=_("giver or receiver"))
    unit = django_filters.ChoiceFilter(choices=Commitment.Unit.choices, label=_("unit"))
    year = YearFilter(method="filter_year", label=_("year"))

    class Meta:
        model = Commitment
        fields = ["agreement", "giver", "receiver", "place", "unit", "year"]

    def filter_place(self, queryset: QuerySet[Commitment], name: str, value: Any) -> QuerySet[Commitment]:
        """Either side of the commitment is this place."""
        return queryset.filter(Q(giver_id=value) | Q(receiver_id=value))

    def filter_year(self, queryset: QuerySet[Commitment], name: str, value: Any) -> QuerySet[Commitment]:
        """The commitment's period (or its due date) falls partly in that year."""
        if value in (None, ""):
            return queryset
        first, last = year_bounds(int(value))
        return queryset.filter(
            overlaps("period_start", "period_end", first, last) | overlaps("due", None, first, last)
        )
