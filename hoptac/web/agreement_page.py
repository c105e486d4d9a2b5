"""The sections of an agreement's page that grow with the registry: its activities, figures and held reviews.

A busy agreement has thousands of activities and figures: the page shows the newest activities and the
first figures (PLACE_SECTION_ROWS each), counts the rest and links to the filtered lists.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet, TextField, prefetch_related_objects
from django.db.models.functions import Cast

from hoptac.activities.models import Activity
from hoptac.agreements.models import Agreement
from hoptac.core.lookups import among
from hoptac.core.permissions import visible
from hoptac.figures.models import Figure
from hoptac.web.queries import COUNT_CAP, PLACE_SECTION_ROWS, figures_queryset, review_activities


@dataclass
class Sections:
    """The activities and figures an agreement's page shows, and how many there are (capped)."""

    activities: list[Activity]
    activities_total: tuple[int, bool]
    figures: list[Figure]
    figures_total: tuple[int, bool]


# An agreement's activities are read whole up to this many (~50 ms): walking the date index instead
# would read every later activity of every other agreement when this one's lie years back (one that
# ended in 2012). Past it, the walk.
READ_WHOLE = 20_000


def capped_count(queryset: QuerySet[Any], shown: int) -> tuple[int, bool]:
    """How many records match, counting no further than COUNT_CAP (no count when all are shown)."""
    if shown < PLACE_SECTION_ROWS:
        return shown, False
    total = queryset.order_by()[: COUNT_CAP + 1].count()
    return min(total, COUNT_CAP), total > COUNT_CAP


def agreement_sections(user: Any, agreement: Agreement) -> Sections:
    """The newest activities and the first figures of an agreement; its held reviews made ready.

    The review conferences `planned_reviews` looks for are prefetched on the agreement (when it has a
    review rhythm), picked out of the same read of its activities when that read has them all.
    """
    # Every activity linked to an agreement the user sees is visible to them (accounts.permissions:
    # "linked_visible"), so this read holds all of the agreement's activities, review conferences too.
    activities = visible(user, Activity.objects.filter(agreements=agreement))
    # A few thousand rows, read unordered and sorted here: asked for in date order, the planner walks
    # the whole date index backwards looking for them. Read through the join, not as ids passed back
    # (binding thousands of parameters cost more than the read).
    dated = activities.order_by().annotate(day=Cast("date", TextField()))
    found = list(dated.values_list("id", "day", "kind", "status")[: READ_WHOLE + 1])
    conferences: list[int] | None = None
    if len(found) <= READ_WHOLE:
        found.sort(key=lambda row: row[0])
        found.sort(key=lambda row: row[1] or "", reverse=True)
        newest = [pk for pk, *_rest in found[:PLACE_SECTION_ROWS]]
        total = (len(found), False)
        conferences = [
            pk for pk, _day, kind, status in found if kind == "review_conference" and status != "cancelled"
        ]
    else:
        # A busy agreement: walking the date index finds its newest activities at once.
        newest = list(activities.order_by("-date", "id").values_list("id", flat=True)[:PLACE_SECTION_ROWS])
        total = capped_count(activities, len(newest))
    if agreement.review_every_years:
        # By id when known (none: no query); else the agreement's review conferences, read by kind.
        prefetch_related_objects([agreement], review_activities(conferences))
    # Only what the sections' tables draw: places and parties (not each activity's agreements or
    # text), the figures' metrics (not their agreement and activity).
    drawn = (
        Activity.objects.select_related("place").prefetch_related("parties").defer("description", "folded")
    )
    shown = sorted(drawn.filter(id__in=newest), key=lambda a: (str(a.date or ""), a.id))
    figures, figures_total = _figures(
        user, agreement, None if conferences is None else [pk for pk, *_r in found]
    )
    return Sections(shown, total, figures, figures_total)


def _figures(
    user: Any, agreement: Agreement, activity_ids: list[int] | None
) -> tuple[list[Figure], tuple[int, bool]]:
    """Its own figures and those reported at its activities (a review conference's), as the dashboard counts them.

    Read as the union of two indexed reads: asked as one `agreement = … OR activity IN (…)`, PostgreSQL
    could use no index and read all two million figures to count them (1.4 s for the busiest agreement).
    The activities' ids are passed when the page has read them all, else found through their links.
    """
    own = visible(user, Figure.objects.filter(agreement=agreement))
    if activity_ids is None:
        links = Activity.agreements.through.objects.filter(agreement=agreement).values("activity_id")
        reported = visible(user, Figure.objects.filter(activity__in=links))
    else:
        reported = visible(user, Figure.objects.filter(among("activity_id", activity_ids)))
    # One read of the union, in page order, gives both the first ids and the (capped) count; the start
    # as text spares a PartialDate for each of up to COUNT_CAP rows.
    keys = ("id", "metric_id", "start")
    union = (
        own.order_by()
        .annotate(start=Cast("period_start", TextField()))
        .values_list(*keys)
        .union(reported.order_by().annotate(start=Cast("period_start", TextField())).values_list(*keys))
    )
    ids = [row[0] for row in union.order_by("metric_id", "-start", "id")[: COUNT_CAP + 1]]
    first = ids[:PLACE_SECTION_ROWS]
    drawn = figures_queryset(user).select_related(None).select_related("metric").filter(id__in=first)
    position = {pk: i for i, pk in enumerate(first)}
    figures = sorted(drawn, key=lambda f: position[f.pk])
    total = len(ids)
    return figures, (min(total, COUNT_CAP), total > COUNT_CAP)
