"""The authorization matrix: every page and API operation, the article review, ingest and imports, as
every kind of user, on a record of their province, of another province and a confidential one.

The expected answers are in `authorization.md`, written by hand from accounts/README.md's rules; nothing
here asks the permission code what to expect. A page or operation without a row there fails
`test_every_route_has_a_row`, so a new route must be added to the table.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from hoptac.accounts.tests.conftest import load_demo, role_users, uid
from hoptac.activities.models import Activity
from hoptac.agreements.models import Agreement
from hoptac.figures.models import Figure
from hoptac.people.models import Person
from hoptac.tests.support.shared_records import shared_records

pytestmark = pytest.mark.django_db
API = "/api/v1"
TABLE = Path(__file__).with_name("authorization.md")
SCOPES = ("own", "other", "secret")


def _rows(heading: str) -> list[list[str]]:
    """The rows of the markdown table under `## heading` (cells stripped, header and rule left out)."""
    text = TABLE.read_text(encoding="utf-8").split(f"## {heading}", 1)[1].split("\n## ", 1)[0]
    lines = [line for line in text.splitlines() if line.startswith("|")]
    return [[cell.strip() for cell in line.strip("|").split("|")] for line in lines[2:]]


_OUTCOME_ROWS = _rows("Outcomes")
ROLES: tuple[str, ...] = tuple(
    cell.strip()
    for cell in next(
        line for line in TABLE.read_text(encoding="utf-8").splitlines() if line.startswith("| right |")
    )
    .strip("|")
    .split("|")[2:]
)
OUTCOMES: dict[tuple[str, str], dict[str, str]] = {
    (row[0], row[1]): dict(zip(ROLES, row[2:], strict=True)) for row in _OUTCOME_ROWS
}
ROUTES: dict[str, tuple[str, str]] = {row[0]: (row[1], row[2]) for row in _rows("Routes")}


def _expected(right: str, scope: str, role: str) -> str:
    return OUTCOMES[(right, scope if (right, scope) in OUTCOMES else "-")][role]


def _scopes(right: str) -> tuple[str, ...]:
    return SCOPES if (right, "own") in OUTCOMES else ("-",)


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


ROUND_PAGE = re.compile(r"^rounds:")


def test_every_route_has_a_row() -> None:
    pages = {name for name in _web_names() - OWN_RECORD_PAGES if not ROUND_PAGE.match(name)}
    operations = {op for op in _api_operations() if not op.split(" ", 1)[1].startswith("/rounds/")}
    rows = {key.removeprefix("POST ") for key in ROUTES if ":" in key}
    assert not pages - rows, f"pages without a row in authorization.md: {sorted(pages - rows)}"
    assert not operations - set(ROUTES), f"API operations without a row: {sorted(operations - set(ROUTES))}"
    gone = {key for key in rows if key not in pages and key != "rounds:*"}
    assert not gone, f"rows for pages that no longer exist: {sorted(gone)}"
    gone = {k for k in ROUTES if k.startswith(("GET ", "PUT ", "PATCH ", "DELETE ", "POST /"))} - operations
    assert not gone, f"rows for operations that no longer exist: {sorted(gone)}"


def test_every_row_names_a_known_right() -> None:
    for key, (right, _target) in ROUTES.items():
        if right != "rounds":
            assert (right, "-") in OUTCOMES or (right, "own") in OUTCOMES, key
    assert len(ROLES) == 10 and "admin" in ROLES


@pytest.fixture(scope="module")
def matrix(django_db_setup: Any, django_db_blocker: Any) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """The demo registry, a user of each role and the records below, made once for the whole module
    (each test still runs in its own savepoint: what one changes, the next does not see)."""
    with shared_records(django_db_blocker):
        load_demo()
        made = role_users()
        yield made, _world()


@pytest.fixture
def users(matrix: tuple[dict[str, Any], dict[str, Any]], db: Any) -> dict[str, Any]:
    return matrix[0]


@pytest.fixture
def world(matrix: tuple[dict[str, Any], dict[str, Any]], db: Any) -> dict[str, dict[str, Any]]:
    return matrix[1]


def _world() -> dict[str, dict[str, Any]]:
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


def _call(client: Client, method: str, url: str, body: Any = None, api: bool = True) -> Any:
    # Each call rolls back, so a write allowed for one user leaves the record for the next.
    with transaction.atomic():
        if method == "GET":
            response = client.get(url)
        elif not api:
            response = client.post(url, data=body or {})
        elif method == "DELETE":
            response = client.delete(url)
        else:
            response = getattr(client, method.lower())(url, data=body or {}, content_type="application/json")
        transaction.set_rollback(True)
    return response


def _answer(response: Any, *, api: bool) -> str:
    status = int(response.status_code)
    if not api and status == 302 and "/login" in response.get("Location", ""):
        return "login"
    if api and status == 401:
        return "login"
    if status < 400:
        return "ok"
    return str(status)


def _page_url(name: str, target: str, record: Any, scope: str) -> str:
    kwargs: dict[str, Any] = {}
    if target == "proposal":
        kwargs = {"pk": record.pk}
    elif target == "place":
        kwargs = {"code": "VN-28"}
    elif record is not None:
        kwargs = {"uid": record.uid}
        if name == "web:agreement-restore":
            kwargs["history_id"] = record.history.order_by("history_id").first().history_id
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return reverse(name)


def _record(world: dict[str, Any], target: str, scope: str) -> Any:
    if target in ("-", "place"):
        return None
    return world[target]["own" if scope == "-" else scope]


PAGES = sorted(k for k, (right, _) in ROUTES.items() if ":" in k and right != "rounds")


@pytest.mark.parametrize("key", PAGES)
def test_pages(key: str, users: dict[str, Any], world: dict[str, Any]) -> None:
    method, name = ("POST", key.removeprefix("POST ")) if key.startswith("POST ") else ("GET", key)
    right, target = ROUTES[key]
    wrong = []
    for scope in _scopes(right):
        url = _page_url(name, target, _record(world, target, scope), scope)
        for role in ROLES:
            got = _answer(_call(_client(users, role), method, url, api=False), api=False)
            if got != (want := _expected(right, scope, role)):
                wrong.append(f"{role} {method} {url} ({scope}): {got}, table says {want}")
    assert not wrong, "\n".join(wrong)


def _parties(agreement: Agreement) -> list[dict[str, str]]:
    return [{"place": p} for p in agreement.parties.order_by("position").values_list("place_id", flat=True)]


def _body(key: str, world: dict[str, Any], scope: str, record: Any) -> dict[str, Any] | None:
    """A valid body for each write, so an allowed user's answer is 2xx, never a 422 for the body."""
    method, path = key.split(" ", 1)
    if method in ("GET", "DELETE"):
        return None
    if method == "PATCH":
        return {}
    agreement = world["agreement"]["own" if scope == "-" else scope]
    ends = agreement.parties.order_by("position").values_list("place_id", flat=True)
    bodies: dict[str, Callable[[], Any]] = {
        "/people/": lambda: {"name": "Người mới"},
        "/sources/": lambda: {"title": "Nguồn mới", "text": "Một văn bản mới hoàn toàn khác."},
        "/metrics/": lambda: {"code": "volunteers_sent", "name_vi": "Tình nguyện viên"},
        "/agreements/": lambda: {
            "title": "Thỏa thuận mới",
            "signed_on": "2025-01",
            "parties": [{"place": "VN-28"}, {"place": "LA-CH"}],
        },
        "/commitments/": lambda: {
            "agreement": str(agreement.uid),
            "giver": ends.first(),
            "receiver": ends.last(),
            "description": "Cam kết mới",
        },
        "/activities/": lambda: {"kind": "meeting", "date": "2025", "agreements": [str(agreement.uid)]},
        "/figures/": lambda: {"metric": "delegations_exchanged", "value": 3, "agreement": str(agreement.uid)},
        "/commitments/{uid}/deliveries/": lambda: {"date": "2025", "quantity": 1},
        "/sources/{uid}/links": lambda: {"record": str(agreement.uid)},
        "/accounts/tokens": lambda: {"scope": "read"},
        "/people/{uid}": lambda: {"name": "Tên khác"},
        "/sources/{uid}": lambda: {"title": "Tên khác", "text": "Bài báo về Kon Tum và Sê Kông, sửa lại."},
        "/agreements/{uid}": lambda: {"title": "Tên khác", "signed_on": "2022", "parties": _parties(record)},
        "/commitments/{uid}": lambda: {
            "agreement": str(record.agreement.uid),
            "giver": record.giver_id,
            "receiver": record.receiver_id,
            "description": "Mô tả khác",
        },
        "/commitments/{uid}/deliveries/{delivery}": lambda: {"date": "2025", "quantity": 2},
        "/activities/{uid}": lambda: {
            "kind": record.kind,
            "date": "2025",
            "place": record.place_id,
            "parties": list(record.parties.values_list("code", flat=True)),
            "agreements": [str(u) for u in record.agreements.values_list("uid", flat=True)],
            "commitments": [str(u) for u in record.commitments.values_list("uid", flat=True)],
        },
        "/figures/{uid}": lambda: {
            "metric": record.metric_id,
            "value": 4,
            "unit": record.unit,
            "agreement": str(record.agreement.uid) if record.agreement_id else None,
            "scope": list(record.scope.values_list("code", flat=True)),
            "period_start": "2024",
        },
    }
    return bodies[path]() if path in bodies else {}


