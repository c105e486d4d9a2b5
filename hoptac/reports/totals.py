"""The totals a report shows: figures added up per metric and scope, held activities counted.

Figures of the same quantity over overlapping periods are alternatives, not parts: only disjoint
periods are added. The activity counts run in the database.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import Substr

from hoptac.activities.models import Activity
from hoptac.core.dates import PartialDate
from hoptac.figures.models import Figure
from hoptac.places.models import Place


@dataclass
class FigureTotal:
    """Figures of one metric and scope added up over non-overlapping periods (overlapping ones are alternatives)."""

    metric: str
    name_vi: str
    unit: str
    value: Decimal
    scope: tuple[str, ...]
    first: PartialDate | None
    last: PartialDate | None
    figures: list[Figure] = field(default_factory=list)
    skipped: int = 0  # overlapping reports of the same quantity, left out of the sum


def figure_period(figure: Figure) -> tuple[PartialDate | None, PartialDate | None]:
    """The first and last date a figure speaks of: its period, or else the day of its activity."""
    if figure.period_start is not None:
        return figure.period_start, figure.period_end or figure.period_start
    # A figure without a period was reported at an activity: it stands as of that day.
    if figure.activity is not None and figure.activity.date is not None:
        return figure.activity.date, figure.activity.date
    return None, figure.period_end


def _span(first: PartialDate | None, last: PartialDate | None) -> tuple[dt.date, dt.date] | None:
    if first is None or first.year is None:
        return None
    return first.earliest() or dt.date.min, (last or first).latest() or dt.date.max


def figure_scopes(figures: list[Figure]) -> dict[int, tuple[str, ...]]:
    """Each figure's scope as sorted place codes, read in one query (no Place objects to build)."""
    through = Figure.scope.through
    scopes: dict[int, list[str]] = defaultdict(list)
    ids = [f.pk for f in figures]
    for start in range(0, len(ids), 900):  # SQLite allows a limited number of parameters
        rows = through.objects.filter(figure_id__in=ids[start : start + 900]).values_list(
            "figure_id", "place_id"
        )
        for figure_id, code in rows:
            scopes[figure_id].append(code)
    return {pk: tuple(sorted(scopes.get(pk, []))) for pk in ids}


def total_figures(figures: list[Figure], scopes: dict[int, tuple[str, ...]]) -> list[FigureTotal]:
    """Add up each metric per scope over disjoint periods; of overlapping reports keep the widest."""
    groups: dict[tuple[str, str, tuple[str, ...]], list[Figure]] = defaultdict(list)
    for figure in figures:
        scope = scopes[figure.pk]
        groups[(figure.metric_id, figure.unit, scope)].append(figure)
    totals: list[FigureTotal] = []
    for (metric, unit, scope), members in groups.items():
        dated: list[tuple[tuple[dt.date, dt.date], Figure]] = []
        for figure in members:
            span = _span(*figure_period(figure))
            if span is None:
                totals.append(_total(metric, unit, scope, [figure], None, None))
            else:
                dated.append((span, figure))
        dated.sort(key=lambda item: (item[0][0] - item[0][1], item[0][0]))  # widest first
        picked: list[tuple[tuple[dt.date, dt.date], Figure]] = []
        for span, figure in dated:
            if all(span[1] < other[0] or span[0] > other[1] for other, _ in picked):
                picked.append((span, figure))
        if picked:
            picked.sort(key=lambda item: item[0][0])
            periods = [figure_period(f) for _, f in picked]
            total = _total(metric, unit, scope, [f for _, f in picked], periods[0][0], periods[-1][1])
            total.skipped = len(dated) - len(picked)
            totals.append(total)
    totals.sort(key=lambda t: (t.figures[0].metric.position, t.metric, -len(t.scope), str(t.first or "")))
    return totals


def _total(
    metric: str, unit: str, scope: tuple[str, ...], figures: list[Figure], first: Any, last: Any
) -> FigureTotal:
    return FigureTotal(
        metric=metric,
        name_vi=figures[0].metric.name_vi,
        unit=unit,
        value=sum((f.value for f in figures), Decimal(0)),
        scope=scope,
        first=first,
        last=last,
        figures=figures,
    )


def activity_counts(activities: QuerySet[Activity]) -> list[dict[str, Any]]:
    """Held activities counted by year and kind in the database: [{year, kind, n, people}]."""
    rows: Any = (
        activities.filter(status=Activity.Status.HELD)
        .order_by()
        .annotate(year=Substr("date", 1, 4))
        .values("year", "kind")
        .annotate(n=Count("id", distinct=True), people=Sum("delegation_size"))
        .order_by("year", "kind")
    )
    return list(rows)


def partner_counts(activities: QuerySet[Activity], foreign: list[Place]) -> list[tuple[Place, int]]:
    """Held activities counted per foreign partner, in the database."""
    through = Activity.parties.through
    rows = (
        through.objects.filter(
            activity_id__in=activities.filter(status=Activity.Status.HELD).order_by().values("pk"),
            place_id__in=[p.code for p in foreign],
        )
        .values("place_id")
        .annotate(n=Count("activity_id", distinct=True))
    )
    found = {row["place_id"]: row["n"] for row in rows}
    return [(p, found.get(p.code, 0)) for p in foreign]
