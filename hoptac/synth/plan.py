"""The shape of a synthetic registry: how many of each record, which places, and seeded helpers.

Everything is drawn from one `random.Random(seed)`, in a fixed order, so the same seed gives the same
registry — the same public ids, texts and timestamps — on every database.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
import uuid
from dataclasses import dataclass, field

FIRST_YEAR, LAST_YEAR = 2006, 2025  # twenty years of records; later dates are plans
MERGER = dt.date(2025, 7, 1)  # Vietnam's 2025 reorganisation (34 units from 63)
PARTNER_COUNTRIES = ("LA", "KH", "CN", "TH", "KR", "JP")  # all their units are candidates
FAR_COUNTRIES = ("RU", "FR", "US", "AU", "BY", "CU", "MN", "DE", "KP", "MY", "IN")


@dataclass(frozen=True)
class Scale:
    """How many records of each kind a build writes."""

    name: str
    agreements: int
    commitments: int
    activities: int
    figures: int
    sources: int
    partners: int
    people_per_vn_unit: int
    people_per_partner: int
    one_province: bool


SCALES = {
    "national": Scale("national", 3_000, 50_000, 1_000_000, 2_000_000, 100_000, 300, 40, 10, False),
    "province": Scale("province", 30, 500, 10_000, 20_000, 1_000, 25, 30, 6, True),
    "tiny": Scale("tiny", 6, 20, 60, 80, 12, 5, 3, 2, True),
}


@dataclass
class PlaceInfo:
    """A place as the generator needs it: code, country and the name written in titles."""

    code: str
    country: str
    name: str
    successor: str  # itself, or the unit it merged into in 2025
    people: list[int] = field(default_factory=list)  # ids of its officials


@dataclass
class AgreementInfo:
    """What later records need to know about an agreement."""

    id: int
    uid: uuid.UUID
    parties: list[str]
    start: int
    end: int
    signed: str
    review_every: int | None
    signed_place: str
    weight: float
    commitments: list[int] = field(default_factory=list)


class Seeded:
    """The random source and the small drawing helpers every part of the build shares."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def uid(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def day(self, year: int, first_month: int = 1, last_month: int = 12) -> dt.date:
        month = self.rng.randint(first_month, last_month)
        return dt.date(year, month, self.rng.randint(1, 28))

    def partial(self, day: dt.date, p_day: float = 0.75, p_month: float = 0.18) -> str:
        """The day as a partial date of mixed precision: mostly the day, sometimes the month or year."""
        draw = self.rng.random()
        if draw < p_day:
            return day.isoformat()
        if draw < p_day + p_month:
            return day.isoformat()[:7]
        return str(day.year)

    def stamp(self, day: dt.date) -> dt.datetime:
        """When the record was entered: a working hour on (or a few days after) the day it is about."""
        day = min(day + dt.timedelta(days=self.rng.randint(0, 6)), dt.date(LAST_YEAR, 12, 31))
        return dt.datetime(
            day.year, day.month, day.day, self.rng.randint(1, 9), self.rng.randint(0, 59), tzinfo=dt.UTC
        )

    def zipf_weights(self, n: int, s: float = 1.1) -> list[float]:
        return [1.0 / (rank + 1) ** s for rank in range(n)]

    def cumulative(self, weights: list[float]) -> list[float]:
        return list(itertools.accumulate(weights))


def earliest(partial: str) -> dt.date:
    """The first day a partial date (with a year) can mean."""
    parts = [int(p) for p in partial.split("-")]
    return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def vietnamese_units(province: str | None) -> tuple[list[PlaceInfo], dict[str, str]]:
    """The Vietnamese units the build uses (all 63 historic ones, or one province and its predecessors)."""
    from hoptac.places.models import Place, PlaceLineage

    successor = {
        p: s
        for p, s in PlaceLineage.objects.filter(kind="merged").values_list("predecessor_id", "successor_id")
    }
    units = Place.objects.filter(country_code="VN", level=1).order_by("code")
    infos = [PlaceInfo(p.code, "VN", p.name_vi or p.name, successor.get(p.code, p.code)) for p in units]
    if province:
        infos = [i for i in infos if i.successor == province]
    return infos, successor


def partner_units(seeded: Seeded, count: int) -> list[PlaceInfo]:
    """Foreign first-level units, neighbours first; their order is their rank in the skew of activity."""
    from hoptac.places.models import Place

    rng = seeded.rng
    found = Place.objects.filter(
        level=1, valid_to__isnull=True, country_code__in=PARTNER_COUNTRIES + FAR_COUNTRIES
    )
    by_country: dict[str, list[PlaceInfo]] = {}
    for p in found.order_by("code"):
        by_country.setdefault(p.country_code, []).append(
            PlaceInfo(p.code, p.country_code, p.name_vi or p.name, p.code)
        )
    ranked: list[PlaceInfo] = []
    for country in ("LA", "KH"):
        group = by_country.get(country, [])
        rng.shuffle(group)
        ranked += group
    rest = [p for c in PARTNER_COUNTRIES[2:] for p in by_country.get(c, [])]
    rng.shuffle(rest)
    far = [p for c in FAR_COUNTRIES for p in by_country.get(c, [])]
    rng.shuffle(far)
    ranked += rest + far
    if count < len(ranked):
        # A small build keeps the busiest neighbours and a few others, so every kind of partner shows.
        head = max(1, count * 2 // 3)
        ranked = ranked[:head] + rng.sample(ranked[head:], count - head)
    return ranked[:count]
