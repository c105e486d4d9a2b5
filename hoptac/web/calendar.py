"""The calendar of reviews due, agreement expiries, commitment deadlines and planned activities, and its ICS feed.

Dates in the registry are often partial. We never invent a day. In the feed (RFC 5545) an item
known to the day is an all-day event on that day; one known only to the month is an all-day event
spanning the whole month, and one known only to the year spans the whole year, each with the
precision said in the summary ("tháng 12/2027", "năm 2027"). A calendar program then shows the
item across the period in which it falls, which is exactly what is known. Items whose year is
unknown (day and month only) are left out of the feed.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Window
from django.db.models.functions import RowNumber, Substr
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hoptac.activities.models import Activity
from hoptac.agreements.models import Agreement, Commitment, commitment_label
from hoptac.agreements.status import with_status
from hoptac.core.dates import PartialDate
from hoptac.core.freshness import asked, cached, warmer
from hoptac.core.permissions import sees_all, visible
from hoptac.places.models import Place, place_name_in
from hoptac.summaries.due import activity_title, due_reviews
from hoptac.summaries.services import tally_per_month, usable
from hoptac.web import queries
from hoptac.web.templatetags.links import link

KIND_LABELS = {
    "review": gettext_lazy("review due"),
    "expiry": gettext_lazy("agreement ends"),
    "deadline": gettext_lazy("commitment deadline"),
    "activity": gettext_lazy("planned activity"),
    "held": gettext_lazy("activity held"),
}
# The calendar shows what was held as well as what is planned; a cancelled activity is left off.
SHOWN_STATUSES = ("planned", "held")


@dataclass
class CalendarItem:
    """One dated thing to remember."""

    date: PartialDate
    kind: str
    title: str
    url: str
    uid: str
    detail: str = ""

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS[self.kind])

    @property
    def sort_key(self) -> tuple[str, str]:
        return (self.date.isoformat(), self.title)


def year_window(first: int, last: int, *fields: str) -> Q:
    """Records whose first dated field among `fields` falls in the years first..last.

    Partial dates are ISO text, so a year range is a text range the date indexes serve
    ("2025-12" sorts between "2025" and "2026"); a date without a year ("--12-28") sorts before both.
    """
    inside = Q()
    earlier_empty = Q()
    for name in fields:
        in_range = Q(**{f"{name}__gte": str(first), f"{name}__lt": str(last + 1)})
        inside |= earlier_empty & in_range
        earlier_empty &= Q(**{f"{name}__isnull": True})
    return inside


def url_of(name: str) -> Any:
    """A function giving the address of a record by its uid, reversing the route once, not per item."""
    return lambda uid: link(uid, name)


def calendar_items(
    user: Any,
    on: dt.date | None = None,
    years: tuple[int, int] | None = None,
    per_month: int | None = None,
) -> list[CalendarItem]:
    """The items below, remembered until the registry changes (see core.freshness)."""
    day = on or queries.today()
    asked("calendar", user, day, years, per_month)
    name = f"calendar:{years}:{per_month}"
    return cached(name, user, day, lambda: _calendar_items(user, day, years, per_month))


@warmer("calendar")
def _warm_calendar(user: Any, day: dt.date, years: list[int] | None, per_month: int | None) -> None:
    calendar_items(user, day, (years[0], years[1]) if years else None, per_month)


def _calendar_items(
    user: Any,
    on: dt.date | None = None,
    years: tuple[int, int] | None = None,
    per_month: int | None = None,
) -> list[CalendarItem]:
    """Everything dated ahead or just behind: reviews not yet held, expiries, deadlines, planned activities.

    `years` (first, last) limits the items to those years, and `per_month` the planned activities of
    each month (or of a year, when only the year is known) to the first ones by date: a national
    registry plans tens of thousands a year, more than a page or a feed can show.
    """
    day = on or queries.today()
    agreement_url, activity_url = url_of("web:agreement"), url_of("web:activity")
    commitment_url = url_of("web:commitment")
    first, last = years or (1, 9999)
    items: list[CalendarItem] = []
    agreements = visible(user, Agreement.objects.all())
    everything = cached("reviews-due", user, day, lambda: due_reviews(agreements, day))
    reviews = [d for d in everything if first <= d.year <= last]
    hosts = Place.objects.in_bulk({d.host for d in reviews if d.host})
    for d in reviews:
        host = hosts[d.host].display_name if d.host in hosts else ""
        items.append(
            CalendarItem(
                PartialDate(d.year),
                "review",
                d.title,
                agreement_url(d.uid),
                f"review-{d.uid}-{d.year}",
                _("host: %(place)s") % {"place": host} if host else "",
            )
        )
    ending = (
        with_status(agreements, day)
        .filter(derived_status__in=("in_force", "signed"))
        .filter(year_window(first, last, "period_end"))
        .values_list("uid", "title", "period_end")
    )
    for uid, title, end in ending:
        items.append(CalendarItem(end, "expiry", title, agreement_url(uid), f"end-{uid}"))
    # Read as values: a national window holds thousands of deadlines and planned activities.
    open_commitments = (
        queries.commitments_queryset(user)
        .filter(year_window(first, last, "due", "period_end"))
        .order_by()  # sorted with the other items below: no sort by the agreements' order here
        # Fully delivered ones (progress 1 or more) are done; without a quantity there is no progress.
        .filter(Q(quantity__isnull=True) | Q(quantity=0) | Q(delivered_total__lt=F("quantity")))
        .values_list(
            "uid",
            "description",
            "giver_id",
            "giver__name",
            "giver__name_vi",
            "receiver_id",
            "receiver__name",
            "receiver__name_vi",
            "quantity",
            "unit",
            "due",
            "period_end",
            "agreement__title",
        )
    )
    for (
        uid,
        text,
        giver_code,
        giver_iso,
        giver_vi,
        receiver_code,
        receiver_iso,
        receiver_vi,
        quantity,
        unit,
        due,
        end,
        agreement_title,
    ) in open_commitments:
        deadline = due or end
        if deadline is None or deadline.year is None:
            continue
        if not text:
            giver = place_name_in(giver_code, giver_iso, giver_vi)
            receiver = place_name_in(receiver_code, receiver_iso, receiver_vi)
            text = commitment_label(
                giver, receiver, quantity, str(dict(Commitment.Unit.choices).get(unit, unit))
            )
        items.append(
            CalendarItem(
                deadline,
                "deadline",
                text,
                commitment_url(uid),
                f"deadline-{uid}",
                agreement_title,
            )
        )
    planned = visible(
        user, Activity.objects.filter(year_window(first, last, "date"), status__in=SHOWN_STATUSES)
    )
    columns = ("uid", "title", "kind", "date", "place_id", "place__name_vi", "place__name", "status")
    if per_month is None:
        planned_rows: list[tuple[Any, ...]] = list(planned.values_list(*columns))
    else:
        planned_rows = [
            row
            for part in first_of_each_month(planned, per_month, first, last)
            for row in part.values_list(*columns)
        ]
    for uid, title, kind, date, place_code, place_vi, place, status in planned_rows:
        if date is None or date.year is None:
            continue
        where = place_name_in(place_code, place or "", place_vi or "") if place_code else ""
        items.append(
            CalendarItem(
                date,
                "held" if status == "held" else "activity",
                activity_title(title, kind, where),
                activity_url(uid),
                f"activity-{uid}",
                where,
            )
        )
    in_window = [i for i in items if i.date.year is not None and first <= i.date.year <= last]
    return sorted(in_window, key=lambda i: i.sort_key)


def first_of_each_month(
    activities: QuerySet[Activity], limit: int, first: int, last: int
) -> list[QuerySet[Activity]]:
    """The first `limit` activities (by date) of each month of the years first..last, and of each year
    for those dated by the year alone: one small query per month, read off the (status, date) index.

    One query numbering every planned activity of the window by month (a window function) sorted all
    of them first: half a second for a national year.
    """
    first, last = max(first, 1), min(last, 9999)
    if last - first > 10:
        # A window this wide is not a page or a feed: number the rows in one query after all.
        numbered = activities.annotate(
            month=Substr("date", 1, 7),
            number=Window(RowNumber(), partition_by=[F("month")], order_by=[F("date").asc(), F("id").asc()]),
        )
        return [numbered.filter(number__lte=limit)]
    parts = []
    for year in range(first, last + 1):
        # ISO text: "2026-03…" sorts from "2026-03" up to "2026-04"; the year alone is "2026".
        parts.append(activities.filter(date=str(year)))
        bounds = [f"{year:04d}-{month:02d}" for month in range(1, 13)] + [f"{year + 1:04d}"]
        for start, end in itertools.pairwise(bounds):
            parts.append(activities.filter(date__gte=start, date__lt=end))
    return [part.order_by("date", "id")[:limit] for part in parts]


def planned_per_month(user: Any, year: int) -> dict[int | None, int]:
    """How many planned activities each month of a year has (None: known only to the year)."""
    asked("planned-per-month", user, queries.today(), year)
    return cached(f"planned-per-month:{year}", user, queries.today(), lambda: _planned_per_month(user, year))


@warmer("planned-per-month")
def _warm_planned(user: Any, day: dt.date, year: int) -> None:
    planned_per_month(user, year)


def _planned_per_month(user: Any, year: int) -> dict[int | None, int]:
    if sees_all(user, Activity) and usable():
        return tally_per_month(SHOWN_STATUSES, year)
    counts = (
        visible(user, Activity.objects.filter(year_window(year, year, "date"), status__in=SHOWN_STATUSES))
        .annotate(month=Substr("date", 1, 7))
        .values("month")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {(int(c["month"][5:7]) if len(c["month"]) == 7 else None): c["n"] for c in counts}


def by_month(
    items: list[CalendarItem], year: int
) -> tuple[list[CalendarItem], list[tuple[int, list[CalendarItem]]]]:
    """The items of one year: those known only to the year, then each month's (months without items kept)."""
    in_year = [i for i in items if i.date.year == year]
    whole_year = [i for i in in_year if i.date.month is None]
    months = [(m, [i for i in in_year if i.date.month == m]) for m in range(1, 13)]
    return whole_year, months


