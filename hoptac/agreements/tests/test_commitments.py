from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from hoptac.agreements.commitments import (
    create_commitment,
    delete_delivery,
    progress,
    record_delivery,
    update_commitment,
)
from hoptac.agreements.models import Agreement, Commitment

# The messages asserted below are the English originals.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_messages")]

SCHOLARSHIPS = {
    "giver": "VN-28",
    "receiver": "LA-XE",
    "quantity": 10,
    "unit": "scholarship",
    "period_start": "2024",
    "period_end": "2029",
}


def test_progress_is_delivered_over_committed(agreement: Agreement) -> None:
    commitment = create_commitment(agreement, SCHOLARSHIPS)
    assert progress(commitment) == 0
    record_delivery(commitment, {"date": "2024-09", "quantity": 2})
    delivery = record_delivery(commitment, {"date": "2025", "quantity": "3"})
    assert progress(commitment) == Decimal("0.5")
    delete_delivery(delivery)
    assert progress(commitment) == Decimal("0.2")


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"giver": "LA-AT"}, "giver", "not a party"),
        ({"receiver": "VN-28"}, "receiver", "another party"),
        ({"quantity": -5}, "quantity", "negative"),
        ({"quantity": "mười"}, "quantity", "not a number"),
        ({"unit": ""}, "unit", "needs a unit"),
        ({"unit": "bags"}, "unit", "not allowed"),
        ({"period_start": "2029", "period_end": "2024"}, "period_end", "before"),
        ({"giver": "Narnia"}, "giver", "Narnia"),
    ],
)
def test_bad_commitment_names_the_field(
    agreement: Agreement, change: dict[str, Any], field: str, words: str
) -> None:
    with pytest.raises(ValidationError) as exc:
        create_commitment(agreement, {**SCHOLARSHIPS, **change})
    assert words in " ".join(exc.value.message_dict[field])
    assert not Commitment.objects.exists()


def test_commitment_without_quantity_needs_description(agreement: Agreement) -> None:
    with pytest.raises(ValidationError) as exc:
        create_commitment(agreement, {"giver": "VN-28", "receiver": "LA-XE"})
    assert "description" in exc.value.message_dict
    made = create_commitment(
        agreement, {"giver": "VN-28", "receiver": "LA-XE", "description": "Hỗ trợ xây trường"}
    )
    assert progress(made) is None


def test_update_commitment_checks_merged_values(agreement: Agreement) -> None:
    commitment = create_commitment(agreement, SCHOLARSHIPS)
    with pytest.raises(ValidationError) as exc:
        update_commitment(commitment, {"period_end": "2020"})
    assert "period_end" in exc.value.message_dict
    update_commitment(commitment, {"quantity": 12})
    commitment.refresh_from_db()
    assert commitment.quantity == 12


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"date": "2024", "quantity": -1}, "quantity"),
        ({"quantity": 1}, "date"),
        ({"date": "2024"}, "quantity"),
        ({"date": "2024", "quantity": 1, "source": "nope"}, "source"),
    ],
)
def test_bad_delivery_names_the_field(agreement: Agreement, data: dict[str, Any], field: str) -> None:
    commitment = create_commitment(agreement, SCHOLARSHIPS)
    with pytest.raises(ValidationError) as exc:
        record_delivery(commitment, data)
    assert field in exc.value.message_dict
