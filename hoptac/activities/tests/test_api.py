"""/api/v1/activities/."""
# ruff: noqa: F811  (the demo fixture is imported, then named as a parameter)

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from hoptac.activities.models import Activity
from hoptac.agreements.models import Agreement
from hoptac.core.tests.test_api_common import API, demo  # noqa: F401  (fixture)

URL = f"{API}/activities/"
pytestmark = pytest.mark.django_db


def send(client: Client, method: str, url: str, data: Any) -> Any:
    return getattr(client, method)(url, data, content_type="application/json")


def test_list_filters_and_search(admin_client: Client, demo: None) -> None:
    page = admin_client.get(URL).json()
    assert page["count"] == Activity.objects.count() >= 4
    review = admin_client.get(URL + "?q=so ket&kind=review_conference").json()["items"]
    assert len(review) == 1 and review[0]["date"] == "2024-12-12"
    assert set(review[0]["parties"]) == {"LA-AT", "LA-XE", "VN-28"}
    assert review[0]["head_of_delegation"]["name"] == "Y Ngọc"
    assert len(review[0]["agreements"]) == 2
    same = admin_client.get(URL + "?date_from=2024-12-01&date_to=2024-12-31&party=la-at").json()["items"]
    assert review[0]["uid"] in [a["uid"] for a in same]
    planned = admin_client.get(URL + "?status=planned&year=2027").json()["items"]
    assert planned and all(a["status"] == "planned" for a in planned)
    agreement = review[0]["agreements"][0]
    assert review[0]["uid"] in [
        a["uid"] for a in admin_client.get(URL + f"?agreement={agreement}").json()["items"]
    ]
    assert admin_client.get(URL + "?date_from=12/12/2024").status_code == 422


def test_list_query_count(admin_client: Client, demo: None, django_assert_max_num_queries: Any) -> None:
    with django_assert_max_num_queries(8):
        page = admin_client.get(URL).json()
    assert len(page["items"]) == Activity.objects.count()


def test_create_patch_put_delete(admin_client: Client, agreement: Agreement) -> None:
    data = {
        "kind": "visit",
        "title": "Đoàn Sê Kông thăm Kon Tum",
        "date": "2025-03",
        "place": "VN-28",
        "parties": ["VN-28", "LA-XE"],
        "agreements": [str(agreement.uid)],
        "direction": "incoming",
        "head_of_delegation": "Leuang Outhachack",
        "delegation_size": 12,
    }
    created = send(admin_client, "post", URL, data)
    assert created.status_code == 201, created.content
    out = created.json()
    assert out["head_of_delegation"]["name"] == "Leuang Outhachack" and out["delegation_size"] == 12
    uid = out["uid"]
    patched = send(admin_client, "patch", f"{URL}{uid}", {"delegation_size": 15})
    assert patched.json()["delegation_size"] == 15 and patched.json()["parties"] == ["LA-XE", "VN-28"]
    put = send(admin_client, "put", f"{URL}{uid}", {"kind": "meeting", "date": "2025-03-04"})
    assert put.status_code == 200, put.content
    assert put.json()["parties"] == [] and put.json()["head_of_delegation"] is None
    assert admin_client.delete(f"{URL}{uid}").status_code == 204
    assert admin_client.get(f"{URL}{uid}").status_code == 404


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"date": "2025-03-10", "end_date": "2025-03-01"}, "end_date"),
        ({"place": "Atlantis"}, "place"),
        ({"parties": ["VN-28", "VN-28"]}, "parties[1]"),
        ({"kind": "party"}, "kind"),
        ({"direction": "incoming", "kind": "meeting"}, "direction"),
        ({"agreements": ["00000000-0000-4000-8000-000000000000"]}, "agreements[0]"),
        ({"delegation_size": -2}, "delegation_size"),
    ],
)
def test_bad_activity_is_422(admin_client: Client, change: dict[str, Any], field: str) -> None:
    data = {"kind": "visit", "date": "2025-03-10", **change}
    response = send(admin_client, "post", URL, data)
    assert response.status_code == 422, response.content
    assert field in response.json()["detail"], response.json()
    assert not Activity.objects.exists()


@pytest.mark.parametrize("url", [URL + "?q=So Ket", f"{API}/sources/?q=kon tum"])
def test_search_filters_in_the_database_not_by_reading_the_table(
    admin_client: Client, demo: None, url: str
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        found = admin_client.get(url).json()
    assert found["count"] >= 1
    table = "activities_activity" if "activities" in url else "sources_source"
    reads = [q["sql"] for q in queries if f'FROM "{table}"' in q["sql"]]
    assert reads and all("WHERE" in sql for sql in reads), reads
