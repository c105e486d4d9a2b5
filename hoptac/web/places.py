"""A place's page: its agreements, newest activities and figures, people, partners and lineage.

A busy partner (Champasak, Salavan) is party to hundreds of agreements and a hundred thousand
activities; the page shows the newest PLACE_SECTION_ROWS of each with counts and links to the full
lists, and remembers which rows those are until the registry changes (core.freshness).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, F, OuterRef

from hoptac.activities.bounds import latest_date, newest_ids
from hoptac.activities.models import Activity
from hoptac.agreements.models import AgreementParty
from hoptac.agreements.status import start_of
from hoptac.core.freshness import cached
from hoptac.core.permissions import sees_all, visible
from hoptac.core.validation import today
from hoptac.figures.models import Figure
from hoptac.people.models import Title
from hoptac.places.models import Place
from hoptac.places.services import lineage_of
from hoptac.web.queries import (
    COUNT_CAP,
    PLACE_SECTION_ROWS,
    QUIET_PLACE,
    AgreementRow,
    activities_queryset,
    agreements_queryset,
    figures_queryset,
    rows,
    timeline,
)


@dataclass
class PlacePage:
    """Everything a place's page shows."""

    place: Place
    codes: list[str]
    lineage: list[Any]
    agreements: list[AgreementRow]  # the PLACE_SECTION_ROWS most recently begun
    agreements_total: tuple[int, bool]
    timeline: dict[str, Any]
    activities: list[Activity]  # the newest PLACE_SECTION_ROWS
    activities_total: tuple[int, bool]  # (count, True when it is only "more than")
    figures: list[Figure]  # the first PLACE_SECTION_ROWS, by metric then newest period
    figures_total: tuple[int, bool]
    titles: list[Title]
    partners: list[Place]


def place_activities(user: Any, codes: list[str]) -> tuple[list[int], tuple[int, bool]]:
    """The ids of the newest activities a place is party to or hosts, and how many there are (capped).

    The newest as a party and the newest as host are simple queries the planner estimates well from
    the place's statistics, merged by a third over at most a few times the rows shown. One OR over
    both made it walk the date index through a million rows for a quiet place; the walk starts at the
    places' latest activity date (`activities.bounds`), so a province merged away in 2025 does not
    walk through every later activity of everyone else first.
    """
    party_of = Activity.parties.through.objects.filter(place_id__in=codes).values("activity_id")
    as_party = visible(user, Activity.objects.filter(id__in=party_of))
    as_host = visible(user, Activity.objects.filter(place__in=codes))
    until = latest_date(codes)
    newest = [
        pk
        for side in (as_party, as_host)
        for pk in newest_ids(side, until, ("-date", "id"), PLACE_SECTION_ROWS)
    ]
    shown = list(
        visible(user, Activity.objects.filter(id__in=newest))
        .order_by("-date", "id")
        .values_list("id", flat=True)[:PLACE_SECTION_ROWS]
    )
    if len(shown) < PLACE_SECTION_ROWS:
        return shown, (len(shown), False)
    if sees_all(user, Activity):
        # Seeing every activity, the links alone are counted (their place index, no activity read);
        # a place is linked once per activity, so only several places' links need DISTINCT.
        links = Activity.parties.through.objects.filter(place_id__in=codes).order_by()
        # Any one place's links past the cap decide it; DISTINCT (a successor's page) only below it.
        total = max(links.filter(place_id=code)[: COUNT_CAP + 1].count() for code in codes)
        if len(codes) > 1 and total <= COUNT_CAP:
            total = links.values("activity_id").distinct()[: COUNT_CAP + 1].count()
    else:
        total = as_party.order_by()[: COUNT_CAP + 1].count()
    if total <= COUNT_CAP:
        # Few enough party ids for NOT IN to hash them; for a busy partner the cap is already passed.
        total += as_host.exclude(id__in=party_of).order_by()[: COUNT_CAP + 1].count()
    return shown, (min(total, COUNT_CAP), total > COUNT_CAP)


def place_figures(user: Any, codes: list[str]) -> tuple[list[int], tuple[int, bool]]:
    """The ids of the first figures (by metric, newest period) with a place in their scope, and how many (capped).

    A quiet place's few figure ids are read off the scope index and joined by id; a busy partner is in
    the scope of a million figures, too many ids to hash, so EXISTS along the ordering index finds
    the first ones at once. Which case applies is told by the capped count the page shows anyway.
    """
    scope = Figure.scope.through.objects.filter(place_id__in=codes)
    figures = visible(user, Figure.objects.all())
    total = scope.values("figure_id").order_by()[: COUNT_CAP + 1].count()
    if total <= QUIET_PLACE:
        figures = figures.filter(id__in=list(scope.values_list("figure_id", flat=True)))
    else:
        figures = figures.filter(Exists(scope.filter(figure_id=OuterRef("pk"))))
    shown = list(
        figures.order_by("metric_id", "-period_start", "id").values_list("id", flat=True)[:PLACE_SECTION_ROWS]
    )
    if len(shown) < PLACE_SECTION_ROWS:
        return shown, (len(shown), False)
    if total <= COUNT_CAP:
        # Scope rows count a figure once per place: a figure of two merged places is one figure.
        total = figures.order_by().count()
    return shown, (min(total, COUNT_CAP), total > COUNT_CAP)


def place_page(user: Any, place: Place, on: dt.date | None = None) -> PlacePage:
    """A place with the agreements, activities, figures and people of it and of the places merged into it."""
    day = on or today()
    lineage = lineage_of(place)
    # A province merged in 2025 handed its agreements on; its successor's page shows them too.
    codes = [place.code] + [link.predecessor_id for link in lineage if link.successor_id == place.code]
    party_to = AgreementParty.objects.filter(place__in=codes).values("agreement_id")
    agreements = agreements_queryset(user).filter(id__in=party_to)
    newest = agreements.annotate(_start=start_of()).order_by(F("_start").desc(nulls_last=True), "title")
    agreement_rows = rows(newest[:PLACE_SECTION_ROWS], day)
    shown_agreements = len(agreement_rows)
    agreements_total = shown_agreements if shown_agreements < PLACE_SECTION_ROWS else agreements.count()
    # Through id subqueries rather than joins: no DISTINCT over a busy partner's 100,000 rows, and
    # the newest page is read off the date index. Which rows those are is kept until a change.
    key = ",".join(codes)
    activity_ids, activities_total = cached(
        f"place-activities:{key}", user, day, lambda: place_activities(user, codes)
    )
    figure_ids, figures_total = cached(f"place-figures:{key}", user, day, lambda: place_figures(user, codes))
    shown_activities = sorted(
        activities_queryset(user).filter(id__in=activity_ids), key=lambda a: activity_ids.index(a.id)
    )
    shown_figures = sorted(
        figures_queryset(user).filter(id__in=figure_ids), key=lambda f: figure_ids.index(f.id)
    )
    titles = list(
        Title.objects.filter(place__in=codes)
        .select_related("person", "place")
        .order_by("person__name", "start")
    )
    partner_codes = AgreementParty.objects.filter(agreement__in=agreements.values("id")).exclude(
        place__in=codes
    )
    partners = Place.objects.filter(code__in=partner_codes.values("place_id"))
    return PlacePage(
        place=place,
        codes=codes,
        lineage=lineage,
        agreements=agreement_rows,
        agreements_total=(agreements_total, False),
        timeline=timeline(agreement_rows, day, codes=codes),
        activities=shown_activities,
        activities_total=activities_total,
        figures=shown_figures,
        figures_total=figures_total,
        titles=titles,
        partners=sorted(partners, key=lambda p: p.display_name),
    )
