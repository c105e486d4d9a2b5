"""What is due and when: reviews by the agreements' rhythm, commitments behind schedule, agreements ending,
planned activities.

The rules the dashboard, the calendar and the reminders share. They sit below delivery so that the
reminders (notifications) read them without importing the pages (web), and a reminder never says
something the pages do not. Every function takes the user and reads only what they may see.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from django.db.models import (
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    TextField,
    Value,
)
from django.db.models.functions import Cast, Coalesce
from django.utils.translation import gettext as _

from hoptac.activities.models import Activity
from hoptac.agreements.models import Agreement, AgreementParty, Commitment
from hoptac.agreements.services import review_years
from hoptac.agreements.status import ended_by, with_status
from hoptac.core.dates import PartialDate
from hoptac.core.permissions import visible
from hoptac.summaries.days import day_number
from hoptac.summaries.models import CommitmentTotal, ReviewHeld


@dataclass(frozen=True)
class DueReview:
    """A review an agreement's rhythm calls for and no review conference has held, as plain values."""

    year: int
    title: str
    agreement_id: int
    uid: Any
    host: str | None
    final: bool


def due_reviews(agreements: QuerySet[Agreement], on: dt.date) -> list[DueReview]:
    """Reviews not yet held of the agreements in force or signed on the day, by year then title.

    Read as values in three queries (agreements, their parties in order, the years held from the
    `ReviewHeld` summary), so thousands of agreements cost milliseconds; `planned_reviews` is the same
    rule for one agreement read as records.
    """
    running = (
        with_status(agreements.filter(review_every_years__gt=0), on)
        .filter(derived_status__in=("in_force", "signed"))
        .order_by()
    )
    values = list(
        running.values_list(
            "id",
            "uid",
            "title",
            "effective_on",
            "period_start",
            "signed_on",
            "period_end",
            "review_every_years",
            "review_host_rotates",
            "signed_place_id",
        )
    )
    # The ids as a subquery: thousands of literal ids cost PostgreSQL more to plan than to run.
    ids = running.values("id")
    hosts: dict[int, list[str]] = {}
    parties = AgreementParty.objects.filter(agreement_id__in=ids)
    for agreement_id, place_id in parties.order_by("agreement_id", "position", "id").values_list(
        "agreement_id", "place_id"
    ):
        hosts.setdefault(agreement_id, []).append(place_id)
    held = held_reviews(ids)
    due = [
        DueReview(year, title, pk, uid, host, final)
        for pk, uid, title, effective, start, signed, end, every, rotates, signed_at in values
        for year, host, final in review_years(
            effective or start or signed, end, every, hosts.get(pk, []), signed_at, rotates
        )
        if (pk, year) not in held
    ]
    return sorted(due, key=lambda d: (d.year, d.title, d.agreement_id))


def held_reviews(ids: Any) -> set[tuple[int, int]]:
    """(agreement id, year) of each year in which one of the agreements had a review conference, not cancelled."""
    from hoptac.summaries.services import usable

    if usable():
        return set(ReviewHeld.objects.filter(agreement_id__in=ids).values_list("agreement_id", "year"))
    conferences = Activity.agreements.through.objects.filter(
        agreement_id__in=ids, activity__kind="review_conference"
    ).exclude(activity__status="cancelled")
    return {
        (agreement_id, date.year)
        for agreement_id, date in conferences.values_list("agreement_id", "activity__date")
        if date is not None and date.year is not None
    }


def elapsed_share(start: PartialDate | None, end: PartialDate | None, on: dt.date) -> Decimal | None:
    """The share of a period gone by on a day (0 before it starts, 1 after it ends); None if open."""
    first = start.earliest() if start else None
    last = end.latest() if end else None
    if first is None or last is None or last <= first:
        return None
    if on <= first:
        return Decimal(0)
    if on >= last:
        return Decimal(1)
    return Decimal((on - first).days) / Decimal((last - first).days)


def delivered_total() -> Coalesce:
    """Sum of deliveries, 0 when none (a NULL would make `delivered()` query again for each commitment)."""
    return Coalesce(Sum("deliveries__quantity"), Value(Decimal(0)), output_field=DecimalField())


def visible_commitments(user: Any) -> QuerySet[Commitment]:
    """Commitments under agreements the user may see, with their delivered totals (from the summary
    table when it can be used: a join on the key instead of summing every delivery)."""
    from hoptac.summaries.services import usable

    under = Commitment.objects.filter(agreement__in=visible(user, Agreement.objects.all()))
    if usable():
        total = Coalesce(F("summary__delivered"), Value(Decimal(0)), output_field=DecimalField())
        return visible(user, under).annotate(delivered_total=total)
    return visible(user, under).annotate(delivered_total=delivered_total())


