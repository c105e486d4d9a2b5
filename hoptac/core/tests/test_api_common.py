"""The API as a whole: sign-in, CSRF, errors, pagination, OpenAPI and the CDN-free docs page."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from hoptac.exchange import DEMO_FILE
from hoptac.exchange.load import import_registry

API = "/api/v1"


@pytest.fixture
def demo(db: Any) -> None:
    """The demo registry: 7 agreements, their commitments, activities and figures."""
    import_registry(json.loads(DEMO_FILE.read_text()))


def body(response: Any) -> Any:
    """The JSON of a response, with its status in the failure message."""
    return response.json() if response.content else None


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    ["/agreements/", "/commitments/", "/activities/", "/figures/", "/people/", "/sources/", "/places/"],
)
def test_anonymous_gets_401(client: Client, path: str) -> None:
    response = client.get(API + path)
    assert response.status_code == 401
    assert client.post(API + path, {}, content_type="application/json").status_code in (401, 405)


@pytest.mark.django_db
def test_writes_need_the_csrf_token(admin_user: Any, agreement_data: dict[str, Any]) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    refused = client.post(f"{API}/agreements/", agreement_data, content_type="application/json")
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    from hoptac.agreements.models import Agreement

    assert not Agreement.objects.exists()
    # Reads need no token; the docs page hands one out in its cookie.
    assert client.get(f"{API}/agreements/").status_code == 200
    client.get(f"{API}/docs")
    token = client.cookies["csrftoken"].value
    accepted = client.post(
        f"{API}/agreements/", agreement_data, content_type="application/json", HTTP_X_CSRFTOKEN=token
    )
    assert accepted.status_code == 201, accepted.content
    assert Agreement.objects.count() == 1


@pytest.mark.django_db
def test_pagination_parameters_are_checked(admin_client: Client) -> None:
    response = admin_client.get(f"{API}/places/?limit=0&offset=-1")
    assert response.status_code == 422
    assert set(response.json()["detail"]) == {"limit", "offset"}
    assert admin_client.get(f"{API}/places/?limit=501").status_code == 422


@pytest.mark.django_db
def test_pages_of_places_fit_together(admin_client: Client) -> None:
    first = admin_client.get(f"{API}/places/?country=LA&level=1&limit=5").json()
    second = admin_client.get(f"{API}/places/?country=LA&level=1&limit=5&offset=5").json()
    assert first["count"] == second["count"] >= 17
    assert (first["limit"], first["offset"], second["offset"]) == (5, 0, 5)
    codes = [p["code"] for p in first["items"] + second["items"]]
    assert len(codes) == len(set(codes)) == 10
    assert codes == sorted(codes)
    beyond = admin_client.get(f"{API}/places/?country=LA&level=1&offset=1000").json()
    assert beyond["items"] == [] and beyond["count"] == first["count"]


@pytest.mark.django_db
def test_openapi_lists_every_path(admin_client: Client) -> None:
    response = admin_client.get(f"{API}/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in (
        "/agreements/",
        "/agreements/{uid}",
        "/fields/",
        "/commitments/",
        "/commitments/{uid}",
        "/commitments/{uid}/deliveries/",
        "/commitments/{uid}/deliveries/{delivery}",
        "/activities/",
        "/activities/{uid}",
        "/figures/",
        "/figures/{uid}",
        "/metrics/",
        "/people/",
        "/people/{uid}",
        "/sources/",
        "/sources/{uid}",
        "/sources/{uid}/links",
        "/sources/provenance/{record}",
        "/places/",
        "/places/{code}",
    ):
        assert f"{API}{path}" in paths, path
    agreement = paths[f"{API}/agreements/{{uid}}"]
    assert set(agreement) >= {"get", "put", "patch", "delete"}
    listing = {p["name"] for p in paths[f"{API}/agreements/"]["get"]["parameters"]}
    assert {"limit", "offset", "q", "status", "partner", "country", "field", "year"} <= listing


@pytest.mark.django_db
def test_docs_page_loads_swagger_without_a_cdn(admin_client: Client) -> None:
    page = admin_client.get(f"{API}/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower() and "https://" not in page
    assert admin_client.get("/static/ninja/swagger-ui-bundle.js").status_code == 200


@pytest.mark.django_db
def test_a_refused_write_leaves_nothing_behind(admin_client: Client, agreement_data: dict[str, Any]) -> None:
    from hoptac.agreements.models import Agreement
    from hoptac.people.models import Person

    # The first party's signatory (a new person) would be created before the bad second party fails.
    agreement_data["parties"][1]["place"] = "XX-99"
    response = admin_client.post(f"{API}/agreements/", agreement_data, content_type="application/json")
    assert response.status_code == 422
    assert "parties[1].place" in response.json()["detail"]
    assert not Agreement.objects.exists() and not Person.objects.exists()
