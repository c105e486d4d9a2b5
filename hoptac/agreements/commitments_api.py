"""/api/v1/commitments/ and their deliveries: thin endpoints over hoptac.agreements.commitments."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db.models import DecimalField, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import PatchDict, Query, Status

from hoptac.agreements.commitments import (
    create_commitment,
    delivered,
    progress,
    record_delivery,
    update_commitment,
    update_delivery,
)
from hoptac.agreements.filtersets import CommitmentFilterSet
from hoptac.agreements.models import Agreement, Commitment, Delivery
from hoptac.agreements.schemas import (
    CommitmentChange,
    CommitmentDetailOut,
    CommitmentIn,
    CommitmentOut,
    DeliveryIn,
    DeliveryOut,
)
from hoptac.core.api import (
    HARD_DELETE,
    PageParams,
    as_of,
    filtered,
    get_visible,
    iso,
    number,
    page,
    page_of,
    remove,
    uid_of,
    user_of,
)
from hoptac.core.concurrency import version_of
from hoptac.core.openapi import RegistryRouter
from hoptac.core.permissions import rights_of, visible
from hoptac.core.validation import Errors, as_uuid

router = RegistryRouter(tags=["commitments"])


def with_totals(queryset: QuerySet[Commitment]) -> QuerySet[Commitment]:
    """Commitments with their agreement and the delivered total summed in the same query."""
    return queryset.select_related("agreement").annotate(
        delivered_total=Coalesce(
            Sum("deliveries__quantity"), Value(0), output_field=DecimalField(max_digits=20, decimal_places=2)
        )
    )


def commitment_out(commitment: Commitment) -> dict[str, Any]:
    """The API representation of a commitment (annotate with with_totals to avoid a query each)."""
    ratio = progress(commitment)
    return {
        "uid": str(commitment.uid),
        "version": version_of(commitment),
        "agreement": str(commitment.agreement.uid),
        "giver": commitment.giver_id,
        "receiver": commitment.receiver_id,
        "quantity": number(commitment.quantity),
        "unit": commitment.unit,
        "description": commitment.description,
        "period_start": iso(commitment.period_start),
        "period_end": iso(commitment.period_end),
        "due": iso(commitment.due),
        "delivered": float(delivered(commitment)),
        "progress": None if ratio is None else float(ratio),
    }


def delivery_out(delivery: Delivery, commitment: Commitment) -> dict[str, Any]:
    """The API representation of a delivery."""
    return {
        "uid": str(delivery.uid),
        "version": version_of(delivery),
        "commitment": str(commitment.uid),
        "date": iso(delivery.date),
        "quantity": float(delivery.quantity),
        "evidence": delivery.evidence,
        "source": uid_of(delivery.source),
    }


def commitment_detail(commitment: Commitment) -> dict[str, Any]:
    """A commitment with its deliveries."""
    out = commitment_out(commitment)
    deliveries = commitment.deliveries.select_related("source")
    out["deliveries"] = [delivery_out(d, commitment) for d in deliveries]
    return out


def _commitment(request: HttpRequest, uid: UUID) -> Commitment:
    return get_visible(request, with_totals(Commitment.objects.all()), uid=uid)


def _delivery(request: HttpRequest, commitment: Commitment, uid: UUID) -> Delivery:
    return get_visible(request, Delivery.objects.select_related("source"), commitment=commitment, uid=uid)


@router.get("/", response=page_of(CommitmentOut), summary="List commitments")
def list_commitments(
    request: HttpRequest,
    params: Query[PageParams],
    agreement: UUID | None = None,
    giver: str | None = None,
    receiver: str | None = None,
    place: str | None = None,
    unit: str | None = None,
    year: int | None = None,
) -> dict[str, Any]:
    """Commitments with delivered totals and progress; filters: agreement (uid), giver, receiver, place
    (either side), unit, year (the period or due date falls in it)."""
    queryset = with_totals(filtered(request, CommitmentFilterSet, Commitment.objects.all()))
    return page(queryset, params, lambda rows: [commitment_out(c) for c in rows])


@router.get("/{uuid:uid}", response=CommitmentDetailOut, summary="One commitment")
def get_commitment(request: HttpRequest, uid: UUID) -> dict[str, Any]:
    """A commitment with its deliveries and progress."""
    return commitment_detail(_commitment(request, uid))


@router.post("/", response={201: CommitmentDetailOut}, summary="Create a commitment")
def post_commitment(request: HttpRequest, payload: CommitmentIn) -> Status[dict[str, Any]]:
    """Add a commitment to an agreement; giver and receiver must be its parties."""
    data = payload.dict()
    given = data.pop("agreement")
    uid = as_uuid(given)
    agreement = visible(user_of(request), Agreement.objects.all()).filter(uid=uid).first() if uid else None
    if agreement is None:
        errors = Errors()
        errors.add(
            "agreement",
            _("no agreement with id '%(value)s': give the uid of an agreement you can see")
            % {"value": given},
        )
        errors.raise_if_any()
    assert agreement is not None
    commitment = create_commitment(agreement, data, rights=rights_of(user_of(request)))
    return Status(201, commitment_detail(_commitment(request, commitment.uid)))


@router.put("/{uuid:uid}", response=CommitmentDetailOut, summary="Replace a commitment")
def put_commitment(request: HttpRequest, uid: UUID, payload: CommitmentChange) -> dict[str, Any]:
    """Replace every field of a commitment (it stays under its agreement)."""
    update_commitment(
        _commitment(request, uid), as_of(request, payload.dict()), rights=rights_of(user_of(request))
    )
    return commitment_detail(_commitment(request, uid))


@router.patch("/{uuid:uid}", response=CommitmentDetailOut, summary="Change a commitment")
def patch_commitment(request: HttpRequest, uid: UUID, payload: PatchDict[CommitmentChange]) -> dict[str, Any]:
    """Change only the fields given."""
    update_commitment(_commitment(request, uid), as_of(request, payload), rights=rights_of(user_of(request)))
    return commitment_detail(_commitment(request, uid))


@router.delete("/{uuid:uid}", response={204: None}, summary="Delete a commitment")
def remove_commitment(request: HttpRequest, uid: UUID, hard: bool = HARD_DELETE) -> Status[None]:
    """Delete a commitment and its deliveries."""
    return remove(request, _commitment(request, uid), hard)


@router.get("/{uuid:uid}/deliveries/", response=list[DeliveryOut], summary="Deliveries of a commitment")
def list_deliveries(request: HttpRequest, uid: UUID) -> list[dict[str, Any]]:
    """Every delivery recorded against the commitment, in date order."""
    commitment = _commitment(request, uid)
    rows = Delivery.objects.filter(commitment=commitment).select_related("source")
    return [delivery_out(d, commitment) for d in rows]


@router.post("/{uuid:uid}/deliveries/", response={201: DeliveryOut}, summary="Record a delivery")
def post_delivery(request: HttpRequest, uid: UUID, payload: DeliveryIn) -> Status[dict[str, Any]]:
    """Record part of the commitment delivered."""
    commitment = _commitment(request, uid)
    delivery = record_delivery(commitment, payload.dict(), rights=rights_of(user_of(request)))
    return Status(201, delivery_out(delivery, commitment))


@router.get("/{uuid:uid}/deliveries/{uuid:delivery}", response=DeliveryOut, summary="One delivery")
def get_delivery(request: HttpRequest, uid: UUID, delivery: UUID) -> dict[str, Any]:
    """A delivery of this commitment."""
    commitment = _commitment(request, uid)
    return delivery_out(_delivery(request, commitment, delivery), commitment)


@router.put("/{uuid:uid}/deliveries/{uuid:delivery}", response=DeliveryOut, summary="Replace a delivery")
def put_delivery(request: HttpRequest, uid: UUID, delivery: UUID, payload: DeliveryIn) -> dict[str, Any]:
    """Replace every field of a delivery."""
    commitment = _commitment(request, uid)
    record = _delivery(request, commitment, delivery)
    return delivery_out(
        update_delivery(record, as_of(request, payload.dict()), rights=rights_of(user_of(request))),
        commitment,
    )


@router.patch("/{uuid:uid}/deliveries/{uuid:delivery}", response=DeliveryOut, summary="Change a delivery")
def patch_delivery(
    request: HttpRequest, uid: UUID, delivery: UUID, payload: PatchDict[DeliveryIn]
) -> dict[str, Any]:
    """Change only the fields given."""
    commitment = _commitment(request, uid)
    record = _delivery(request, commitment, delivery)
    return delivery_out(
        update_delivery(record, as_of(request, payload), rights=rights_of(user_of(request))), commitment
    )


@router.delete("/{uuid:uid}/deliveries/{uuid:delivery}", response={204: None}, summary="Delete a delivery")
def remove_delivery(
    request: HttpRequest, uid: UUID, delivery: UUID, hard: bool = HARD_DELETE
) -> Status[None]:
    """Delete a delivery."""
    return remove(request, _delivery(request, _commitment(request, uid), delivery), hard)
