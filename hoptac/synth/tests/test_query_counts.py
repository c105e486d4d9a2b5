"""No N+1: every list endpoint and page makes as many queries for 100 records as for 10.

Routes are discovered (the API's OpenAPI schema, hoptac/web/urls.py), so a new list is covered the
day it is added. Records come from the synthetic registry, a signed-in administrator sees them all.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from hoptac.activities.models import Activity
from hoptac.agreements.models import Agreement
from hoptac.figures.models import Figure
from hoptac.people.models import Person
from hoptac.sources.models import Source
from hoptac.synth.build import build
from hoptac.synth.plan import Scale

pytestmark = pytest.mark.django_db


def list_routes() -> list[str]:
    """Every GET route without a parameter: API lists and web pages."""
    from hoptac.api import api
    from hoptac.web.urls import urlpatterns

    schema = api.get_openapi_schema()
    routes = [p for p, ops in schema["paths"].items() if "get" in ops and "{" not in p]
    for pattern in urlpatterns:
        route = str(pattern.pattern)
        if "<" not in route and not any(word in route for word in ("login", "logout")):
            routes.append("/" + route)
    return sorted(routes)


def _counts(client: Client) -> dict[str, tuple[int, int]]:
    found = {}
    for route in list_routes():
        # One page holds all records at both sizes, so the page's own count query is not the difference.
        query = {"limit": 500} if route.startswith("/api/") else {}
        with CaptureQueriesContext(connection) as captured:
            response = client.get(route, query)
        found[route] = (response.status_code, len(captured))
    return found


def _registry(n: int) -> None:
    for model in (Figure, Activity, Agreement, Source, Person):
        model.objects.all().delete()
    build(Scale(f"n{n}", n, n, n, n, n, 4, 2, 1, False), seed=3)


def test_list_query_counts_do_not_grow_with_records(django_user_model) -> None:  # type: ignore[no-untyped-def]
    admin = django_user_model.objects.create_superuser("admin", "admin@example.org", "a-long-password-1")
    client = Client()
    client.force_login(admin)
    _registry(10)
    assert Activity.objects.count() == 10
    few = _counts(client)
    _registry(100)
    assert Activity.objects.count() == 100
    many = _counts(client)
    assert len(few) > 10, "routes were not discovered"
    grown = {route: (few[route][1], many[route][1]) for route in few if many[route][1] > few[route][1]}
    failed = {route: many[route][0] for route in many if many[route][0] >= 500}
    assert not failed, f"these routes fail: {failed}"
    assert not grown, f"queries grow with records (10 → 100 records): {grown}"
