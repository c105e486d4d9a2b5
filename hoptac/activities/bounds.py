"""Each place's latest activity date, kept as an upper bound on every write, so its page finds its newest activities at once.

A province merged away in 2025, or a partner quiet for years, is party to a hundred thousand activities
that all lie far down the date index: "its newest 50" walks the index from today through every
later activity of every other place (a second and more nationally). Starting the walk at the place's
bound makes it a few hundred rows.

`Place.activities_until` is never below the date of any activity the place hosts or is party to
(text order of ISO partial dates, compared by the database itself); "" means none, NULL unknown
(no bound is used). It is kept by explicit calls, not signals, so a reader of a write path sees it:
the activity services call `keep(activity)` after every save (pages, API, admin, ingest, history
restore, undo of a deletion and `hoptac import` all write through them); the bulk writers that bypass
the ORM call `raise_for()` (sheet imports) or `recompute()` (`hoptac synth`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db.models import CharField, Max, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Greatest

from hoptac.activities.models import Activity
from hoptac.places.models import Place

NONE = ""  # no dated activity


def _raise(places: QuerySet[Place], date: Any) -> None:
    """Lift the bound of these places to `date` where it is lower (never lowers it)."""
    if date is None:
        return
    text = Activity._meta.get_field("date").get_prep_value(date)
    # The comparison stays in SQL so it follows the database's own text order, as ORDER BY date does.
    places.filter(activities_until__lt=text).update(activities_until=text)


def latest_date(codes: Iterable[str]) -> str | None:
    """The latest date an activity of any of these places can have ("" none dated; None not known)."""
    bounds = list(Place.objects.filter(code__in=list(codes)).values_list("activities_until", flat=True))
    return None if None in bounds else max((b or NONE for b in bounds), default=NONE)


def newest_ids(
    activities: QuerySet[Activity], until: str | None, order: tuple[str, ...], limit: int
) -> list[int]:
    """The ids among which are the `limit` first of `activities` by `order` (newest first), read from `until` down.

    `until` is `latest_date()` of the places the activities belong to: the dated ones are read from
    there (none when it is ""), the undated apart (they sort first on PostgreSQL, last on SQLite).
    """
    parts = [activities]
    if until is not None:
        parts = [activities.filter(date__isnull=True)]
        if until:
            parts.append(activities.filter(date__lte=until))
    return [pk for part in parts for pk in part.order_by(*order).values_list("id", flat=True)[:limit]]


def raise_for(latest: Mapping[str, str]) -> None:
    """After a write that bypassed the ORM: lift each place's bound to its latest new activity date (ISO text)."""
    by_date: dict[str, list[str]] = {}
    for code, date in latest.items():
        by_date.setdefault(date, []).append(code)
    for date, codes in by_date.items():
        _raise(Place.objects.filter(code__in=codes), date)


def keep(activity: Activity) -> None:
    """After an activity is saved with its parties: lift the bounds of its host place and parties to its date."""
    parties = Activity.parties.through.objects.filter(activity_id=activity.pk).values("place_id")
    _raise(Place.objects.filter(Q(code=activity.place_id) | Q(code__in=parties)), activity.date)


def recompute(codes: Iterable[str] | None = None) -> None:
    """Set the bound of these places (all when None) from their activities, exactly."""
    places = Place.objects.all() if codes is None else Place.objects.filter(code__in=list(codes))
    as_party = (
        Activity.parties.through.objects.filter(place_id=OuterRef("code"))  # type: ignore[misc]
        .order_by()
        .values("place_id")
        .annotate(latest=Max("activity__date"))
        .values("latest")
    )
    as_host = (
        Activity.objects.filter(place_id=OuterRef("code"))
        .order_by()
        .values("place_id")
        .annotate(latest=Max("date"))
        .values("latest")
    )
    # Each side coalesced first: SQLite's MAX(a, b) is NULL when either is, PostgreSQL's GREATEST is not.
    text = CharField()
    places.update(
        activities_until=Greatest(
            Coalesce(Subquery(as_party, output_field=text), Value(NONE), output_field=text),
            Coalesce(Subquery(as_host, output_field=text), Value(NONE), output_field=text),
            output_field=text,
        )
    )
