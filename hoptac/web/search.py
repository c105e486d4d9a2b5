"""One search box over agreements, places, people, activities and sources, ignoring case and diacritics."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Q

from hoptac.accounts.permissions import visible
from hoptac.activities.models import Activity
from hoptac.agreements.filtersets import places_matching
from hoptac.agreements.models import AgreementParty
from hoptac.core.text import fold
from hoptac.people.models import Person
from hoptac.places.models import Place, PlaceAlias
from hoptac.sources.models import Source
from hoptac.web import queries

LIMIT = 30
# A word naming more places than this ("tinh") is too common to narrow anything by place.
PLACES_PER_WORD = 50


@dataclass
class Results:
    """What a search found, by kind of record."""

    query: str
    agreements: list[queries.AgreementRow] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    activities: list[Any] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(len(x) for x in (self.agreements, self.places, self.people, self.activities, self.sources))


def _folded_filter(field_name: str, words: list[str]) -> Q:
    condition = Q()
    for word in words:
        condition &= Q(**{f"{field_name}__contains": word})
    return condition


def search(user: Any, query: str) -> Results:
    """Records whose names or texts contain every word of the query ("se kong" finds Sê Kông)."""
    results = Results(query=query)
    words = fold(query).split()
    if not words:
        return results
    # Places and people keep a folded name column, so the database does the matching.
    alias_places = PlaceAlias.objects.filter(_folded_filter("folded", words)).values("place_id")
    results.places = list(
        Place.objects.filter(
            _folded_filter("folded", words) | Q(code__iexact=query.strip()) | Q(code__in=alias_places)
        ).order_by("level", "country_code", "name")[:LIMIT]
    )
    results.people = list(
        Person.objects.filter(_folded_filter("folded", words)).prefetch_related("titles")[:LIMIT]
    )
    # Every word must match somewhere: the record's own folded text, or a place or person it names.
    # The few places and people each word names, read first: as literal lists the planner sees how
    # many activities they lead to (as subqueries it guessed thousands of places and scanned per row).
    places = [list(places_matching(w).values_list("code", flat=True)[:PLACES_PER_WORD]) for w in words]
    people = [
        list(Person.objects.filter(folded__contains=w).values_list("id", flat=True)[:LIMIT]) for w in words
    ]
    in_agreements = Q()
    in_activities = Q()
    for word, place, person in zip(words, places, people, strict=True):
        parties = AgreementParty.objects.filter(Q(place__in=place) | Q(signatory__in=person))
        in_agreements &= Q(folded__contains=word) | Q(id__in=parties.values("agreement_id"))
        party_of = Activity.parties.through.objects.filter(activity_id=OuterRef("pk"), place__in=place)
        in_activities &= (
            Q(folded__contains=word)
            | Q(place__in=place)
            | Q(head_of_delegation__in=person)
            | Q(Exists(party_of))
        )
    results.agreements = queries.rows(queries.agreements_queryset(user).filter(in_agreements)[:LIMIT])
    results.activities = list(
        queries.activities_queryset(user).filter(in_activities).order_by("-date", "-id")[:LIMIT]
    )
    in_sources = Q()
    for word in words:
        in_sources &= Q(folded__contains=word)
    # Sources by title and address, ignoring diacritics; their full texts (a hundred thousand articles)
    # are not scanned on every search.
    results.sources = list(
        visible(user, Source.objects.filter(in_sources)).order_by("-published", "title")[:LIMIT]
    )
    return results
