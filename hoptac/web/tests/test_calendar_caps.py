"""A calendar section lists at most SHOWN_PER_KIND items of each kind and says how many it left out."""

from __future__ import annotations

from hoptac.core.dates import PartialDate
from hoptac.web.calendar import SHOWN_PER_KIND, CalendarItem, capped


def item(kind: str, n: int) -> CalendarItem:
    return CalendarItem(PartialDate(2026, 3), kind, f"{kind} {n:03d}", "/", f"{kind}-{n}")


def test_each_kind_is_capped_in_order_and_activities_are_left_to_their_own_cap() -> None:
    items = (
        [item("deadline", n) for n in range(SHOWN_PER_KIND + 7)]
        + [item("review", n) for n in range(3)]
        + [item("activity", n) for n in range(SHOWN_PER_KIND + 1)]
    )
    kept, hidden = capped(items)
    assert hidden == 7
    deadlines = [i.title for i in kept if i.kind == "deadline"]
    assert deadlines == [f"deadline {n:03d}" for n in range(SHOWN_PER_KIND)]
    assert sum(i.kind == "review" for i in kept) == 3
    assert sum(i.kind == "activity" for i in kept) == SHOWN_PER_KIND + 1


def test_nothing_hidden_when_few() -> None:
    items = [item("expiry", n) for n in range(5)]
    assert capped(items) == (items, 0)
