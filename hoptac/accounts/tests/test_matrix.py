"""The authorization matrix: every page and every API operation × role × own / other / confidential record.

RULES says which permission each URL obeys; the expected answer for each user comes from the
permission functions (whose own rules are tested in test_permissions). A page or operation without
a rule fails `test_every_endpoint_has_a_rule`, so a new endpoint cannot slip in unchecked.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from hoptac.accounts.tests.conftest import uid
from hoptac.activities.models import Activity
from hoptac.agreements.models import Agreement, Commitment, Delivery
from hoptac.core import permissions as perms
from hoptac.figures.models import Figure, Metric
from hoptac.people.models import Person
from hoptac.sources.models import Source

pytestmark = pytest.mark.django_db
API = "/api/v1"
ROLES = ("anonymous", "viewer_kt", "officer_kt", "officer_hue", "contributor", "ministry", "admin")
SCOPES = ("own", "other", "secret")  # Kon Tum's, Thừa Thiên Huế's, Kon Tum's confidential one


@dataclass(frozen=True)
class Rule:
    """open: anyone; signed_in: any signed-in user; view/change: that right on the record in the URL;
    create: that right on the model (under the record in the URL or body, if any); own: the user's own;
    review: an officer of the province of the news source, or an administrator (the news inbox)."""

    kind: str
    target: str = ""
    model: Any = None


WEB: dict[str, Rule] = {
    "web:login": Rule("open"),
    "web:logout": Rule("open"),
    "web:dashboard": Rule("signed_in"),
    "web:agreements": Rule("signed_in"),
    "web:places": Rule("signed_in"),
    "web:place": Rule("view", "place"),
    "web:activities": Rule("signed_in"),
    "web:calendar": Rule("signed_in"),
    "web:calendar-ics": Rule("signed_in"),
    "notifications:list": Rule("signed_in"),
    "notifications:preferences": Rule("signed_in"),
    "notifications:tokens": Rule("signed_in"),
    "web:search": Rule("signed_in"),
    "web:agreement": Rule("view", "agreement"),
    "web:activity": Rule("view", "activity"),
    "web:agreement-new": Rule("create", model=Agreement),
    "web:party-row": Rule("signed_in"),
    "web:pick-agreements": Rule("signed_in"),
    "web:pick-agreement": Rule("view", "agreement"),
    "web:agreement-edit": Rule("change", "agreement"),
    "web:agreement-restore": Rule("change", "agreement"),
    "web:agreement-commitments": Rule("view", "agreement"),
    "web:commitment": Rule("view", "commitment"),
    "web:commitment-new": Rule("create", "agreement", Commitment),
    "web:commitment-edit": Rule("change", "commitment"),
    "web:delivery-new": Rule("create", "commitment", Delivery),
    "web:delivery-edit": Rule("change", "delivery"),
    "web:activity-new": Rule("create", model=Activity),
    "web:visit-new": Rule("create", model=Activity),
    "web:activity-edit": Rule("change", "activity"),
    "web:figure-new": Rule("create", model=Figure),
    "web:figure-edit": Rule("change", "figure"),
    "web:article-new": Rule("create", model=Source),
    "web:article-saved": Rule("signed_in"),
    "web:articles-many": Rule("create", model=Source),
    "web:import": Rule("create", model=Activity),
    "reports:report": Rule("signed_in"),
    "inbox:inbox": Rule("review"),
    "inbox:sources": Rule("review"),
    "inbox:edit": Rule("review", "proposal"),
    "reports:yearly": Rule("signed_in"),
}
# Reporting rounds obey hoptac/rounds/policies.py; hoptac/rounds/tests/test_matrix.py checks them by role.
ROUND = Rule("round")
WEB |= {
    f"rounds:{name}": ROUND
    for name in ("list", "new", "detail", "form", "xlsx", "upload", "review", "remind", "close", "reopen")
}

API_RULES: dict[str, Rule] = {
    "GET /places/": Rule("signed_in"),
    "GET /places/{code}": Rule("view", "place"),
    "GET /fields/": Rule("signed_in"),
    "GET /metrics/": Rule("signed_in"),
    "POST /metrics/": Rule("create", model=Metric),
    "GET /accounts/me": Rule("signed_in"),
    "GET /accounts/tokens": Rule("signed_in"),
    "POST /accounts/tokens": Rule("signed_in"),
    "DELETE /accounts/tokens/{prefix}": Rule("own"),
}
for _name, _model in (
    ("people", Person),
    ("sources", Source),
    ("agreements", Agreement),
    ("commitments", Commitment),
    ("activities", Activity),
    ("figures", Figure),
):
    _target = _model._meta.model_name
    API_RULES |= {
        f"GET /{_name}/": Rule("signed_in"),
        f"POST /{_name}/": Rule("create", model=_model),
        f"GET /{_name}/{{uid}}": Rule("view", _target),
        f"PUT /{_name}/{{uid}}": Rule("change", _target),
        f"PATCH /{_name}/{{uid}}": Rule("change", _target),
        f"DELETE /{_name}/{{uid}}": Rule("change", _target),
    }
API_RULES |= {
    key: ROUND
    for key in (
        "GET /rounds/",
        "GET /rounds/{uid}",
        "POST /rounds/{uid}/submissions/{pk}/draft",
        "POST /rounds/{uid}/submissions/{pk}/submit",
        "POST /rounds/{uid}/submissions/{pk}/approve",
        "POST /rounds/{uid}/submissions/{pk}/return",
        "POST /rounds/{uid}/close",
        "POST /rounds/{uid}/reopen",
    )
}
_delivery = "/commitments/{uid}/deliveries/{delivery}"
API_RULES |= {
    "GET /sources/provenance/{record}": Rule("view", "agreement"),
    "POST /sources/{uid}/links": Rule("change", "agreement"),
    "GET /commitments/{uid}/deliveries/": Rule("view", "commitment"),
    "POST /commitments/{uid}/deliveries/": Rule("create", "commitment", Delivery),
    f"GET {_delivery}": Rule("view", "delivery"),
    f"PUT {_delivery}": Rule("change", "delivery"),
    f"PATCH {_delivery}": Rule("change", "delivery"),
    f"DELETE {_delivery}": Rule("change", "delivery"),
}


def _web_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns: list[Any], namespace: str, prefix: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                route = prefix + str(p.pattern)
                if route.startswith(("admin/", "api/", "i18n/", "static/", "media/")):
                    continue
                walk(p.url_patterns, f"{namespace}{p.namespace}:" if p.namespace else namespace, route)
            elif isinstance(p, URLPattern) and p.name:
                names.add(f"{namespace}{p.name}")

    walk(get_resolver().url_patterns, "", "")
    return names


def _api_operations() -> set[str]:
    from hoptac.api import api

    paths = api.get_openapi_schema()["paths"]
    return {
        f"{method.upper()} {path.removeprefix(API)}"
        for path, methods in paths.items()
        for method in methods
        if method in ("get", "post", "put", "patch", "delete")
    }


# The user's own records by id or secret, POST only: their rules are tested in notifications/tests
# (another user's notification or token gives 404), reports/tests/test_background.py (another user's job
# gives 404) and web/tests/test_calendar_feed.py (the feed address).
OWN_RECORD_PAGES = {
    "notifications:read",
    "notifications:read-all",
    "notifications:revoke-token",
    "web:calendar-address",
    "tasks:job",
    "tasks:job-file",
}


def test_every_endpoint_has_a_rule() -> None:
    pages, operations = _web_names() - OWN_RECORD_PAGES, _api_operations()
    assert not pages - set(WEB), f"pages without a rule in WEB: {sorted(pages - set(WEB))}"
    assert not operations - set(API_RULES), (
        f"API operations without a rule: {sorted(operations - set(API_RULES))}"
    )
    assert not set(WEB) - pages, f"rules for pages that no longer exist: {sorted(set(WEB) - pages)}"
    assert not set(API_RULES) - operations, (
        f"rules for operations gone: {sorted(set(API_RULES) - operations)}"
    )


@pytest.fixture
def world(users: dict[str, Any], demo: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """For each target kind, the own / other / confidential record (made where the demo has none)."""
    from hoptac.agreements.commitments import create_commitment, record_delivery
    from hoptac.figures.services import create_figure
    from hoptac.sources.services import create_source, link_source

    agreements = {
        s: Agreement.objects.get(uid=uid(k))
        for s, k in zip(SCOPES, ("a-kt-xe-2022", "a-hue-ch-2022", "a-kt-st-2022"), strict=True)
    }
    hue = agreements["other"]
    create_commitment(hue, {"giver": "VN-26", "receiver": "LA-CH", "quantity": 5, "unit": "scholarship"})
    commitments = {s: a.commitments.order_by("pk").first() for s, a in agreements.items()}
    for c in commitments.values():
        if not c.deliveries.exists():
            record_delivery(c, {"date": "2024", "quantity": 1})
    create_figure({"metric": "delegations_exchanged", "value": 2, "agreement": str(agreements["secret"].uid)})
    source = create_source({"title": "Bài báo", "text": "Kon Tum và Sê Kông ký kết."})
    for a in agreements.values():
        link_source(a, source)
    return {
        "proposal": dict.fromkeys(SCOPES, _proposal()),
        "agreement": agreements,
        "commitment": commitments,
        "delivery": {s: c.deliveries.order_by("pk").first() for s, c in commitments.items()},
        "activity": {
            s: Activity.objects.get(uid=uid(k))
            for s, k in zip(
                SCOPES, ("e-review-2027", "e-visit-ch-hue-2024", "e-signing-st-2022"), strict=True
            )
        },
        "figure": {
            "own": Figure.objects.get(uid=uid("f-scholarships-xe")),
            "other": Figure.objects.get(uid=uid("f-hue-grdp")),
            "secret": Figure.objects.get(agreement=agreements["secret"]),
        },
        "place": dict.fromkeys(SCOPES, None),
        "person": dict.fromkeys(SCOPES, Person.objects.order_by("pk").first()),
        "source": dict.fromkeys(SCOPES, source),
    }


def _proposal() -> Any:
    """A record proposed by the news inbox from a Kon Tum source (its officers and admins review it)."""
    from hoptac.inbox.models import FetchedDocument, NewsSource, Proposal

    news = NewsSource.objects.create(
        name="Báo Kon Tum", url="https://baokontum.example/rss", province_id="VN-28"
    )
    page = FetchedDocument.objects.create(news_source=news, url="https://baokontum.example/a", hidden=False)
    return Proposal.objects.create(document=page, key="events-0", kind="events", data={"kind": "visit"})


def _client(users: dict[str, Any], role: str) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(users[role])
    return client


def _call(client: Client, method: str, url: str, body: Any = None) -> int:
    # Each call rolls back, so a DELETE allowed for one user leaves the record for the next.
    with transaction.atomic():
        if method in ("POST", "PUT", "PATCH"):
            response = getattr(client, method.lower())(url, data=body or {}, content_type="application/json")
        else:
            response = getattr(client, method.lower())(url)
        transaction.set_rollback(True)
    return int(response.status_code)


def _path_values(rule: Rule, record: Any, scope: str, *, api: bool = True) -> dict[str, str]:
    if rule.target == "proposal":
        return {"pk": str(record.pk)}
    if rule.target == "place":
        return {"code": {"own": "VN-28", "other": "VN-26", "secret": "LA-XE"}[scope]}
    if record is None:
        return {}
    if rule.target == "delivery" and api:
        return {"uid": str(record.commitment.uid), "delivery": str(record.uid)}
    values = {"uid": str(record.uid), "record": str(record.uid)}
    if not api and hasattr(record, "history"):
        first = record.history.order_by("history_id").first()
        values["history_id"] = str(first.history_id) if first else "0"
    return values


def _api_url(key: str, values: dict[str, str]) -> tuple[str, str]:
    method, path = key.split(" ", 1)
    for name, value in values.items():
        path = path.replace("{" + name + "}", value)
    return method, API + path


def _expected(rule: Rule, user: Any, record: Any, parent: Any) -> str:
    """allow, hide (404) or deny (403) for this user."""
    if rule.kind == "open":
        return "allow"
    if user is None:
        return "anonymous"
    if rule.kind in ("signed_in", "own"):
        return "allow"
    if rule.kind == "review":
        from hoptac.inbox.services import can_review, visible_sources

        seen = record is None or visible_sources(user).filter(pk=record.document.news_source_id).exists()
        return "allow" if can_review(user) and seen else "deny"
    if rule.kind == "view":
        return "allow" if record is None or perms.can_view(user, record) else "hide"
    if rule.kind == "change":
        if not perms.can_view(user, record):
            return "hide"
        return "allow" if perms.can_change(user, record) else "deny"
    if parent is not None and not perms.can_view(user, parent):
        return "hide"
    return "allow" if perms.can_create(user, rule.model, parent) else "deny"


def _check(status: int, expected: str, *, api: bool, where: str, lenient: bool = False) -> None:
    if expected == "anonymous":
        assert status in ((401,) if api else (302,)), where
    elif expected == "allow":
        assert status < 400 or (lenient and status == 422), where
    elif expected == "hide":
        assert status in ((404, 422) if lenient else (404,)), where
    else:
        assert status in ((403, 422) if lenient else (403,)), where


POST_PAGES = {"web:logout", "web:agreement-restore"}  # pages that only take POST


@pytest.mark.parametrize("name", sorted(WEB))
def test_pages(name: str, users: dict[str, Any], world: dict[str, Any]) -> None:
    from django.urls import NoReverseMatch, reverse

    rule = WEB[name]
    if rule.kind == "round":
        pytest.skip("reporting rounds: hoptac/rounds/tests/test_matrix.py")
    for scope in SCOPES if rule.target else ("own",):
        record = world[rule.target][scope] if rule.target else None
        values = _path_values(rule, record, scope, api=False)
        try:
            wanted = ("uid", "code", "history_id") if name in POST_PAGES else ("uid", "code", "pk")
            url = reverse(name, kwargs={k: v for k, v in values.items() if k in wanted})
        except NoReverseMatch:
            url = reverse(name)
        for role in ROLES:
            user = users.get(role)
            parent = record if rule.kind == "create" else None
            expected = _expected(rule, user, record if rule.kind != "create" else None, parent)
            status = _call(_client(users, role), "POST" if name in POST_PAGES else "GET", url)
            where = f"{role} GET {url} ({scope}) → {status}"
            if rule.kind == "create" and expected == "hide":
                # Adding under a record the user cannot see: refused either way, nothing shown.
                assert status in (403, 404), where
                continue
            _check(status, expected, api=False, where=where)


BODIES: dict[str, Callable[[dict[str, Any], str], dict[str, Any]]] = {
    "POST /people/": lambda w, s: {"name": "Người mới"},
    "POST /sources/": lambda w, s: {"title": "Nguồn mới", "text": "Một văn bản mới."},
    "POST /metrics/": lambda w, s: {"code": "volunteers_sent", "name_vi": "Tình nguyện viên"},
    "POST /agreements/": lambda w, s: {
        "title": "Thỏa thuận mới",
        "signed_on": "2025-01",
        "parties": [{"place": "VN-28"}, {"place": "LA-CH"}],
    },
    "POST /commitments/": lambda w, s: {
        "agreement": str(w["agreement"][s].uid),
        "giver": w["agreement"][s].parties.order_by("position").first().place_id,
        "receiver": w["agreement"][s].parties.order_by("position").last().place_id,
        "description": "Cam kết mới",
    },
    "POST /activities/": lambda w, s: {
        "kind": "meeting",
        "date": "2025",
        "agreements": [str(w["agreement"][s].uid)],
    },
    "POST /figures/": lambda w, s: {
        "metric": "delegations_exchanged",
        "value": 3,
        "agreement": str(w["agreement"][s].uid),
    },
    "POST /commitments/{uid}/deliveries/": lambda w, s: {"date": "2025", "quantity": 1},
    "POST /sources/{uid}/links": lambda w, s: {"record": str(w["agreement"][s].uid)},
    "POST /accounts/tokens": lambda w, s: {"scope": "read"},
}
# Creation under an agreement named in the body: the agreement decides (contributors, officers).
BODY_PARENT = {
    "POST /commitments/": "agreement",
    "POST /activities/": "agreement",
    "POST /figures/": "agreement",
}


@pytest.mark.parametrize("key", sorted(API_RULES))
def test_api(key: str, users: dict[str, Any], world: dict[str, Any]) -> None:
    from hoptac.accounts.tokens import create_token

    rule = API_RULES[key]
    if rule.kind == "round":
        pytest.skip("reporting rounds: hoptac/rounds/tests/test_matrix.py")
    scoped = rule.target or key in BODY_PARENT
    for scope in SCOPES if scoped else ("own",):
        record = world[rule.target][scope] if rule.target else None
        if key == "POST /sources/{uid}/links":
            values = {"uid": str(world["source"][scope].uid)}
        else:
            values = _path_values(rule, record, scope)
        for role in ROLES:
            user = users.get(role)
            if rule.kind == "own":
                if user is None:
                    continue
                token, _ = create_token(users["officer_kt"], "read")
                values = {"prefix": token.prefix}
                expected = "allow" if role in ("officer_kt", "admin") else "deny"
            elif key == "POST /agreements/":
                # A new agreement must be in the creator's provinces (VN-28 here): the API creates,
                # finds the creator may not see it, answers 404 and rolls it back.
                allowed = (
                    perms.can_create(user, Agreement) and role in ("officer_kt", "admin") if user else False
                )
                expected = "anonymous" if user is None else "allow" if allowed else "deny_or_422"
            elif key in BODY_PARENT:
                parent = world["agreement"][scope]
                expected = _expected(rule, user, None, parent)
                if expected == "hide":
                    expected = "deny_or_422"
            else:
                parent = record if rule.kind == "create" else None
                expected = _expected(rule, user, record if rule.kind != "create" else None, parent)
            method, url = _api_url(key, values)
            body = BODIES[key](world, scope) if key in BODIES else ({} if method != "PUT" else None)
            status = _call(_client(users, role), method, url, body)
            where = f"{role} {method} {url} ({scope}) → {status}"
            if expected == "deny_or_422":
                # The body names an agreement the user cannot see: refused, never written.
                assert status in (403, 404, 422), where
                continue
            # PUT needs a whole record: with an empty body an allowed user gets 422, never 403/404.
            # Linking a source to a record the user cannot see names it unknown (422), like 404.
            lenient = method == "PUT" or (key == "POST /sources/{uid}/links" and expected == "hide")
            _check(status, expected, api=True, where=where, lenient=lenient)
