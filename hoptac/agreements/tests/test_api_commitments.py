"""/api/v1/commitments/ and their deliveries."""
# ruff: noqa: F811  (the demo fixture is imported, then named as a parameter)

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from hoptac.agreements.commitments import create_commitment, record_delivery
from hoptac.agreements.models import Agreement, Commitment, Delivery
from hoptac.core.tests.test_api_common import API, demo  # noqa: F401  (fixture)

URL = f"{API}/commitments/"
pytestmark = pytest.mark.django_db


def send(client: Client, method: str, url: str, data: Any) -> Any:
    return getattr(client, method)(url, data, content_type="application/json")


@pytest.fixture
def scholarships(agreement: Agreement) -> Commitment:
    commitment = create_commitment(
        agreement,
        {
            "giver": "VN-28",
            "receiver": "LA-XE",
            "quantity": 10,
            "unit": "scholarship",
            "period_start": "2024",
            "period_end": "2029",
        },
    )
    record_delivery(commitment, {"date": "2024-09", "quantity": 4})
    return commitment


def test_list_has_progress_and_filters(admin_client: Client, scholarships: Commitment) -> None:
    page = admin_client.get(URL).json()
    assert page["count"] == 1
    item = page["items"][0]
    assert item["delivered"] == 4 and item["progress"] == pytest.approx(0.4)
    assert item["agreement"] == str(scholarships.agreement.uid)
    assert admin_client.get(URL + "?giver=la-xe").json()["count"] == 0
    assert admin_client.get(URL + "?place=LA-XE&year=2026").json()["count"] == 1
    assert admin_client.get(URL + "?year=2031").json()["count"] == 0
    assert admin_client.get(URL + f"?agreement={scholarships.agreement.uid}").json()["count"] == 1


def test_list_query_count(admin_client: Client, demo: None, django_assert_max_num_queries: Any) -> None:
    assert Commitment.objects.count() >= 3
    with django_assert_max_num_queries(5):
        page = admin_client.get(URL).json()
    assert len(page["items"]) == Commitment.objects.count()
    assert all((c["progress"] or 0) >= 0 for c in page["items"])


def test_create_read_patch_put_delete(admin_client: Client, agreement: Agreement) -> None:
    data = {"agreement": str(agreement.uid), "giver": "VN-28", "receiver": "LA-XE", "description": "Đào tạo"}
    created = send(admin_client, "post", URL, data)
    assert created.status_code == 201, created.content
    uid = created.json()["uid"]
    assert created.json()["progress"] is None and created.json()["deliveries"] == []
    patched = send(admin_client, "patch", f"{URL}{uid}", {"quantity": "20", "unit": "person"})
    assert patched.status_code == 200, patched.content
    assert patched.json()["quantity"] == 20 and patched.json()["description"] == "Đào tạo"
    put = send(
        admin_client, "put", f"{URL}{uid}", {"giver": "LA-XE", "receiver": "VN-28", "description": "x"}
    )
    assert put.status_code == 200 and put.json()["quantity"] is None and put.json()["giver"] == "LA-XE"
    assert admin_client.delete(f"{URL}{uid}").status_code == 204
    assert admin_client.get(f"{URL}{uid}").status_code == 404


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"giver": "LA-AT"}, "giver"),
        ({"receiver": "VN-28"}, "receiver"),
        ({"quantity": -3, "unit": "person"}, "quantity"),
        ({"quantity": 3, "unit": "bags"}, "unit"),
        ({"period_start": "2029", "period_end": "2024"}, "period_end"),
        ({"agreement": "00000000-0000-4000-8000-000000000000"}, "agreement"),
        ({"agreement": "MOU 2022"}, "agreement"),
    ],
)
def test_bad_commitment_is_422(
    admin_client: Client, agreement: Agreement, change: dict[str, Any], field: str
) -> None:
    data = {"agreement": str(agreement.uid), "giver": "VN-28", "receiver": "LA-XE", "description": "x"}
    response = send(admin_client, "post", URL, {**data, **change})
    assert response.status_code == 422, response.content
    assert field in response.json()["detail"]
    assert not Commitment.objects.exists()


def test_deliveries_nested_under_the_commitment(admin_client: Client, scholarships: Commitment) -> None:
    base = f"{URL}{scholarships.uid}/deliveries/"
    created = send(admin_client, "post", base, {"date": "2025-09", "quantity": 6, "evidence": "Quyết định"})
    assert created.status_code == 201, created.content
    uid = created.json()["uid"]
    assert [d["date"] for d in admin_client.get(base).json()] == ["2024-09", "2025-09"]
    detail = admin_client.get(f"{URL}{scholarships.uid}").json()
    assert detail["delivered"] == 10 and detail["progress"] == 1 and len(detail["deliveries"]) == 2
    assert send(admin_client, "patch", f"{base}{uid}", {"quantity": 5}).json()["quantity"] == 5
    assert send(admin_client, "put", f"{base}{uid}", {"date": "2025", "quantity": 1}).json()["evidence"] == ""
    bad = send(admin_client, "post", base, {"date": "sometime", "quantity": -1})
    assert bad.status_code == 422 and {"date", "quantity"} <= set(bad.json()["detail"])
    assert send(admin_client, "post", base, {"quantity": 1}).json()["detail"]["date"]
    assert admin_client.delete(f"{base}{uid}").status_code == 204
    assert Delivery.objects.count() == 1


def test_delivery_of_another_commitment_is_404(admin_client: Client, scholarships: Commitment) -> None:
    other = create_commitment(
        scholarships.agreement, {"giver": "LA-XE", "receiver": "VN-28", "description": "Đất làm trụ sở"}
    )
    delivery = scholarships.deliveries.get()
    assert admin_client.get(f"{URL}{other.uid}/deliveries/{delivery.uid}").status_code == 404
    assert admin_client.get(f"{URL}{scholarships.uid}/deliveries/{delivery.uid}").status_code == 200
