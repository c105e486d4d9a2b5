"""/api/v1/people/."""
# ruff: noqa: F811  (the demo fixture is imported, then named as a parameter)

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from hoptac.core.tests.test_api_common import API, demo  # noqa: F401  (fixture)
from hoptac.people.models import Person

URL = f"{API}/people/"
pytestmark = pytest.mark.django_db


def send(client: Client, method: str, url: str, data: Any) -> Any:
    return getattr(client, method)(url, data, content_type="application/json")


def test_list_search_and_query_count(
    admin_client: Client, demo: None, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(6):
        page = admin_client.get(URL).json()
    assert page["count"] == Person.objects.count() >= 10
    found = admin_client.get(URL + "?q=y ngoc").json()["items"]
    assert [p["name"] for p in found] == ["Y Ngọc"]
    assert admin_client.get(URL + "?q=Y NGỌC").json()["items"] == found


def test_create_patch_put_delete(admin_client: Client) -> None:
    data = {"name": "A Pớt", "titles": [{"title": "Phó Chủ tịch", "place": "VN-28", "start": "2021"}]}
    created = send(admin_client, "post", URL, data)
    assert created.status_code == 201, created.content
    uid = created.json()["uid"]
    assert created.json()["titles"] == [
        {"title": "Phó Chủ tịch", "place": "VN-28", "start": "2021", "end": None}
    ]
    assert admin_client.get(URL + "?place=VN-28").json()["count"] == 1
    assert send(admin_client, "patch", f"{URL}{uid}", {"notes": "x"}).json()["titles"][0]["start"] == "2021"
    put = send(admin_client, "put", f"{URL}{uid}", {"name": "A Pớt"})
    assert put.status_code == 200 and put.json()["titles"] == []
    assert admin_client.delete(f"{URL}{uid}").status_code == 204
    assert admin_client.get(f"{URL}{uid}").status_code == 404


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "A", "titles": [{"title": "Chủ tịch", "start": "2024", "end": "2020"}]}, "titles[0].end"),
        ({"name": "A", "titles": [{"title": "Chủ tịch", "place": "Mordor"}]}, "titles[0].place"),
    ],
)
def test_bad_person_is_422(admin_client: Client, data: dict[str, Any], field: str) -> None:
    response = send(admin_client, "post", URL, data)
    assert response.status_code == 422, response.content
    assert field in response.json()["detail"], response.json()
    assert not Person.objects.exists()
