"""The dashboard: what needs attention now, worked out by the database so it stays instant nationally.

Agreement statuses come from the SQL rule (`agreements.status`), reviews from the agreements' review
rhythm read as plain values (`due_reviews`); only the rows a panel shows are read as full records.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery, TextField
from django.db.models.functions import Cast, Substr

from hoptac.activities.models import Activity
from hoptac.agreements.models import Agreement, AgreementParty
from hoptac.agreements.status import ended_by, with_status
from hoptac.core.freshness import asked, cached, warmer
from hoptac.core.permissions import sees_all, visible
from hoptac.core.validation import today
from hoptac.figures.models import Figure
from hoptac.places.models import Place
from hoptac.summaries.due import DueReview, behind_from_summary, behind_ids, due_reviews
from hoptac.summaries.services import tally_per_year, usable
from hoptac.web.queries import (
    AgreementRow,
    CommitmentState,
    ReviewDue,
    activities_queryset,
    agreements_queryset,
    commitment_states,
    commitments_queryset,
    figures_queryset,
    rows,
)
from hoptac.web.reviews import review_rows
from hoptac.web.templatetags.links import link

# The figures an officer looks for first on the dashboard, in this order.
HEADLINE_METRICS = (
    "delegations_exchanged",
    "delegation_members",
    "conferences_held",
    "border_crossings_people",
    "trade_turnover",
    "investment_capital",
    "scholarships_awarded",
    "remains_repatriated",
)


@dataclass
class Bar:
    """One bar of a server-rendered horizontal bar chart."""

    label: str
    value: float
    text: str
    width: float = 0.0
    y: int = 0
    href: str = ""


def bar_chart(
    items: list[tuple[str, float, str, str]], width: float = 260.0, row: int = 26
) -> dict[str, Any]:
    """Geometry for an inline SVG bar chart: items are (label, value, value text, link)."""
    top = max((v for _l, v, _t, _h in items), default=0) or 1
    bars = [
        Bar(label, value, text, width=max(2.0, width * value / top), y=i * row, href=href)
        for i, (label, value, text, href) in enumerate(items)
    ]
    return {"bars": bars, "height": max(row, row * len(bars)), "row": row, "width": width}


def behind_schedule(user: Any, on: dt.date, shown: int = 10) -> tuple[int, list[CommitmentState]]:
    """How many commitments are behind schedule, and the first `shown` of them, read in full.

    From the summary table the database counts them and reads the first ones (nationally most of
    50,000 commitments are behind: their ids are not worth carrying); otherwise all ids are worked out.
    """
    if usable():

        def first_ones() -> tuple[int, list[int]]:
            rows = behind_from_summary(user, on)
            return rows.count(), list(rows.values_list("commitment_id", flat=True)[:shown])

        count, ids = cached(f"behind-first:{shown}", user, on, first_ones)
    else:
        every = cached("behind", user, on, lambda: behind_ids(user, on))
        count, ids = len(every), every[:shown]
    first = {c.id: c for c in commitments_queryset(user).filter(id__in=ids)}
    return count, commitment_states([first[pk] for pk in ids if pk in first], on)


def headline(user: Any) -> list[int]:
    """The ids of the latest figure of each headline metric, by period end (else start), read off the indexes.

    One query finds, per metric, the candidates (latest by end; latest by start among those without an
    end; any without dates), each a correlated ORDER BY … LIMIT 1 that an index serves; a second reads them.
    """
    from hoptac.figures.models import Metric

    shown = visible(user, Figure.objects.all())
    no_end = shown.filter(metric=OuterRef("pk"), period_end=None)
    firsts = {
        "by_end": shown.filter(metric=OuterRef("pk")).exclude(period_end=None).order_by("-period_end", "id"),
        "by_start": no_end.exclude(period_start=None).order_by("-period_start", "id"),
        "undated": no_end.filter(period_start=None).order_by("id"),
    }
    candidates = Metric.objects.filter(code__in=HEADLINE_METRICS).values_list(
        *(Subquery(qs.values("id")[:1]) for qs in firsts.values())  # type: ignore[arg-type]
    )
    ids = {i for row in candidates for i in row if i is not None}
    latest: dict[str, tuple[str, int]] = {}
    # Only ids and dates: the dashboard reads the chosen figures in full with its other rows.
    candidates_read = (
        Figure.objects.filter(id__in=ids)
        .order_by("id")
        .annotate(end_text=Cast("period_end", TextField()), start_text=Cast("period_start", TextField()))
    )
    for pk, metric, end, start in candidates_read.values_list("id", "metric_id", "end_text", "start_text"):
        key = end or start or ""
        if metric not in latest or key > latest[metric][0]:
            latest[metric] = (key, pk)
    return [latest[m][1] for m in HEADLINE_METRICS if m in latest]


# The chart of activities held shows this many years, the latest with any.
SHOWN_YEARS = 8


def held_per_year(user: Any, since: int | None = None) -> list[tuple[int, int]]:
    """(year, activities held) in year order, counted by the database from the ISO date text (from `since`).

    Read off the activity tally (a few hundred rows) by whoever sees every activity; anyone else
    counts their own, fewer, activities.
    """
    if sees_all(user, Activity) and usable():
        return tally_per_year(Activity.Status.HELD, since)
    held = visible(user, Activity.objects.filter(status=Activity.Status.HELD))
    if since is not None:
        held = held.filter(date__gte=str(since))  # ISO text: "2019…" and later; no yearless "--MM-DD"
    counts = (
        held.exclude(date__isnull=True)
        .exclude(date__startswith="-")
        .annotate(year=Substr("date", 1, 4))
        .values("year")
        .annotate(n=Count("id"))
        .order_by("year")
    )
    return [(int(c["year"]), c["n"]) for c in counts]


def latest_held_years(user: Any, day: dt.date) -> list[tuple[int, int]]:
    """The last SHOWN_YEARS years with activities held: counted over those years, over all only when fewer have any."""
    # Two years to spare: this year and the last may have none held yet (a registry entered late).
    recent = held_per_year(user, since=day.year - SHOWN_YEARS - 1)
    return recent if len(recent) >= SHOWN_YEARS else held_per_year(user)


# Each panel lists this many rows, with a count and a link to the rest.
SHOWN = 10


@dataclass
class Dashboard:
    """Everything the dashboard shows: the first rows of each panel and how many there are in all."""

    in_force: list[AgreementRow] = field(default_factory=list)
    in_force_count: int = 0
    expiring: list[AgreementRow] = field(default_factory=list)
    expiring_count: int = 0
    expired_alone: list[AgreementRow] = field(default_factory=list)
    drafts: list[AgreementRow] = field(default_factory=list)
    reviews: list[ReviewDue] = field(default_factory=list)
    reviews_count: int = 0
    behind: list[CommitmentState] = field(default_factory=list)  # the first `shown` of them
    behind_count: int = 0
    latest_activities: list[Activity] = field(default_factory=list)
    upcoming_activities: list[Activity] = field(default_factory=list)
    headline: list[Figure] = field(default_factory=list)
    by_year: dict[str, Any] = field(default_factory=dict)
    by_partner: dict[str, Any] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)


def by_partner(agreements: QuerySet[Agreement]) -> dict[str, Any]:
    """Bar chart of the agreements in force or signed, counted per foreign party."""
    counted = (
        AgreementParty.objects.filter(agreement__in=agreements.values("id"))
        .exclude(place__country_code="VN")
        .values("place_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts = {c["place_id"]: c["n"] for c in counted}
    names = {p.code: p.display_name for p in Place.objects.filter(code__in=counts)}
    return bar_chart(
        [
            (names[code], n, str(n), link(code, "web:place"))
            for code, n in sorted(counts.items(), key=lambda kv: (-kv[1], names[kv[0]]))
        ]
    )


@dataclass
class AgreementSummary:
    """What the dashboard derives from all agreements: counts, the ids each panel shows, reviews, partners."""

    counts: dict[str, int]
    panels: dict[str, list[int]]
    due: list[DueReview]
    partners: dict[str, Any]


def agreement_summary(user: Any, day: dt.date) -> AgreementSummary:
    """Counts and panel ids by the SQL status rule, reviews due by the agreements' rhythm."""
    shown = with_status(visible(user, Agreement.objects.all()), day)
    horizon = day + dt.timedelta(days=365)
    in_force = Q(derived_status="in_force")
    expiring = in_force & ended_by("period_end", horizon)
    alone = Q(derived_status="expired") & ~Exists(Agreement.objects.filter(predecessor=OuterRef("pk")))
    counts = shown.aggregate(
        agreements=Count("id"), in_force=Count("id", filter=in_force), expiring=Count("id", filter=expiring)
    )
    panels = {
        "in_force": list(shown.filter(in_force).values_list("id", flat=True)[:SHOWN]),
        "expiring": list(
            shown.filter(expiring)
            .order_by("period_end", "-period_start", "title")
            .values_list("id", flat=True)[:SHOWN]
        ),
        "alone": list(shown.filter(alone).values_list("id", flat=True)[:SHOWN]),
        # Drafts: read from an article or typed without a signing date, for an officer to confirm.
        "drafts": list(
            shown.filter(derived_status="draft").order_by("-updated_at").values_list("id", flat=True)[:SHOWN]
        ),
    }
    due = [d for d in due_reviews(visible(user, Agreement.objects.all()), day) if d.year <= day.year + 1]
    partners = by_partner(shown.filter(derived_status__in=("in_force", "signed")))
    return AgreementSummary(counts, panels, due, partners)


