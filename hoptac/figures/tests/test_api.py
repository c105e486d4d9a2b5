"""/api/v1/figures/ and /api/v1/metrics/."""
# ruff: noqa: F811  (the demo fixture is imported, then named as a parameter)

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from hoptac.agreements.models import Agreement
from hoptac.core.tests.test_api_common import API, demo  # noqa: F401  (fixture)
from hoptac.figures.models import Figure, Metric

URL = f"{API}/figures/"
pytestmark = pytest.mark.django_db


def send(client: Client, method: str, url: str, data: Any) -> Any:
    return getattr(client, method)(url, data, content_type="application/json")


def test_list_and_filters(admin_client: Client, demo: None) -> None:
    page = admin_client.get(URL + "?limit=100").json()
    assert page["count"] == Figure.objects.count() == len(page["items"]) >= 19
    values = {f["value"] for f in page["items"]}
    assert {109, 1216, 215414} <= values
    trade = admin_client.get(URL + "?metric=trade_turnover&unit=USD").json()["items"]
    assert trade and all(f["metric"] == "trade_turnover" and f["unit"] == "USD" for f in trade)
    assert trade[0]["metric_name"]
    scoped = admin_client.get(URL + "?scope=vn-28&limit=100").json()["items"]
    assert scoped and all("VN-28" in f["scope"] for f in scoped)
    assert len({f["uid"] for f in scoped}) == len(scoped)
    assert admin_client.get(URL + "?year=1999").json()["count"] == 0
    assert admin_client.get(URL + "?metric=happiness").status_code == 422


def test_list_query_count(admin_client: Client, demo: None, django_assert_max_num_queries: Any) -> None:
    with django_assert_max_num_queries(8):
        page = admin_client.get(URL + "?limit=100").json()
    assert len(page["items"]) >= 19


def test_create_patch_put_delete(admin_client: Client, agreement: Agreement) -> None:
    data = {
        "metric": "trade_turnover",
        "value": 687.4e6,
        "scope": ["VN-28", "LA-XE"],
        "period_start": "2024",
        "agreement": str(agreement.uid),
    }
    created = send(admin_client, "post", URL, data)
    assert created.status_code == 201, created.content
    out = created.json()
    assert out["unit"] == "USD" and out["value"] == 687400000 and out["agreement"] == str(agreement.uid)
    uid = out["uid"]
    assert send(admin_client, "patch", f"{URL}{uid}", {"note": "ước"}).json()["scope"] == ["LA-XE", "VN-28"]
    put = send(admin_client, "put", f"{URL}{uid}", {"metric": "delegations_exchanged", "value": 109})
    assert put.status_code == 200 and put.json()["unit"] == "count" and put.json()["agreement"] is None
    assert admin_client.delete(f"{URL}{uid}").status_code == 204
    assert not Figure.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"metric": "happiness"}, "metric"),
        ({"unit": "bananas"}, "unit"),
        ({"value": "lots"}, "value"),
        ({"period_start": "2024-06", "period_end": "2024-01"}, "period_end"),
        ({"scope": ["VN-28", "Narnia"]}, "scope[1]"),
    ],
)
def test_bad_figure_is_422(admin_client: Client, change: dict[str, Any], field: str) -> None:
    response = send(admin_client, "post", URL, {"metric": "exports", "value": 5, **change})
    assert response.status_code == 422, response.content
    assert field in response.json()["detail"], response.json()
    assert not Figure.objects.exists()


def test_metrics_read_and_add(admin_client: Client) -> None:
    codes = [m["code"] for m in admin_client.get(f"{API}/metrics/").json()]
    assert "trade_turnover" in codes
    data = {"code": "volunteers_sent", "name_vi": "Số tình nguyện viên"}
    created = send(admin_client, "post", f"{API}/metrics/", data)
    assert created.status_code == 201, created.content
    assert created.json()["default_unit"] == "count"
    again = send(admin_client, "post", f"{API}/metrics/", data)
    assert again.status_code == 422 and "code" in again.json()["detail"]
    assert Metric.objects.filter(code="volunteers_sent").count() == 1
