"""API shapes of agreements, fields of cooperation, commitments and deliveries."""

# No `from __future__ import annotations` here: ninja's PatchDict reads these annotations as types.

import datetime as dt
from decimal import Decimal
from typing import Annotated

from ninja import Field, Schema

from hoptac.agreements.models import REVIEW_EVERY_YEARS, Agreement, AgreementParty, Commitment, Delivery
from hoptac.agreements.vocabulary import FIELDS
from hoptac.core.concurrency import VERSION_HELP
from hoptac.core.openapi import SchemaExtra, date_text, limits
from hoptac.places.models import Place


class FieldOut(Schema):
    """A field of cooperation."""

    code: str
    name_vi: str
    name_en: str


class PartyIn(Schema):
    """A party: its place (ISO code), signing body, and signatory (a person's uid or name)."""

    place: Annotated[str, limits(Place, "code")] = Field(..., examples=["VN-28"])
    body: Annotated[str, limits(AgreementParty, "body")] = Field("")
    signatory: str | None = None
    signatory_title: Annotated[str, limits(AgreementParty, "signatory_title")] = Field("")


class PartyOut(Schema):
    """A party with the names an officer reads."""

    place: str
    place_name: str
    body: str
    signatory: str | None
    signatory_name: str | None
    signatory_title: str


class AgreementIn(Schema):
    """An agreement as written by a client; dates are ISO partial dates."""

    version: str | None = Field(
        None, description="updated_at as you read it: a change made from a stale version gets 409 Conflict"
    )
    kind: Annotated[str, limits(Agreement, "kind")] = Field(
        "mou", description="mou, agreement, programme, minutes or other"
    )
    title: Annotated[str, limits(Agreement, "title")] = Field(...)
    title_en: Annotated[str, limits(Agreement, "title_en")] = Field("")
    signed_on: Annotated[str | None, date_text()] = Field(None, examples=["2022-12-28"])
    signed_place: Annotated[str | None, limits(Place, "code")] = Field(
        None, description="ISO code of the place of signing"
    )
    effective_on: Annotated[str | None, date_text()] = Field(None)
    period_start: Annotated[str | None, date_text()] = Field(None, examples=["2022"])
    period_end: Annotated[str | None, date_text()] = Field(None, examples=["2027"])
    terminated_on: Annotated[str | None, date_text()] = Field(None)
    fields: list[Annotated[str, SchemaExtra({"enum": [code for code, _vi, _en in FIELDS]})]] = Field(
        default_factory=list, description="codes of fields of cooperation"
    )
    parties: list[PartyIn]
    predecessor: str | None = Field(None, description="uid of the agreement this one renews")
    review_every_years: Annotated[
        int | None, SchemaExtra({"minimum": REVIEW_EVERY_YEARS[0], "maximum": REVIEW_EVERY_YEARS[1]})
    ] = None
    review_host_rotates: bool = True
    confidential: bool = False
    notes: str = ""


class ReviewOut(Schema):
    """A review the agreement calls for, and the review conference held for it, if any."""

    year: int
    host: str | None
    final: bool
    status: str = Field(..., description="held, overdue, due or planned")
    held: str | None = Field(None, description="uid of the review conference (activity) held that year")


class AgreementOut(Schema):
    """An agreement with its derived status."""

    uid: str
    version: str = Field(..., description=VERSION_HELP)
    kind: str
    title: str
    title_en: str
    signed_on: str | None
    signed_place: str | None
    effective_on: str | None
    period_start: str | None
    period_end: str | None
    terminated_on: str | None
    status: str = Field(..., description="draft, signed, in_force, expired, superseded or terminated")
    fields: list[str]
    parties: list[PartyOut]
    predecessor: str | None
    successors: list[str]
    review_every_years: int | None
    review_host_rotates: bool
    confidential: bool
    notes: str
    created_at: dt.datetime
    updated_at: dt.datetime


class AgreementDetailOut(AgreementOut):
    """An agreement with its planned reviews."""

    planned_reviews: list[ReviewOut]


class CommitmentIn(Schema):
    """A commitment under an agreement; giver and receiver are parties' place codes."""

    version: str | None = Field(
        None, description="updated_at as you read it: a change made from a stale version gets 409 Conflict"
    )
    agreement: str = Field(..., description="uid of the agreement")
    giver: str
    receiver: str
    quantity: Annotated[Decimal | None, limits(Commitment, "quantity", minimum=0)] = Field(None)
    unit: Annotated[str, limits(Commitment, "unit")] = Field(
        "", description="scholarship, teacher, person, USD, VND or other"
    )
    description: str = ""
    period_start: Annotated[str | None, date_text()] = Field(None)
    period_end: Annotated[str | None, date_text()] = Field(None)
    due: Annotated[str | None, date_text()] = Field(None)


class CommitmentChange(Schema):
    """The changeable part of a commitment (it stays under its agreement)."""

    version: str | None = Field(
        None, description="updated_at as you read it: a change made from a stale version gets 409 Conflict"
    )
    giver: str
    receiver: str
    quantity: Annotated[Decimal | None, limits(Commitment, "quantity", minimum=0)] = Field(None)
    unit: Annotated[str, limits(Commitment, "unit")] = Field("")
    description: str = ""
    period_start: Annotated[str | None, date_text()] = Field(None)
    period_end: Annotated[str | None, date_text()] = Field(None)
    due: Annotated[str | None, date_text()] = Field(None)


class CommitmentOut(Schema):
    """A commitment with what has been delivered so far."""

    uid: str
    version: str = Field(..., description=VERSION_HELP)
    agreement: str
    giver: str
    receiver: str
    quantity: float | None
    unit: str
    description: str
    period_start: str | None
    period_end: str | None
    due: str | None
    delivered: float
    progress: float | None = Field(..., description="delivered ÷ quantity (1 = fully met)")


class DeliveryIn(Schema):
    """Part of a commitment delivered."""

    version: str | None = Field(
        None, description="updated_at as you read it: a change made from a stale version gets 409 Conflict"
    )
    date: Annotated[str, date_text()] = Field(..., examples=["2024-09"])
    quantity: Annotated[Decimal, limits(Delivery, "quantity", minimum=0)] = Field(...)
    evidence: str = ""
    source: str | None = Field(None, description="uid of the source that reports it")


class DeliveryOut(Schema):
    """A delivery against a commitment."""

    uid: str
    version: str = Field(..., description=VERSION_HELP)
    commitment: str
    date: str | None
    quantity: float
    evidence: str
    source: str | None


class CommitmentDetailOut(CommitmentOut):
    """A commitment with its deliveries."""

    deliveries: list[DeliveryOut]
