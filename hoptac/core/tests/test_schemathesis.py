"""Schemathesis over the API's own OpenAPI document: no operation, fed what the schema allows, answers 5xx.

Every operation of /api/v1/openapi.json is called in-process (WSGI, on the test's database connection)
with a write token of a superuser, over the demo registry: cases generated from the schema, cases that
break it (negative), and — for operations with path parameters — cases aimed at real records. Each call
runs in a savepoint that is rolled back, so a DELETE or PUT does not change what the next call sees.
Generation is derandomized with a few examples an operation, so the run is the same on every CI run.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.core.result import Err
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
)

pytestmark = pytest.mark.django_db

OPENAPI = "/api/v1/openapi.json"
# A few examples an operation keep CI under half a minute; HOPTAC_FUZZ_EXAMPLES=200 digs deeper locally.
EXAMPLES = int(os.environ.get("HOPTAC_FUZZ_EXAMPLES", "6"))
# What a response must be. Left out: status_code_conformance (the document lists only the success
# status, so every 404/422 would be "undocumented") and ignored_auth (it re-sends with the bearer header
# passed to call(), then reports the 200 as "accepts invalid authentication"; anonymous calls do get 401).
CHECKS = [
    not_a_server_error,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@pytest.fixture
def records(db: Any) -> dict[str, str]:
    """The demo registry; one real value for each path parameter the API takes."""
    from hoptac.activities.models import Activity
    from hoptac.agreements.models import Agreement, Delivery
    from hoptac.exchange import DEMO_FILE
    from hoptac.exchange.load import import_registry
    from hoptac.figures.models import Figure
    from hoptac.people.models import Person
    from hoptac.places.models import Place
    from hoptac.sources.models import Source

    import_registry(json.loads(DEMO_FILE.read_text(encoding="utf-8")))
    delivery = Delivery.objects.select_related("commitment").order_by("pk").first()
    assert delivery is not None, "the demo registry has no delivery"
    place = Place.objects.filter(code="VN-28").first() or Place.objects.order_by("code").first()
    assert place is not None
    agreement = Agreement.objects.order_by("pk").first()
    assert agreement is not None

    def first(model: Any) -> str:
        record = model.objects.order_by("pk").first()
        assert record is not None, f"the demo registry has no {model.__name__}"
        return str(record.uid)

    return {
        "people": first(Person),
        "sources": first(Source),
        "agreements": str(agreement.uid),
        "commitments": str(delivery.commitment.uid),
        "activities": first(Activity),
        "figures": first(Figure),
        "delivery": str(delivery.uid),
        "record": str(agreement.uid),
        "code": place.code,
    }


@pytest.fixture
def app() -> Iterator[WSGIHandler]:
    """The WSGI app, kept on the test's connection.

    Each request's start and end close a connection whose autocommit is not the configured one — as is
    the test's, inside its transaction. Django's test client unhooks that; so, for schemathesis, does this.
    """
    hooks = (signals.request_started, signals.request_finished)
    for hook in hooks:
        hook.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        for hook in hooks:
            hook.connect(close_old_connections)


@pytest.fixture
def bearer(db: Any) -> dict[str, str]:
    """The Authorization header of a superuser's write token."""
    from django.contrib.auth import get_user_model

    from hoptac.accounts.tokens import create_token

    user = get_user_model().objects.create_superuser(username="fuzzer", password="x-Very-long-pass-1")
    _, secret = create_token(user, "write", name="schemathesis")
    return {"Authorization": f"Bearer {secret}"}


def _real_path(operation: Any, records: dict[str, str]) -> dict[str, str] | None:
    """Real values for the operation's path parameters, or None when it has none."""
    names = [p.name for p in operation.path_parameters]
    if not names:
        return None
    collection = operation.path.split("/")[3]  # /api/v1/<collection>/...
    # No such record in the demo registry (reporting rounds): generated values only.
    if collection not in records:
        return None
    return {name: records[collection] if name == "uid" else records.get(name, "") for name in names}


def _describe(case: Any, response: Any) -> str:
    body = (
        ""
        if not isinstance(case.body, dict | list | str)
        else f" body={json.dumps(case.body, ensure_ascii=False, default=str)[:300]}"
    )
    query = f" query={case.query}" if case.query else ""
    return (
        f"{case.operation.label} → {response.status_code}: {case.formatted_path}{query}{body}\n"
        f"    {response.text[:300]}"
    )


def _run(strategy: st.SearchStrategy[Any], check: Callable[[Any], None]) -> None:
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def run(case: Any) -> None:
        check(case)

    run()


def test_no_operation_answers_a_server_error(
    app: WSGIHandler, records: dict[str, str], bearer: dict[str, str]
) -> None:
    schema = schemathesis.openapi.from_wsgi(OPENAPI, app)
    errors: list[str] = []
    nonconforming: list[str] = []
    operations = 0

    for result in schema.get_all_operations():
        if isinstance(result, Err):
            errors.append(f"the document has an operation schemathesis cannot read: {result.err()}")
            continue
        operation = result.ok()
        operations += 1

        def check(case: Any, conform: bool) -> None:
            with transaction.atomic():
                response = case.call(headers=bearer)
                if conform and response.status_code < 500:
                    try:
                        case.validate_response(response, checks=CHECKS)
                    except FailureGroup as group:
                        nonconforming.append(f"{_describe(case, response)}\n    {group.exceptions[0]}")
                transaction.set_rollback(True)
            if response.status_code >= 500:
                errors.append(_describe(case, response))

        _run(operation.as_strategy(), lambda case: check(case, True))
        _run(operation.as_strategy(GenerationMode.NEGATIVE), lambda case: check(case, False))
        real = _real_path(operation, records)
        if real is not None:
            _run(operation.as_strategy(path_parameters=real), lambda case: check(case, True))

    assert operations >= 50, f"only {operations} operations in {OPENAPI}"
    assert not errors, f"{len(errors)} server errors:\n" + "\n".join(errors)
    assert not nonconforming, f"{len(nonconforming)} responses not as documented:\n" + "\n".join(
        nonconforming
    )


def test_an_offset_past_the_database_integer_is_a_422(bearer: dict[str, str]) -> None:
    """Found by the run above: offset=5×10^32 reached the database driver and answered 500."""
    from django.test import Client

    response = Client().get("/api/v1/places/", {"offset": 10**32}, HTTP_AUTHORIZATION=bearer["Authorization"])
    assert response.status_code == 422, response.content
