"""API shapes of places (read-only)."""

# No `from __future__ import annotations` here: ninja reads these annotations as types.

import datetime as dt

from ninja import Field, Schema


class PlaceOut(Schema):
    """A country or province, keyed by its ISO 3166 code."""

    code: str
    name: str = Field(..., description="the ISO name")
    name_vi: str
    country: str
    level: int = Field(..., description="0 country, 1 first-level unit (province)")
    type: str
    parent: str | None
    valid_to: dt.date | None


class AliasOut(Schema):
    """Another way the place is written."""

    name: str
    language: str
    kind: str
    valid_to: dt.date | None


class LineageOut(Schema):
    """A merge or rename the place took part in."""

    predecessor: str
    successor: str
    kind: str
    date: dt.date
    legal_basis: str


class PlaceDetailOut(PlaceOut):
    """A place with its aliases, lineage and the place that carries its agreements today."""

    aliases: list[AliasOut]
    lineage: list[LineageOut]
    successor_today: str