def maybe_behind(commitments: QuerySet[Commitment], on: dt.date) -> QuerySet[Commitment]:
    """Commitments that can be behind (a quantity not yet delivered, a period begun): the rest never are.

    The exact rule stays `CommitmentState.behind`; this only spares reading the commitments it cannot
    hold for (progress < elapsed needs progress < 1 and a start on or before the day). Partial dates
    are ISO text, so "2024" or "2024-12" ≤ "2026-11-24" exactly when their earliest day is.
    """
    started = Q(period_start__lte=on.isoformat())  # no start: no elapsed share, never behind
    # delivered_total is annotated by visible_commitments(), which the stubs cannot see.
    return commitments.filter(started, quantity__gt=0, delivered_total__lt=F("quantity"))  # type: ignore[misc]


BEHIND_ORDER = ("agreement_id", "period_start", "id")


@lru_cache(maxsize=4096)
def _share(start: str | None, end: str | None, on: dt.date) -> Decimal | None:
    return elapsed_share(PartialDate.parse(start), PartialDate.parse(end), on)


def behind_ids(user: Any, on: dt.date) -> list[int]:
    """The ids of the commitments behind schedule on the day, in the list's order.

    The rule is `CommitmentState.behind` (progress below the share of the period gone by). From the
    summary table it is one query: with day numbers f (first), l (last) and d (the day), behind means
    f < d < l and delivered × (l − f) < quantity × (d − f), or d ≥ l > f and delivered < quantity —
    the same comparison without division. Otherwise it is applied to plain values read from the base
    tables (no model instances for 50,000 commitments).
    """
    from hoptac.summaries.services import usable

    if usable():
        return list(behind_from_summary(user, on).values_list("commitment_id", flat=True))
    # An explicit order: Meta.ordering is dropped from GROUP BY queries (the delivered sum), so the
    # dashboard's first ten would otherwise differ between databases and runs.
    # Dates as plain text (no PartialDate per row), their shares worked out once per distinct period.
    as_text = {f"{name}_text": Cast(name, TextField()) for name in ("period_start", "period_end", "due")}
    values = (
        maybe_behind(visible_commitments(user), on)
        .order_by(*BEHIND_ORDER)
        .annotate(**as_text)
        .values_list("id", "quantity", "delivered_total", *as_text)  # type: ignore[misc]
    )
    return [
        pk
        for pk, quantity, total, start, end, due in values
        # The same arithmetic as progress() and elapsed_share(), on the values.
        if (share := _share(start, end or due, on)) is not None and total / quantity < share
    ]


def behind_from_summary(user: Any, on: dt.date) -> QuerySet[CommitmentTotal]:
    """The summary rows of the commitments behind schedule on the day, in the list's order (call
    `summaries.services.usable()` first)."""
    day = day_number(on)
    # Commitments follow their agreement's visibility (agreements.policies): filtered by its ids.
    rows = CommitmentTotal.objects.filter(
        agreement_id__in=visible(user, Agreement.objects.all()).values("id"),
        quantity__gt=0,
        first_day__lt=day,
        last_day__gt=F("first_day"),
        delivered__lt=F("quantity"),
    )
    ended = Q(last_day__lte=day)
    gone = ExpressionWrapper(F("quantity") * (Value(day) - F("first_day")), DecimalField())
    done = ExpressionWrapper(F("delivered") * (F("last_day") - F("first_day")), DecimalField())
    running = rows.annotate(gone=gone, done=done).filter(ended | Q(done__lt=F("gone")))
    return running.order_by("agreement_id", "start", "commitment_id")


def ending_alone(user: Any, day: dt.date, horizon: dt.date) -> QuerySet[Agreement]:
    """Agreements in force on the day that end by the horizon and have no successor recorded."""
    return (
        with_status(visible(user, Agreement.objects.all()), day)
        .filter(derived_status="in_force")
        .filter(ended_by("period_end", horizon))
        .filter(~Exists(Agreement.objects.filter(predecessor=OuterRef("pk"))))
    )


@dataclass(frozen=True)
class PlannedActivity:
    """A planned activity known to the day, as plain values."""

    uid: Any
    date: dt.date
    title: str
    place: str


def activity_title(title: str, kind: str, where: str) -> str:
    """An activity's title, or what it is and where when it has none ("Visit in Champasak")."""
    if title:
        return title
    what = str(dict(Activity.Kind.choices).get(kind, kind))
    shown = _("%(what)s in %(host)s") % {"what": what, "host": where} if where else what
    return shown[:1].upper() + shown[1:]


def planned_between(user: Any, first: dt.date, last: dt.date) -> list[PlannedActivity]:
    """The planned activities the user may see dated to a day from `first` to `last`, by date."""
    # ISO text: the days of the range sort between its bounds; "2026-12" (a month) sorts before them.
    planned = visible(
        user,
        Activity.objects.filter(
            status=Activity.Status.PLANNED, date__gte=first.isoformat(), date__lte=last.isoformat()
        ),
    ).order_by("date", "id")
    found = []
    for uid, title, kind, date, place_vi, place in planned.values_list(
        "uid", "title", "kind", "date", "place__name_vi", "place__name"
    ):
        when = date.earliest() if date is not None and date.precision == "day" else None
        if when is not None and first <= when <= last:
            where = place_vi or place or ""
            found.append(PlannedActivity(uid, when, activity_title(title, kind, where), where))
    return found