def panel_rows(user: Any) -> dict[str, list[int]]:
    """The ids of the latest held and next planned activities and of the headline figures."""
    activities = visible(user, Activity.objects.all())
    return {
        "latest": list(
            activities.filter(status=Activity.Status.HELD)
            .order_by("-date", "-id")
            .values_list("id", flat=True)[:8]
        ),
        # A planned activity without a year (day and month only) sorts first, as str(date) did before.
        "upcoming": list(
            activities.filter(status=Activity.Status.PLANNED)
            .order_by("date", "id")
            .values_list("id", flat=True)[:8]
        ),
        "headline": headline(user),
    }


@warmer("dashboard")
def dashboard(user: Any, on: dt.date | None = None) -> Dashboard:
    """The dashboard: agreements in force and ending, reviews due, commitments behind, activities, figures."""
    day = on or today()
    asked("dashboard", user, day)
    board = Dashboard()
    summary = cached("dashboard-agreements", user, day, lambda: agreement_summary(user, day))
    board.in_force_count, board.expiring_count = summary.counts["in_force"], summary.counts["expiring"]
    due, panels = summary.due, summary.panels
    board.reviews_count = len(due)
    # The rows the panels show, read in one go, so the queries do not depend on which panels are empty.
    wanted = {pk for ids in panels.values() for pk in ids} | {d.agreement_id for d in due[:SHOWN]}
    by_id = {r.agreement.pk: r for r in rows(agreements_queryset(user).filter(id__in=wanted), day)}
    board.in_force = [by_id[pk] for pk in panels["in_force"] if pk in by_id]
    board.expiring = [by_id[pk] for pk in panels["expiring"] if pk in by_id]
    board.expired_alone = [by_id[pk] for pk in panels["alone"] if pk in by_id]
    board.drafts = [by_id[pk] for pk in panels.get("drafts", []) if pk in by_id]
    board.reviews = review_rows(due[:SHOWN], by_id)
    board.behind_count, board.behind = behind_schedule(user, day)
    # Which activities and figures the panels show is kept with the rest; the records are read fresh.
    ids = cached("dashboard-rows", user, day, lambda: panel_rows(user))
    activities = {a.pk: a for a in activities_queryset(user).filter(id__in=ids["latest"] + ids["upcoming"])}
    board.latest_activities = [activities[pk] for pk in ids["latest"] if pk in activities]
    board.upcoming_activities = [activities[pk] for pk in ids["upcoming"] if pk in activities]
    figures = {f.pk: f for f in figures_queryset(user).filter(id__in=ids["headline"])}
    board.headline = [figures[pk] for pk in ids["headline"] if pk in figures]
    held = cached("held-per-year", user, day, lambda: latest_held_years(user, day))
    board.by_year = bar_chart([(str(y), n, str(n), "") for y, n in held[-SHOWN_YEARS:]])
    board.by_partner = summary.partners
    # No count of activities: a million rows is not a number to count on every visit of the dashboard.
    board.counts = {"agreements": summary.counts["agreements"]}
    return board
