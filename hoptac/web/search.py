"""One search box over agreements, places, people, activities and sources, ignoring case and diacritics.

The words are matched by the full-text engine (`core.fulltext`: whole words, the last one a prefix,
quoted phrases) against each record's folded text. A record is also found by the places and people
it names: by the place or person the whole query names ("kon tum", "nguyen van"), or, with the other
words in its text, by a place or person named in full by some of the words ("so ket champasak":
"sơ kết" in the text, Champasak a party). Newest first; on the same date, the more relevant first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from hoptac.activities.bounds import latest_date
from hoptac.activities.models import Activity
from hoptac.agreements.models import AgreementParty
from hoptac.core import fulltext
from hoptac.core.fulltext import Terms
from hoptac.core.permissions import visible
from hoptac.people.models import Person
from hoptac.places.models import Place, PlaceAlias
from hoptac.sources.models import Source
from hoptac.web import queries

LIMIT = 30
# A query naming more places than this ("tinh") is too common to narrow anything by place.
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


@dataclass(frozen=True)
class Named:
    """Places and people some of the words name, and the terms the record's own text must still hold."""

    places: tuple[str, ...]
    people: tuple[int, ...]
    rest: Terms | None  # None: the names are the whole query

    def text(self) -> Q:
        return fulltext.matches("folded", self.rest) if self.rest else Q()


def _runs(terms: Terms) -> dict[str, tuple[int, int]]:
    """Each run of consecutive words short of the whole query, as folded text → (start, stop)."""
    words = terms.words
    if any(len(run) > 1 for run in terms.runs) or len(words) < 2:
        return {}  # a quoted phrase is asked of the texts as it stands
    return {
        " ".join(words[i:j]): (i, j)
        for i in range(len(words))
        for j in range(i + 1, len(words) + 1)
        if j - i < len(words)
    }


def places_found(terms: Terms, query: str) -> list[Place]:
    """Places whose name or an alias holds the terms, or whose code is the query (at most PLACES_PER_WORD)."""
    aliased = PlaceAlias.objects.filter(fulltext.matches("folded", terms)).values("place_id")
    return list(
        Place.objects.filter(
            fulltext.matches("folded", terms) | Q(code__in=aliased) | Q(code__iexact=query.strip())
        ).order_by("level", "country_code", "name")[:PLACES_PER_WORD]
    )


def named_by_runs(terms: Terms) -> list[Named]:
    """Places and people named in full (their whole name or alias) by a run of the words, with the other words."""
    runs = _runs(terms)
    if not runs:
        return []
    by_run: dict[str, tuple[set[str], set[int]]] = {}
    for folded, code in (
        Place.objects.filter(folded__in=runs)
        .order_by()
        .values_list("folded", "code")
        .union(PlaceAlias.objects.filter(folded__in=runs).order_by().values_list("folded", "place_id"), all=True)
    ):
        by_run.setdefault(folded, (set(), set()))[0].add(code)
    for folded, pk in Person.objects.filter(folded__in=runs).values_list("folded", "id"):
        by_run.setdefault(folded, (set(), set()))[1].add(pk)
    return [
        Named(tuple(sorted(codes)), tuple(sorted(people)), terms.without(*runs[run]))
        for run, (codes, people) in sorted(by_run.items())
    ]


def activity_ways(terms: Terms, named: list[Named]) -> list[Q]:
    """The ways an activity is found: its text, or a named place hosting it or party to it, or its named head."""
    ways = [fulltext.matches("folded", terms)]
    for name in named:
        if name.places:
            ways.append(Q(place__in=name.places) & name.text())
            party = Activity.parties.through.objects.filter(activity_id=OuterRef("pk"), place__in=name.places)
            in_party = Q(Exists(party)) & name.text()
            # A party's newest activities are read down the date index from the places' latest date
            # (a partner quiet for years, a province merged away), the undated apart.
            until = latest_date(name.places)
            if until is None:
                ways.append(in_party)
            else:
                ways.append(in_party & Q(date__isnull=True))
                if until:
                    ways.append(in_party & Q(date__lte=until))
        if name.people:
            ways.append(Q(head_of_delegation__in=name.people) & name.text())
    return ways


def newest(shown: QuerySet[Activity], ways: list[Q], terms: Terms) -> list[int]:
    """The ids of the newest LIMIT activities of `shown` found one way or another (the more relevant first on a date).

    One statement. On PostgreSQL, a UNION of each way's own newest LIMIT: asked as one OR, the planner
    walked the date index from today through a million rows for words whose records lie years back,
    while each way alone has an index that serves it (the GIN index of the text, (place, date), the
    date index with the party or head checked per row). Elsewhere the OR itself (a province's registry).
    """
    order = ("-date", "-relevance", "-id")
    relevance = fulltext.rank("folded", terms)
    if not fulltext.postgresql() or len(ways) == 1:
        found = shown.filter(reduce(or_, ways)).annotate(relevance=relevance).order_by(*order)
        return list(found.values_list("id", flat=True)[:LIMIT])
    parts = [
        shown.filter(way).annotate(relevance=relevance).order_by(*order).values_list("id", "date", "relevance")[
            :LIMIT
        ]
        for way in ways
    ]
    union = parts[0].union(*parts[1:]).order_by(*order)[:LIMIT]  # UNION: an activity found twice counts once
    return [row[0] for row in union]


def search(user: Any, query: str) -> Results:
    """Records whose texts or named places and people hold every word of the query ("se kong" finds Sê Kông)."""
    results = Results(query=query)
    terms = fulltext.parse(query)
    if terms is None:
        return results
    places = places_found(terms, query)
    results.places = places[:LIMIT]
    results.people = list(
        Person.objects.filter(fulltext.matches("folded", terms)).prefetch_related("titles")[:LIMIT]
    )
    whole = Named(
        tuple(p.code for p in places),
        tuple(Person.objects.filter(fulltext.matches("folded", terms)).values_list("id", flat=True)),
        None,
    )
    named = [n for n in (whole, *named_by_runs(terms)) if n.places or n.people]

    in_agreements = fulltext.matches("folded", terms)
    for name in named:
        parties = AgreementParty.objects.filter(Q(place__in=name.places) | Q(signatory__in=name.people))
        in_agreements |= Q(id__in=parties.values("agreement_id")) & name.text()
    results.agreements = queries.rows(queries.agreements_queryset(user).filter(in_agreements)[:LIMIT])

    ids = newest(visible(user, Activity.objects.all()), activity_ways(terms, named), terms)
    by_id = {a.id: a for a in queries.activities_queryset(user).filter(id__in=ids)}
    results.activities = [by_id[pk] for pk in ids if pk in by_id]

    # Sources by title and address; their full texts (a hundred thousand articles) are not searched.
    results.sources = list(
        visible(user, Source.objects.filter(fulltext.matches("folded", terms)))
        .annotate(relevance=fulltext.rank("folded", terms))
        .order_by("-published", "-relevance", "title")[:LIMIT]
    )
    return results
