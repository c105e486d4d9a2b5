"""One search box over agreements, places, people, activities and sources, ignoring case and diacritics."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from hoptac.accounts.permissions import visible
from hoptac.core.text import fold
from hoptac.people.models import Person
from hoptac.places.models import Place, PlaceAlias
from hoptac.sources.models import Source
from hoptac.web import queries

LIMIT = 30


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
    # Titles and texts are folded here: the registry holds hundreds of records, not millions.
    all_rows = queries.rows(queries.agreements_queryset(user))
    results.agreements = queries.filter_rows(all_rows, q=query)[:LIMIT]
    results.activities = [
        a
        for a in queries.activities_queryset(user).order_by("-date")
        if queries.matches(
            query,
            a.title,
            a.description,
            a.place.display_name if a.place else "",
            a.head_of_delegation.name if a.head_of_delegation else "",
            *[p.display_name for p in a.parties.all()],
        )
    ][:LIMIT]
    results.sources = [
        s for s in visible(user, Source.objects.all()) if queries.matches(query, s.title, s.url, s.text)
    ][:LIMIT]
    return results