# A page section lists at most this many reviews, expiries or deadlines of each kind; the feed has them all.
SHOWN_PER_KIND = 40


def capped(items: list[CalendarItem]) -> tuple[list[CalendarItem], int]:
    """The first SHOWN_PER_KIND items of each kind, in their order, and how many were left out."""
    seen: dict[str, int] = {}
    kept = []
    for item in items:
        seen[item.kind] = seen.get(item.kind, 0) + 1
        if item.kind == "activity" or seen[item.kind] <= SHOWN_PER_KIND:
            kept.append(item)
    return kept, len(items) - len(kept)


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> list[str]:
    """RFC 5545 §3.1: lines longer than 75 octets continue on the next line after a space."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return [line]
    parts: list[str] = []
    start = 0
    while start < len(data):
        end = min(len(data), start + (75 if not parts else 74))
        # Never cut a character: step back over UTF-8 continuation bytes (10xxxxxx).
        while end < len(data) and data[end] & 0xC0 == 0x80:
            end -= 1
        parts.append(data[start:end].decode("utf-8"))
        start = end
    return [parts[0]] + [" " + part for part in parts[1:]]


def _span(date: PartialDate) -> tuple[dt.date, dt.date, str]:
    """First day, day after the last, and how the precision is said in the summary."""
    first, last = date.earliest(), date.latest()
    assert first is not None and last is not None
    if date.precision == "day":
        return first, last + dt.timedelta(days=1), ""
    if date.precision == "month":
        return (
            first,
            last + dt.timedelta(days=1),
            _("month %(month)02d/%(year)d")
            % {
                "month": date.month,
                "year": date.year,
            },
        )
    return first, last + dt.timedelta(days=1), _("year %(year)d") % {"year": date.year}


def feed(user: Any, years: tuple[int, int], per_month: int, base_url: str) -> str:
    """The iCalendar feed of those years, written once per registry version (DTSTAMP: when it was written)."""
    day = queries.today()
    asked("feed", user, day, years, per_month, base_url)

    def write() -> str:
        items = calendar_items(user, day, years, per_month)
        return ics(items, base_url, timezone.now())

    return cached(f"feed:{years}:{per_month}:{base_url}", user, day, write)


@warmer("feed")
def _warm_feed(user: Any, day: dt.date, years: list[int], per_month: int, base_url: str) -> None:
    feed(user, (years[0], years[1]), per_month, base_url)


def ics(items: list[CalendarItem], base_url: str, now: dt.datetime) -> str:
    """The items as an iCalendar file (RFC 5545): all-day VEVENTs, CRLF line ends, folded lines."""
    stamp = now.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//hoptac//registry calendar//VI",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_escape(_('Cooperation calendar'))}",
        f"X-WR-CALDESC:{_escape(_('Agreements, reviews, deadlines and activities of the cooperation registry'))}",
    ]
    for item in items:
        if item.date.year is None:
            continue
        first, after, precision = _span(item.date)
        summary = f"{item.kind_label}: {item.title}" + (f" ({precision})" if precision else "")
        lines += [
            "BEGIN:VEVENT",
            f"UID:{item.uid}@hoptac",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{first:%Y%m%d}",
            f"DTEND;VALUE=DATE:{after:%Y%m%d}",
            f"SUMMARY:{_escape(summary)}",
            f"URL:{base_url}{item.url}",
        ]
        if item.detail:
            lines.append(f"DESCRIPTION:{_escape(item.detail)}")
        lines += ["TRANSP:TRANSPARENT", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(part + "\r\n" for line in lines for part in _fold(line))
