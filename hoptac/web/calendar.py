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
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Window
from django.db.models.functions import RowNumber, Substr
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hoptac.accounts.permissions import visible
from hoptac.activities.models import Activity
from hoptac.core.dates import PartialDate
from hoptac.web import queries

KIND_LABELS = {
    "review": gettext_lazy("review due"),
    "expiry": gettext_lazy("agreement ends"),
    "deadline": gettext_lazy("commitment deadline"),
    "activity": gettext_lazy("planned activity"),
}


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


def calendar_items(
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
    first, last = years or (1, 9999)
    items: list[CalendarItem] = []
    for row in queries.rows(queries.agreements_queryset(user, with_activities=True), day):
        agreement = row.agreement
        url = reverse("web:agreement", args=[agreement.uid])
        if row.status in ("in_force", "signed"):
            for due in queries.reviews_for(row):
                if due.review.held is not None:
                    continue
                host = due.host.display_name if due.host else ""
                items.append(
                    CalendarItem(
                        PartialDate(due.review.year),
                        "review",
                        agreement.title,
                        url,
                        f"review-{agreement.uid}-{due.review.year}",
                        _("host: %(place)s") % {"place": host} if host else "",
                    )
                )
            if agreement.period_end is not None and agreement.period_end.year is not None:
                items.append(
                    CalendarItem(agreement.period_end, "expiry", agreement.title, url, f"end-{agreement.uid}")
                )
    commitments = queries.commitments_queryset(user).filter(year_window(first, last, "due", "period_end"))
    for state in queries.commitment_states(commitments, day):
        c = state.commitment
        deadline = c.due or c.period_end
        if deadline is None or deadline.year is None or (state.progress is not None and state.progress >= 1):
            continue
        items.append(
            CalendarItem(
                deadline,
                "deadline",
                c.description or str(c),
                reverse("web:agreement", args=[c.agreement.uid]) + f"#commitment-{c.uid}",
                f"deadline-{c.uid}",
                c.agreement.title,
            )
        )
    planned = queries.activities_queryset(user).filter(year_window(first, last, "date"), status="planned")
    if per_month is not None:
        planned = first_of_each_month(planned, per_month)
    for activity in planned:
        if activity.date is None or activity.date.year is None:
            continue
        items.append(
            CalendarItem(
                activity.date,
                "activity",
                str(activity),
                reverse("web:activity", args=[activity.uid]),
                f"activity-{activity.uid}",
                activity.place.display_name if activity.place else "",
            )
        )
    in_window = [i for i in items if i.date.year is not None and first <= i.date.year <= last]
    return sorted(in_window, key=lambda i: i.sort_key)


def first_of_each_month(activities: QuerySet[Activity], limit: int) -> QuerySet[Activity]:
    """The first `limit` activities (by date) of each month, numbered by a window function in one query."""
    numbered = activities.annotate(
        month=Substr("date", 1, 7),
        number=Window(RowNumber(), partition_by=[F("month")], order_by=[F("date").asc(), F("id").asc()]),
    )
    return numbered.filter(number__lte=limit)


def planned_per_month(user: Any, year: int) -> dict[int | None, int]:
    """How many planned activities each month of a year has (None: known only to the year)."""
    counts = (
        visible(user, Activity.objects.filter(year_window(year, year, "date"), status="planned"))
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


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> list[str]:
    """RFC 5545 §3.1: lines longer than 75 octets continue on the next line after a space."""
    out: list[str] = []
    current = ""
    for char in line:
        limit = 75 if not out else 74
        if len((current + char).encode("utf-8")) > limit:
            out.append(current)
            current = char
        else:
            current += char
    out.append(current)
    return [out[0]] + [" " + part for part in out[1:]]


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
