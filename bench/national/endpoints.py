"""(b) Server time of every GET endpoint under /api/v1/ and every web page, on the national dataset.

    .venv/bin/python -m bench.national.endpoints [--repeat 20] [--user admin|officer]

Routes are discovered (the API's OpenAPI schema, hoptac/web/urls.py), so new ones are measured too.
Each detail route is asked for the busiest records (worst case) and for random ones; each request runs
in-process through the whole Django stack (middleware, permissions, templates) as a signed-in user.
"""

from __future__ import annotations

import argparse
import random
import re
import signal
import time
from typing import Any

from bench.national.common import Target, announce_load, percentile, record, setup, summary, write_result

TARGET_MS = 150.0
# The routes officers use most (issue 16): their warm p95 against the target, run by run.
TARGETS = {
    "/": "dashboard",
    "/places/<str:code>/": "place page (busiest partners)",
    "/agreements/": "agreements list",
    "/agreements/<uuid:uid>/": "agreement page",
    "/activities/": "activities list",
    "/calendar/": "calendar",
    "/api/v1/agreements/": "API agreements list",
}
TIMEOUT_S = 30  # a page slower than this is cut off and reported as a timeout


class _Slow(Exception):
    pass


def _alarm(signum: int, frame: Any) -> None:
    raise _Slow


def _samples(rng: random.Random) -> dict[str, list[str]]:
    """Record ids to put in URLs: the busiest five, then random ones."""
    from django.db.models import Count

    from hoptac.activities.models import Activity
    from hoptac.agreements.models import Agreement, Commitment, Delivery
    from hoptac.figures.models import Figure
    from hoptac.people.models import Person
    from hoptac.sources.models import Source

    def ids(model: Any, busiest: Any = None) -> list[str]:
        top = [str(u) for u in busiest[:5]] if busiest is not None else []
        last = model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        picks = {rng.randint(1, last) for _ in range(40)}
        rest = [str(u) for u in model.objects.filter(pk__in=picks).values_list("uid", flat=True)[:15]]
        return top + rest

    busiest_agreements = (
        Agreement.objects.annotate(n=Count("activities")).order_by("-n").values_list("uid", flat=True)
    )
    busiest_people = (
        Person.objects.annotate(n=Count("led_activities")).order_by("-n").values_list("uid", flat=True)
    )
    places = list(
        Activity.parties.through.objects.values("place_id").annotate(n=Count("id")).order_by("-n")[:10]
    )
    return {
        "agreements": ids(Agreement, busiest_agreements),
        "activities": ids(Activity),
        "figures": ids(Figure),
        "commitments": ids(Commitment),
        "deliveries": ids(Delivery),
        "people": ids(Person, busiest_people),
        "sources": ids(Source),
        "places": [p["place_id"] for p in places],
    }


def _api_paths() -> list[str]:
    from hoptac.api import api

    schema = api.get_openapi_schema()
    return sorted(path for path, ops in schema["paths"].items() if "get" in ops)


def _web_paths() -> list[str]:
    from hoptac.web.urls import urlpatterns

    paths = []
    for pattern in urlpatterns:
        route = str(pattern.pattern)
        if "logout" in route or "login" in route:
            continue
        paths.append("/" + route)
    return paths


def _fill(path: str, samples: dict[str, list[str]], i: int) -> str | None:
    """Put a sample id into each {param} or <conv:param> of a route, by the collection it belongs to."""

    def pick(collection: str) -> str:
        values = samples.get(collection) or [""]
        return values[i % len(values)]

    parts = path.strip("/").split("/")
    out: list[str] = []
    for k, part in enumerate(parts):
        if re.fullmatch(r"\{.*\}|<.*>", part):
            collection = parts[k - 1] if k else ""
            if collection in ("provenance",):
                collection = "activities"
            if collection == "deliveries" and "commitments" in parts[: k - 1]:
                from hoptac.agreements.models import Delivery

                commitment = out[-2]
                uid = (
                    Delivery.objects.filter(commitment__uid=commitment).values_list("uid", flat=True).first()
                )
                if uid is None:
                    return None
                out.append(str(uid))
                continue
            if collection == "commitments" and "deliveries" in parts:
                from hoptac.agreements.models import Delivery

                uid = Delivery.objects.values_list("commitment__uid", flat=True)[i % 50]
                out.append(str(uid))
                continue
            value = pick(collection)
            if not value:
                return None
            out.append(value)
        else:
            out.append(part)
    return "/" + "/".join(out) + ("/" if path.endswith("/") else "")


