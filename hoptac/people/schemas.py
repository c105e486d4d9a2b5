"""API shapes of people and their titles."""

# No `from __future__ import annotations` here: ninja's PatchDict reads these annotations as types.

from typing import Annotated

from ninja import Field, Schema

from hoptac.core.concurrency import VERSION_HELP
from hoptac.core.openapi import date_text, limits
from hoptac.people.models import Person, Title
from hoptac.places.models import Place


class TitleIn(Schema):
    """A title a person held, where and when."""

    title: Annotated[str, limits(Title, "title")] = Field(..., examples=["Phó Chủ tịch UBND tỉnh Kon Tum"])
    place: Annotated[str | None, limits(Place, "code")] = Field(None, examples=["VN-28"])
    start: Annotated[str | None, date_text()] = Field(None, examples=["2021"])
    end: Annotated[str | None, date_text()] = Field(None)


class TitleOut(Schema):
    """A title a person held."""

    title: str
    place: str | None
    start: str | None
    end: str | None


class PersonIn(Schema):
    """A person and the titles they held."""

    version: str | None = Field(
        None, description="updated_at as you read it: a change made from a stale version gets 409 Conflict"
    )
    name: Annotated[str, limits(Person, "name")] = Field(...)
    notes: str = ""
    titles: list[TitleIn] = Field(default_factory=list)


class PersonOut(Schema):
    """A person with their titles."""

    uid: str
    version: str = Field(..., description=VERSION_HELP)
    name: str
    notes: str
    titles: list[TitleOut]
