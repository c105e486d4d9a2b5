"""Commitments under an agreement and the deliveries recorded against them."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from hoptac.agreements.models import Agreement, Commitment, Delivery
from hoptac.core.concurrency import checked
from hoptac.core.rights import Rights, within
from hoptac.core.validation import (
    Errors,
    check_order,
    choice_field,
    date_field,
    decimal_field,
    record_value,
    text_field,
)
from hoptac.places.services import place_value

ZERO = Decimal(0)


def _validate_commitment(
    agreement: Agreement, data: Mapping[str, Any], current: Commitment | None
) -> dict[str, Any]:
    errors = Errors()
    partial = current is not None
    values: dict[str, Any] = {}

    def wanted(key: str) -> bool:
        return not partial or key in data

    party_codes = set(agreement.parties.values_list("place_id", flat=True))
    for key in ("giver", "receiver"):
        if wanted(key):
            place = place_value(errors, key, data.get(key), required=True)
            if place is not None and place.code not in party_codes:
                errors.add(
                    key,
                    _("%(code)s is not a party to this agreement (parties: %(parties)s)")
                    % {"code": place.code, "parties": ", ".join(sorted(party_codes))},
                )
            values[key] = place
    giver = values.get("giver", getattr(current, "giver", None))
    receiver = values.get("receiver", getattr(current, "receiver", None))
    if giver is not None and receiver is not None and giver.code == receiver.code:
        errors.add("receiver", _("the receiver must be another party than the giver"))
    if wanted("quantity"):
        values["quantity"] = decimal_field(
            errors, data, "quantity", minimum=ZERO, column=Commitment._meta.get_field("quantity")
        )
    if wanted("unit"):
        values["unit"] = choice_field(errors, data, "unit", Commitment.Unit.values, required=False)
    quantity = values.get("quantity", getattr(current, "quantity", None))
    unit = values.get("unit", getattr(current, "unit", ""))
    if quantity is not None and not unit:
        errors.add(
            "unit",
            _("a quantity needs a unit: one of %(units)s") % {"units": ", ".join(Commitment.Unit.values)},
        )
    if wanted("description"):
        values["description"] = text_field(errors, data, "description")
    if quantity is None and not values.get("description", getattr(current, "description", "")):
        errors.add("description", _("a commitment without a quantity needs a description"))
    for key in ("period_start", "period_end", "due"):
        if wanted(key):
            values[key] = date_field(errors, data, key)
    start = values.get("period_start", getattr(current, "period_start", None))
    check_order(
        errors,
        start,
        values.get("period_end", getattr(current, "period_end", None)),
        "period_end",
        pgettext("period", "start"),
    )
    errors.raise_if_any()
    return values


@transaction.atomic
def create_commitment(
    agreement: Agreement, data: Mapping[str, Any], *, uid: Any = None, rights: Rights | None = None
) -> Commitment:
    """Add a commitment; giver and receiver must be parties to the agreement."""
    if rights is not None:
        rights.require_create(Commitment, agreement=agreement)
    values = _validate_commitment(agreement, data, None)
    commitment = Commitment(agreement=agreement, **values)
    if uid:
        commitment.uid = uid
    commitment.save()
    return commitment


@transaction.atomic
def update_commitment(
    commitment: Commitment, data: Mapping[str, Any], *, rights: Rights | None = None
) -> Commitment:
    """Change the given keys of a commitment (it stays under its agreement)."""
    if rights is not None:
        rights.require_change(commitment)
    data = checked(commitment, data)
    values = _validate_commitment(commitment.agreement, data, commitment)
    for key, value in values.items():
        setattr(commitment, key, value)
    commitment.save()
    return commitment


@transaction.atomic
def delete_commitment(commitment: Commitment) -> None:
    """Delete a commitment and its deliveries."""
    commitment.delete()


def _validate_delivery(
    data: Mapping[str, Any], current: Delivery | None, rights: Rights | None = None
) -> dict[str, Any]:
    from hoptac.sources.models import Source

    errors = Errors()
    values: dict[str, Any] = {}
    if current is None or "date" in data:
        values["date"] = date_field(errors, data, "date")
        if values["date"] is None and "date" not in errors.messages:
            errors.add("date", _("a delivery needs a date (at least the year)"))
    if current is None or "quantity" in data:
        values["quantity"] = decimal_field(
            errors, data, "quantity", minimum=ZERO, required=True, column=Delivery._meta.get_field("quantity")
        )
    if current is None or "evidence" in data:
        values["evidence"] = text_field(errors, data, "evidence")
    if current is None or "source" in data:
        values["source"] = record_value(errors, "source", Source, data.get("source"), within(rights, Source))
    errors.raise_if_any()
    return values


@transaction.atomic
def record_delivery(
    commitment: Commitment, data: Mapping[str, Any], *, uid: Any = None, rights: Rights | None = None
) -> Delivery:
    """Record part of a commitment delivered (date, quantity, evidence)."""
    if rights is not None:
        rights.require_create(Delivery, agreement=commitment.agreement)
    delivery = Delivery(commitment=commitment, **_validate_delivery(data, None, rights))
    if uid:
        delivery.uid = uid
    delivery.save()
    return delivery


@transaction.atomic
def update_delivery(delivery: Delivery, data: Mapping[str, Any], *, rights: Rights | None = None) -> Delivery:
    """Change the given keys of a delivery."""
    if rights is not None:
        rights.require_change(delivery)
    data = checked(delivery, data)
    for key, value in _validate_delivery(data, delivery, rights).items():
        setattr(delivery, key, value)
    delivery.save()
    return delivery


@transaction.atomic
def delete_delivery(delivery: Delivery) -> None:
    """Delete a delivery."""
    delivery.delete()


def delivered(commitment: Commitment) -> Decimal:
    """Total quantity delivered so far (uses an annotated `delivered_total` when present)."""
    total = getattr(commitment, "delivered_total", None)
    if total is None:
        total = commitment.deliveries.aggregate(total=Sum("quantity"))["total"]
    return total or ZERO


def progress(commitment: Commitment) -> Decimal | None:
    """Delivered ÷ committed as a fraction (1 = fully met); None when the commitment has no quantity."""
    if not commitment.quantity:
        return None
    return delivered(commitment) / commitment.quantity