def measure(repeat: int, user_kind: str, match: str = "") -> list[tuple[str, dict[str, float], int, int]]:
    """(route, timings in ms, status, queries) for every GET route."""
    from django.contrib.auth import get_user_model
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    rng = random.Random(1)
    samples = _samples(rng)
    User = get_user_model()
    user, _ = User.objects.get_or_create(username=f"bench-{user_kind}", defaults={"is_staff": True})
    if user_kind == "admin":
        user.is_superuser = True
        user.save()
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    routes = [r for r in _api_paths() + _web_paths() if match in r]
    results = []
    for route in routes:
        timings: list[float] = []
        status, queries = 0, 0
        for i in range(repeat):
            url = _fill(route, samples, i)
            if url is None:
                break
            reset_queries()
            signal.signal(signal.SIGALRM, _alarm)
            signal.alarm(TIMEOUT_S)
            started = time.perf_counter()
            try:
                with CaptureQueriesContext(connection) as captured:
                    response = client.get(url)
            except _Slow:
                timings.append((time.perf_counter() - started) * 1000)
                status = 0
                connection.close()  # the cut-off query may still be running; start afresh
                break
            finally:
                signal.alarm(0)
            timings.append((time.perf_counter() - started) * 1000)
            status = response.status_code if status in (0, 200) else status
            queries = max(queries, len(captured))
        if timings:
            figures = summary(timings)
            figures["first"] = timings[0]
            figures["warm_p95"] = percentile(timings[1:], 0.95) if len(timings) > 1 else timings[0]
            figures["after_change"] = (
                _after_change(client, _fill(route, samples, 0)) if status == 200 else 0.0
            )
            results.append((route, figures, status, queries))
    return results


def _after_change(client: Any, url: str | None) -> float:
    """Server time of the route's first URL after a committed change, once the refresh it starts is done."""
    from django.db import transaction

    from hoptac.core import freshness

    if url is None:
        return 0.0
    with transaction.atomic():
        freshness.changed()  # as any edit does: the version rises at the commit, the refresh is planned
    freshness.wait_for_refresh()
    started = time.perf_counter()
    client.get(url)
    return (time.perf_counter() - started) * 1000


def main() -> None:
    """Print p50/p95/max server time of each route and whether it meets the 150 ms target."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--user", default="admin", choices=("admin",))
    parser.add_argument("--match", default="", help="only routes containing this text, e.g. /api/")
    args = parser.parse_args()
    load = announce_load("the endpoints")
    setup()
    rows = measure(args.repeat, args.user, args.match)
    # "first" is the first request of the run (the cache empty: what the first visitor after a change
    # waits); "warm p95" leaves it out. Detail routes ask for a different record each time, so each of
    # their requests may be a first one for that record.
    # "after change": the route again after a committed change, once the background refresh it starts
    # (core.freshness) is done, as the next visitor after an edit finds it.
    lines = [
        f"{'route':62} {'first':>7} {'p50':>7} {'p95':>7} {'warm p95':>8} {'after change':>12} {'max':>7}"
        f" {'status':>6} {'queries':>7}  target"
    ]
    for route, t, status, queries in rows:
        warm = t["warm_p95"] <= TARGET_MS
        mark = (
            "ok"
            if t["p95"] <= TARGET_MS
            else "ok warm and after a change"
            if warm and t["after_change"] <= TARGET_MS
            else "ok when warm"
            if warm
            else "MISSED"
        )
        if status == 0:
            mark, status = f"MISSED (cut off after {TIMEOUT_S} s)", "-"  # type: ignore[assignment]
        lines.append(
            f"{route:62} {t['first']:7.1f} {t['p50']:7.1f} {t['p95']:7.1f} {t['warm_p95']:8.1f}"
            f" {t['after_change']:12.1f} {t['max']:7.1f} {status:>6} {queries:>7}  {mark}"
        )
    text = "\n".join(lines)
    print(text)
    name = "endpoints" + args.match.replace("/", "-").rstrip("-")
    write_result(name, text)
    record(
        name, targets(rows), load, {"routes": {r: {**t, "status": s, "queries": q} for r, t, s, q in rows}}
    )


def targets(rows: list[tuple[str, dict[str, float], int, int]]) -> list[Target]:
    """The warm p95 of each route in TARGETS that was measured (a route that failed has no figure)."""
    found = {route: (figures, status) for route, figures, status, _ in rows}
    return [
        Target(
            f"p95 {route}",
            f"{label} p95 (warm)",
            found[route][0]["warm_p95"] if found[route][1] == 200 else None,
            "ms",
            "<=",
            TARGET_MS,
            f"first request {found[route][0]['first']:,.0f} ms, status {found[route][1]}",
        )
        for route, label in TARGETS.items()
        if route in found
    ]


if __name__ == "__main__":
    main()
