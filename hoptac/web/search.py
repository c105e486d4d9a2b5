"""One search box over agreements, places, people, activities and sources, ignoring case and diacritics."""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from hoptac.activities.bounds import latest_date, newest_ids
from hoptac.activities.models import Activity
from hoptac.agreements.filtersets import places_matching
from hoptac.agreements.models import AgreementParty
from hoptac.core.permissions import visible
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


# Beyond this many combinations of ways (two words naming places, people and more) one word's ways are read instead.
MAX_COMBINATIONS = 12


@dataclass(frozen=True)
class Way:
    """One way a word can match an activity: a condition, and for a place the latest date it can have."""

    condition: Q
    until: str | None = None  # the places' latest activity date; None: no bound known


def ways_of(word: str, places: list[str], people: list[int]) -> list[Way]:
    """The ways a word matches: the activity's text, its head of delegation, its host, a party."""
    ways = [Way(Q(folded__contains=word))]
    if people:
        ways.append(Way(Q(head_of_delegation__in=people)))
    if places:
        until = latest_date(places)
        party_of = Activity.parties.through.objects.filter(place__in=places).values("activity_id")
        ways += [Way(Q(place__in=places), until), Way(Q(id__in=party_of), until)]
    return ways


def newest(shown: QuerySet[Activity], every: Q, words: list[tuple[str, list[str], list[int]]]) -> list[int]:
    """The ids among which are the newest LIMIT activities `shown` matching `every` word, by combination of ways.

    An activity is found when each word matches it one way or another, so the newest LIMIT of all are
    among the newest LIMIT of each combination (text of the first word and a party named by the second,
    ...). Asked as one OR, PostgreSQL walked the date index from today and, for words whose records lie
    years back ("kon tum", a person, "giao duc" found nowhere), read a million rows; each combination is
    only ANDs, which the trigram index on the text, the place's latest date and the other indexes serve.
    """
    ways = [ways_of(*word) for word in words]
    # Counted before any is made: forty one-letter words would be 4⁴⁰ combinations.
    if math.prod(len(w) for w in ways) <= MAX_COMBINATIONS:
        combinations = list(itertools.product(*ways))
    else:
        # Words that name places and people ("thanh hoa", "nguyen van"): the ways of the word naming the
        # fewest places alone (the longest among those), `every` checking the others; each place a way
        # names costs a hash of its links, which sixteen combinations paid again and again.
        pivot = min(range(len(words)), key=lambda i: (len(words[i][1]), -len(words[i][0])))
        combinations = [(way,) for way in ways[pivot]]
    ids: list[int] = []
    for combination in combinations:
        # A combination implies every word's condition; repeating them anyway keeps PostgreSQL's row
        # estimates low, which steers it to the indexes (asked alone, it walked the dates more often).
        matching = shown.filter(every, *(way.condition for way in combination))
        # Under a place's bound the walk starts at its latest date (the lowest, when several places).
        bounds = [way.until for way in combination if way.until is not None]
        ids += newest_ids(matching, min(bounds) if bounds else None, ("-date", "-id"), LIMIT)
    return ids


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
    named = list(zip(words, places, people, strict=True))
    ids = newest(visible(user, Activity.objects.all()), in_activities, named)
    results.activities = list(
        queries.activities_queryset(user).filter(id__in=ids).order_by("-date", "-id")[:LIMIT]
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
