"""The OpenAPI document lists every status an operation answers and the limits of what clients write;
inputs past the database's limits are 422s that say so, not 500s (each found by schemathesis)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(client: Client) -> dict[str, Any]:
    return json.loads(client.get("/api/v1/openapi.json").content)


def _responses(document: dict[str, Any], method: str, path: str) -> dict[str, Any]:
    return document["paths"][f"/api/v1/{path}"][method]["responses"]


def _schema(document: dict[str, Any], answer: dict[str, Any]) -> dict[str, Any]:
    ref = answer["content"]["application/json"]["schema"]["$ref"]
    return document["components"]["schemas"][ref.rsplit("/", 1)[1]]


def test_every_operation_lists_its_errors(document: dict[str, Any]) -> None:
    operations = [(path, method, op) for path, ops in document["paths"].items() for method, op in ops.items()]
    assert len(operations) >= 50
    for path, method, operation in operations:
        statuses = set(operation["responses"])
        assert {"400", "401"} <= statuses, (method, path)
        if method != "get":
            assert "403" in statuses, (method, path)
        if "{" in path:
            assert "404" in statuses, (method, path)
        if method in ("post", "put", "patch"):
            assert "413" in statuses, (method, path)
    assert "409" in _responses(document, "put", "agreements/{uid}")
    assert "409" in _responses(document, "delete", "commitments/{uid}/deliveries/{delivery}")
    assert "409" not in _responses(document, "delete", "accounts/tokens/{prefix}")  # tokens have no version
    assert "422" not in _responses(document, "get", "fields/")  # nothing to get wrong


def test_error_bodies_are_described(document: dict[str, Any]) -> None:
    answers = _responses(document, "put", "agreements/{uid}")
    assert _schema(document, answers["409"])["required"] == ["detail", "current_version"]
    invalid = _schema(document, answers["422"])["properties"]["detail"]
    assert invalid["type"] == "object" and invalid["additionalProperties"]["type"] == "array"
    assert _schema(document, answers["403"])["properties"]["detail"]["type"] == "string"


def test_request_limits_come_from_the_models(document: dict[str, Any]) -> None:
    from hoptac.activities.models import Activity
    from hoptac.agreements.models import Agreement

    schemas = document["components"]["schemas"]
    agreement = schemas["AgreementIn"]["properties"]
    assert agreement["title"]["maxLength"] == Agreement._meta.get_field("title").max_length
    assert agreement["kind"]["enum"] == list(Agreement.Kind.values)
    assert agreement["review_every_years"]["maximum"] == 10
    assert "economy" in agreement["fields"]["items"]["enum"]
    assert "pattern" in agreement["signed_on"]
    # A PATCH body keeps the limits of the fields it makes optional.
    assert schemas["AgreementInPatch"]["properties"]["title"]["anyOf"][0]["maxLength"] == 500
    activity = schemas["ActivityIn"]["properties"]
    assert activity["direction"]["enum"] == [*Activity.Direction.values, ""]
    assert schemas["FigureIn"]["properties"]["value"]["exclusiveMaximum"] == 10**20


def test_the_date_pattern_takes_what_the_services_read() -> None:
    import re

    from hoptac.core.dates import DATE_PATTERN, PartialDate

    for text in ("2024", "2024-12", "2024-12-04", "--12-28", "4/12/2024", "12/2024", "28/12", " 2024 ", ""):
        assert re.match(DATE_PATTERN, text), text
        PartialDate.parse(text)
    for text in ("2024-1", "yesterday", "2024/12/04"):
        assert not re.match(DATE_PATTERN, text), text
        with pytest.raises(ValueError):
            PartialDate.parse(text)


def test_an_unknown_api_address_is_a_json_404(admin_client: Client) -> None:
    for response in (
        admin_client.get("/api/v1/agreements/not-a-uid"),
        admin_client.get("/api/v1/agreements/%0Anewline"),  # found by a deeper run: "." stopped at it
        admin_client.post("/api/v1/agreements/not-a-uid", "{}", content_type="application/json"),
        Client(enforce_csrf_checks=True).delete("/api/v1/nothing/here"),
    ):
        assert response.status_code == 404, response.content
        assert response["Content-Type"] == "application/json"
        assert "detail" in response.json()


@pytest.fixture
def demo(db: Any) -> None:
    from hoptac.exchange import DEMO_FILE
    from hoptac.exchange.load import import_registry

    import_registry(json.loads(DEMO_FILE.read_text(encoding="utf-8")))


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        (
            "figures/",
            {"metric": "trade_turnover", "value": 1e30, "scope": ["VN-28"], "period_start": "2024"},
            "value",
        ),
        ("activities/", {"kind": "visit", "date": "2024", "delegation_size": 2**40}, "delegation_size"),
        ("metrics/", {"code": "x" * 41, "name_vi": "y"}, "code"),
        ("metrics/", {"code": "long_name", "name_vi": "y" * 201}, "name_vi"),
    ],
)
def test_a_value_past_its_column_is_a_422(
    admin_client: Client, demo: None, path: str, body: dict[str, Any], field: str
) -> None:
    response = admin_client.post(f"/api/v1/{path}", json.dumps(body), content_type="application/json")
    assert response.status_code == 422, response.content
    assert field in response.json()["detail"]


def test_a_quantity_past_its_column_is_a_422(admin_client: Client, demo: None) -> None:
    from hoptac.agreements.models import Agreement, AgreementParty

    agreement = Agreement.objects.order_by("pk").first()
    assert agreement is not None
    giver, receiver = (p.place_id for p in AgreementParty.objects.filter(agreement=agreement)[:2])
    body = {"agreement": str(agreement.uid), "giver": giver, "receiver": receiver, "quantity": "1e18"}
    response = admin_client.post("/api/v1/commitments/", json.dumps(body), content_type="application/json")
    assert response.status_code == 422, response.content
    assert "quantity" in response.json()["detail"]
