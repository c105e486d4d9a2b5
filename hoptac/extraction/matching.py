"""Which registered record an extracted one is: the same agreement, the same activity, the agreements in effect.

Ingest matches before it creates, so an agreement named in two articles stays one agreement; these
functions only read the registry.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any


def prefix_compatible(a: str | None, b: str | None) -> bool:
    """Two partial dates that can mean the same day: one is the other made more precise."""
    return a is None or b is None or a.startswith(b) or b.startswith(a)


def same_day(a: str | None, b: str | None) -> str | None:
    """The more precise of two partial dates that can name the same day ("--12-28" and "2022-12-28",
    "2022" and "2022-12-28"), or None when they cannot."""
    if not a or not b:
        return None
    if prefix_compatible(a, b):
        return a if len(a) >= len(b) else b
    for bare, full in ((a, b), (b, a)):
        if bare.startswith("--") and len(full) == 10 and full[4:] == bare[1:]:
            return full
    return None


def year_of(value: str | None) -> int | None:
    """The year a partial date (ISO text) starts with, or None when it has none."""
    return int(value[:4]) if value and value[:4].isdigit() else None


def place_codes(record: Any, attribute: str = "parties") -> list[str]:
    """Sorted place codes of an agreement's parties, or of an activity's parties or a figure's scope."""
    from hoptac.agreements.models import Agreement

    if isinstance(record, Agreement):
        return sorted(p.place_id for p in record.parties.all())
    return sorted(p.code for p in getattr(record, attribute).all())


def find_agreement(parties: list[str], start: int | None, end: int | None, signed_year: int | None) -> Any:
    """The registered agreement between exactly these parties with this period (or, without one, this signing year)."""
    from hoptac.agreements.models import Agreement

    candidates = (
        Agreement.objects.filter(parties__place_id=parties[0]) if parties else Agreement.objects.none()
    )
    for agreement in candidates.prefetch_related("parties").distinct():
        if place_codes(agreement) != parties:
            continue
        period = (
            year_of(str(agreement.period_start) if agreement.period_start else None),
            year_of(str(agreement.period_end) if agreement.period_end else None),
        )
        if start or end:
            if period == (start, end):
                return agreement
        elif period == (None, None):
            signed = agreement.signed_on.year if agreement.signed_on else None
            if signed == signed_year or signed is None or signed_year is None:
                return agreement
    return None


def agreement_for(parties: Iterable[str | None], year: str | None) -> Any:
    """The agreement a commitment between two parties belongs to: in effect in its first year, else the latest."""
    found = agreements_in_effect([p for p in parties if p], year, among=False)
    return found[-1] if found else None


def agreements_in_effect(parties: Sequence[str], date: str | None, among: bool = True) -> list[Any]:
    """Agreements in effect at the date (when it says) whose parties are all among these (among=True),
    or which count all these places among their parties (among=False); the latest last."""
    from hoptac.agreements.models import Agreement

    wanted = set(parties)
    if len(wanted) < 2:
        return []
    found = []
    for agreement in Agreement.objects.prefetch_related("parties").order_by(
        "signed_on", "period_start", "id"
    ):
        codes = set(place_codes(agreement))
        if (codes <= wanted) if among else (wanted <= codes):
            found.append(agreement)
    year = year_of(date)
    if year is None:
        return found
    covering = [
        a
        for a in found
        if a.period_start
        and a.period_end
        and (a.period_start.year or 0) <= year <= (a.period_end.year or 9999)
    ]
    if covering:
        return covering
    # Without a period, the latest agreement signed by then is the one in effect.
    open_ended = [
        a for a in found if not a.period_end and (a.signed_on is None or (a.signed_on.year or 0) <= year)
    ]
    return open_ended[-1:]


def find_activity(kind: str, parties: list[str], date: str | None) -> Any:
    """The registered activity this event is: same kind, parties in common, a date that can be the same."""
    from hoptac.activities.models import Activity

    if not date:
        return None
    for activity in Activity.objects.filter(kind=kind, date__startswith=date[:4]).prefetch_related("parties"):
        codes = set(place_codes(activity))
        shared = codes & set(parties)
        if (
            len(shared) >= 2
            and (codes <= set(parties) or set(parties) <= codes)
            and prefix_compatible(str(activity.date), date)
        ):
            return activity
    return None