def _api_url(key: str, target: str, record: Any, world: dict[str, Any], scope: str, token: str) -> str:
    path = key.split(" ", 1)[1]
    values: dict[str, str] = {"prefix": token, "code": "VN-28"}
    if target == "delivery":
        values |= {"uid": str(record.commitment.uid), "delivery": str(record.uid)}
    elif key == "POST /sources/{uid}/links":
        values["uid"] = str(world["source"]["own"].uid)
    elif record is not None:
        values |= {"uid": str(record.uid), "record": str(record.uid)}
    for name, value in values.items():
        path = path.replace("{" + name + "}", value)
    return API + path


APIS = sorted(
    k
    for k, (right, _) in ROUTES.items()
    if k.split(" ", 1)[0] in ("GET", "POST", "PUT", "PATCH", "DELETE")
    and k.split(" ", 1)[1].startswith("/")
    and right != "rounds"
)


@pytest.mark.parametrize("key", APIS)
def test_api(key: str, users: dict[str, Any], world: dict[str, Any]) -> None:
    from hoptac.accounts.tokens import create_token

    right, target = ROUTES[key]
    method = key.split(" ", 1)[0]
    wrong = []
    for scope in _scopes(right):
        record = _record(world, target, scope)
        for role in ROLES:
            token, _ = create_token(users["officer_kt"], "read")
            url = _api_url(key, target, record, world, scope, token.prefix)
            body = _body(key, world, scope, record)
            response = _call(_client(users, role), method, url, body)
            got = _answer(response, api=True)
            if got != (want := _expected(right, scope, role)):
                detail = response.content[:160].decode(errors="replace")
                wrong.append(f"{role} {method} {url} ({scope}): {got}, table says {want} {detail}")
    assert not wrong, "\n".join(wrong)


