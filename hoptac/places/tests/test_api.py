"""/api/v1/places/ (read-only)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client

from hoptac.core.tests.test_api_common import API

URL = f"{API}/places/"
pytestmark = pytest.mark.django_db


def test_search_ignores_diacritics(admin_client: Client) -> None:
    found = admin_client.get(URL + "?q=se kong").json()["items"]
    assert [p["code"] for p in found] == ["LA-XE"]
    assert found[0]["name_vi"] == "Sê Kông" and found[0]["country"] == "LA" and found[0]["level"] == 1
    assert "LA-XE" in [p["code"] for p in admin_client.get(URL + "?q=XEKONG").json()["items"]]


def test_list_query_count(admin_client: Client, django_assert_max_num_queries: Any) -> None:
    # PostgreSQL reads the planner's row estimate first (count_of: one query, whatever the rows).
    with django_assert_max_num_queries(6 + (connection.vendor == "postgresql")):
        page = admin_client.get(URL + "?limit=200").json()
    assert len(page["items"]) == min(200, page["count"]) and page["count"] > 100


def test_detail_has_aliases_lineage_and_successor(admin_client: Client) -> None:
    response = admin_client.get(URL + "vn-28")
    assert response.status_code == 200
    kon_tum = response.json()
    assert kon_tum["code"] == "VN-28" and kon_tum["name_vi"] == "Kon Tum"
    assert kon_tum["aliases"]
    assert kon_tum["lineage"] and kon_tum["lineage"][0]["predecessor"] == "VN-28"
    assert kon_tum["successor_today"] == kon_tum["lineage"][-1]["successor"] != "VN-28"
    assert admin_client.get(URL + "XX-99").status_code == 404


def test_places_are_read_only(admin_client: Client) -> None:
    assert admin_client.post(URL, {}, content_type="application/json").status_code == 405
    assert admin_client.delete(URL + "VN-28").status_code == 405
