"""API shapes of activities."""

# No `from __future__ import annotations` here: ninja's PatchDict reads these annotations as types.

from typing import Annotated

from ninja import Field, Schema

from hoptac.activities.models import Activity
from hoptac.core.concurrency import VERSION_HELP
from hoptac.core.openapi import date_text, limits
from hoptac.places.models import Place


class PersonRef(Schema):
    """A person named in a record."""

    uid: str
    name: str


class ActivityIn(Schema):
    """An activity as written by a client: places as ISO codes, linked records by uid."""

    version: str | None = Field(
        None, description="updated_at as you read it: a change made from a stale version gets 409 Conflict"
    )
    kind: Annotated[str, limits(Activity, "kind")] = Field(
        ..., description="visit, review_conference, meeting, conference, signing, ..."
    )
    title: Annotated[str, limits(Activity, "title")] = Field("")
    date: Annotated[str | None, date_text()] = Field(None, examples=["2024-12-12"])
    end_date: Annotated[str | None, date_text()] = Field(None)
    place: Annotated[str | None, limits(Place, "code")] = Field(None, examples=["VN-28"])
    parties: list[str] = Field(default_factory=list, examples=[["VN-28", "LA-XE"]])
    agreements: list[str] = Field(default_factory=list, description="uids of the agreements it serves")
    commitments: list[str] = Field(default_factory=list, description="uids of commitments it fulfils")
    status: Annotated[str, limits(Activity, "status")] = Field(
        "held", description="planned, held or cancelled"
    )
    direction: Annotated[str, limits(Activity, "direction")] = Field(
        "", description="incoming or outgoing (visits only)"
    )
    head_of_delegation: str | None = Field(None, description="a person's uid, or a name")
    delegation_size: Annotated[int | None, limits(Activity, "delegation_size")] = Field(None)
    description: str = ""


class ActivityOut(Schema):
    """An activity with its places and links."""

    uid: str
    version: str = Field(..., description=VERSION_HELP)
    kind: str
    title: str
    date: str | None
    end_date: str | None
    place: str | None
    parties: list[str]
    agreements: list[str]
    commitments: list[str]
    status: str
    direction: str
    head_of_delegation: PersonRef | None
    delegation_size: int | None
    description: str