# --- the article review's save (ingest with the user) and imports ----------------------------------

INGEST_ROLES = [r for r in ROLES if r != "anonymous"]  # both need a signed-in user (the page, the command)


def _article(agreement: Agreement) -> dict[str, Any]:
    parties = sorted(agreement.parties.values_list("place_id", flat=True))
    return {
        "schema": "cooperation-extract/1",
        "source": "a.txt",
        "published": "2024-12-12",
        "people": [],
        "agreements": [
            {
                "parties": parties,
                "kind": agreement.kind,
                # The reader matches an agreement by its parties and period.
                "start_year": agreement.period_start.year if agreement.period_start else None,
                "end_year": agreement.period_end.year if agreement.period_end else None,
                "signed": None,
                "effective_from": None,
                "review_every_years": 3,
                "fields": [],
                "signatories": [],
                "evidence": {"start": 0, "end": 7},
            }
        ],
        "commitments": [],
        "events": [],
        "figures": [],
    }


@pytest.mark.parametrize("scope", SCOPES)
def test_article_review_save(scope: str, users: dict[str, Any], world: dict[str, Any]) -> None:
    from hoptac.extraction.ingest import ingest_record

    right, _target = ROUTES["ingest"]
    agreement = world["agreement"][scope]
    # Unset first, so the article's value is news, not a conflict with the registry's.
    Agreement.objects.filter(pk=agreement.pk).update(review_every_years=None)
    wrong = []
    for role in INGEST_ROLES:
        with transaction.atomic():
            try:
                ingest_record(
                    _article(agreement), f"Bài báo {scope} {role}: hai tỉnh sơ kết.", "a", users[role]
                )
                agreement.refresh_from_db()
                got = "ok" if agreement.review_every_years == 3 else "refused"
            except (PermissionDenied, ValidationError):
                got = "refused"
            transaction.set_rollback(True)
        want = "ok" if _expected(right, scope, role) == "ok" else "refused"
        if got != want:
            wrong.append(f"{role} ingest into {scope}: {got}, table says {want}")
    assert not wrong, "\n".join(wrong)


def _import(tmp_path: Path, user: Any, row: dict[str, Any]) -> str:
    from hoptac.imports.activities import import_activities
    from hoptac.imports.tests.test_activities import visit, write_csv

    path = write_csv(tmp_path / "a.csv", [visit(**row)], header=list(dict.fromkeys([*visit(), *row])))
    before = Activity.objects.count()
    with transaction.atomic():
        try:
            import_activities(path, user)
            got = "ok" if Activity.objects.count() == before + 1 else "nothing"
        except PermissionDenied:
            got = "403"
        except ValidationError:
            got = "422"
        transaction.set_rollback(True)
    assert Activity.objects.count() == before
    return got


@pytest.mark.parametrize("scope", SCOPES)
def test_import_under_an_agreement(
    scope: str, tmp_path: Path, users: dict[str, Any], world: dict[str, Any]
) -> None:
    right, _target = ROUTES["import"]
    agreement = world["agreement"][scope]
    parties = "; ".join(agreement.parties.values_list("place_id", flat=True))
    row = {"agreements": str(agreement.uid), "parties": parties, "place": ""}
    wrong = []
    for role in INGEST_ROLES:
        got = _import(tmp_path, users[role], row)
        if got != (want := _expected(right, scope, role)):
            wrong.append(f"{role} import under {scope}: {got}, table says {want}")
    assert not wrong, "\n".join(wrong)


def test_import_in_a_province(tmp_path: Path, users: dict[str, Any]) -> None:
    right, _target = ROUTES["import in a province"]
    row = {"place": "VN-28", "parties": "VN-28; LA-CH"}
    wrong = []
    for role in INGEST_ROLES:
        got = _import(tmp_path, users[role], row)
        if got != (want := _expected(right, "-", role)):
            wrong.append(f"{role} import in Kon Tum: {got}, table says {want}")
    assert not wrong, "\n".join(wrong)
