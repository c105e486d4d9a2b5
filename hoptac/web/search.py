"""One search box over agreements, places, people, activities and sources, ignoring case and diacritics.

The words are matched by the full-text engine (`core.fulltext`: whole words, the last one a prefix,
quoted phrases) against each record's folded text. A record is also found by the places and people
it names: by the place or person the whole query names ("kon tum", "nguyen van"), or, with the other
words in its text, by a place or person named in full by some of the words ("so ket champasak":
"sơ kết" in the text, Champasak a party). Newest first; on the same date, the more relevant first.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import reduce
from itertools import groupby
from operator import or_
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Upper

from hoptac.activities.bounds import latest_date
from hoptac.activities.models import Activity
from hoptac.agreements.models import Agreement, AgreementParty
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
            fulltext.among(Place.objects.all(), "folded", terms)
            | Q(code__in=aliased)
            | Q(code__iexact=query.strip())
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
        .union(
            PlaceAlias.objects.filter(folded__in=runs).order_by().values_list("folded", "place_id"), all=True
        )
    ):
        by_run.setdefault(folded, (set(), set()))[0].add(code)
    for folded, pk in Person.objects.filter(folded__in=runs).values_list("folded", "id"):
        by_run.setdefault(folded, (set(), set()))[1].add(pk)
    return [
        Named(tuple(sorted(codes)), tuple(sorted(people)), terms.without(*runs[run]))
        for run, (codes, people) in sorted(by_run.items())
    ]


@dataclass(frozen=True)
class Way:
    """One way an activity is found; `few`: so few rows match that reading and sorting them all is cheap."""

    condition: Q
    few: bool = False


def activity_ways(terms: Terms, named: list[Named]) -> list[Way]:
    """The ways an activity is found: its text, or a named place hosting it or party to it, or its named head."""
    ways = [Way(fulltext.matches("folded", terms))]
    for name in named:
        if name.places:
            ways.append(Way(Q(place__in=name.places) & name.text()))
            party = Activity.parties.through.objects.filter(activity_id=OuterRef("pk"), place__in=name.places)
            in_party = Q(Exists(party)) & name.text()
            # A party's newest activities are read down the date index from the places' latest date
            # (a partner quiet for years, a province merged away), the undated apart.
            until = latest_date(name.places)
            if until is None:
                ways.append(Way(in_party))
            else:
                ways.append(Way(in_party & Q(date__isnull=True)))
                if until:
                    ways.append(Way(in_party & Q(date__lte=until)))
        if name.people:
            ways.append(Way(Q(head_of_delegation__in=name.people) & name.text(), few=True))
    return ways


def newest(shown: QuerySet[Activity], ways: list[Way], terms: Terms) -> list[int]:
    """The ids of the newest LIMIT activities of `shown` found one way or another (the more relevant first on a date).

    One statement. On PostgreSQL, a UNION of each way's own newest LIMIT: asked as one OR, the planner
    walked the date index from today through a million rows for words whose records lie years back,
    while each way alone has an index that serves it (the GIN index of the text, (place, date), the
    date index with the party checked per row). Elsewhere the OR itself (a province's registry).

    Relevance orders the rows read, not the rows matched: ranked per matching row, "so ket" cost
    140 ms (4,000 texts parsed again) instead of 4. A way's cut between rows of one date follows ids.
    """
    relevance = fulltext.rank("folded", terms)
    if not fulltext.postgresql() or len(ways) == 1:
        found = shown.filter(reduce(or_, (w.condition for w in ways))).annotate(relevance=relevance)
        rows = found.order_by("-date", "-id").values_list("id", "date", "relevance")[:LIMIT]
        return [row[0] for row in by_relevance(rows, date=1, relevance=2, key=0)]
    parts = [
        shown.filter(way.condition)
        .order_by(*_order(way))
        .values_list("id", "date")
        .annotate(relevance=relevance)[:LIMIT]
        for way in ways
    ]
    # UNION: an activity found two ways counts once. ts_rank is computed for the rows each way read.
    union = parts[0].union(*parts[1:]).order_by("-date", "-relevance", "-id")[:LIMIT]
    return [row[0] for row in union]


def by_relevance(rows: Iterable[Any], *, date: Any, relevance: Any, key: Any) -> list[Any]:
    """Rows read newest first, the more relevant (then the higher `key`) first among those of one date."""

    def get(row: Any, part: Any) -> Any:
        return row[part] if isinstance(part, int) else getattr(row, part)

    return [
        row
        for _, group in groupby(rows, key=lambda r: get(r, date))
        for row in sorted(group, key=lambda r: (get(r, relevance), get(r, key)), reverse=True)
    ]


def _order(way: Way) -> tuple[Any, ...]:
    """Newest first; a head's activities all read and sorted rather than the date index walked.

    The planner walked the date index past 184,000 rows for the nine "nguyen van" heads, whose
    activities lie years back; a person leads at most some thousands, sorted in a few milliseconds.
    `Upper(date)` is the date itself (digits and hyphens) that no index orders.
    """
    if way.few:
        return (Upper("date").desc(nulls_first=True), "-id")
    return ("-date", "-id")


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

    # Each way a subquery the planner reads off its index (the GIN index, the parties' place index).
    in_agreements = fulltext.among(Agreement.objects.all(), "folded", terms, stored=True)
    for name in named:
        parties = AgreementParty.objects.filter(Q(place__in=name.places) | Q(signatory__in=name.people))
        rest = fulltext.among(Agreement.objects.all(), "folded", name.rest, stored=True) if name.rest else Q()
        in_agreements |= Q(id__in=parties.values("agreement_id")) & rest
    results.agreements = queries.rows(queries.agreements_queryset(user).filter(in_agreements)[:LIMIT])

    ids = newest(visible(user, Activity.objects.all()), activity_ways(terms, named), terms)
    by_id = {a.id: a for a in queries.activities_queryset(user).filter(id__in=ids)}
    results.activities = [by_id[pk] for pk in ids if pk in by_id]

    # Sources by title and address; their full texts (a hundred thousand articles) are not searched.
    sources = (
        visible(user, Source.objects.filter(fulltext.matches("folded", terms)))
        .annotate(relevance=fulltext.rank("folded", terms))
        .order_by("-published", "title")[:LIMIT]
    )
    results.sources = by_relevance(sources, date="published", relevance="relevance", key="id")
    return results
