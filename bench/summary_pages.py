"""The dashboard, the calendar and a busy place's page on the national dataset: cold and warm server
time, query counts, and the slowest queries of a cold request with EXPLAIN (ANALYZE, BUFFERS).

    HOPTAC_BENCH_DATABASE_URL=postgresql://…/bench_x .venv/bin/python -m bench.summary_pages [--repeat 20]
        [--explain 3] [--stale]

"Cold" is a worker's first request with an empty cache (a server start); --stale also marks the summary
tables behind the registry first, so the cold request pays for their rebuild (the worst case: nothing
refreshed them after a change). The load average is printed with the figures: the machine is shared.
"""

from __future__ import annotations

import argparse
import os
import time
from typing import Any

from bench.national.common import percentile, setup


def _timed_queries(run: Any) -> tuple[float, list[tuple[float, str, Any]]]:
    """Run `run()`, returning its time in ms and (ms, sql, params) of every query it made."""
    from django.db import connection

    found: list[tuple[float, str, Any]] = []

    def wrapper(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            found.append(((time.perf_counter() - started) * 1000, sql, params))

    started = time.perf_counter()
    with connection.execute_wrapper(wrapper):
        run()
    return (time.perf_counter() - started) * 1000, found


def _explain(sql: str, params: Any) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--explain", type=int, default=3, help="how many of the slowest queries to explain")
    parser.add_argument("--stale", action="store_true", help="mark the summary tables behind first")
    parser.add_argument("--only", default="", help="only pages whose name contains this")
    args = parser.parse_args()
    setup(os.environ.get("HOPTAC_BENCH_DATABASE_URL"))

    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.db.models import Count
    from django.test import Client

    from hoptac.activities.models import Activity

    user, _ = get_user_model().objects.get_or_create(username="bench-admin", defaults={"is_staff": True})
    user.is_superuser = True
    user.save()
    busiest = Activity.parties.through.objects.values("place_id").annotate(n=Count("id")).order_by("-n")[:5]
    pages = {"dashboard": ["/"], "calendar": ["/calendar/"]}
    pages["place"] = [f"/places/{p['place_id']}/" for p in busiest]
    print(f"load average before: {os.getloadavg()}")
    for name, urls in pages.items():
        if args.only not in name:
            continue
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        cache.clear()
        if args.stale:
            from hoptac.summaries.models import SummaryState

            SummaryState.objects.update(version=-1)
        cold, queries = _timed_queries(lambda c=client, u=urls[0]: c.get(u))
        warm = []
        for i in range(args.repeat):
            url = urls[i % len(urls)]  # the busy places in turn: each one's first visit is cold for its rows
            warm.append(_timed_queries(lambda c=client, u=url: c.get(u))[0])
        print(
            f"\n{name} {urls[0]}: cold {cold:.0f} ms ({len(queries)} queries, {sum(q[0] for q in queries):.0f} ms in SQL);"
            f" then p50 {percentile(warm, 0.5):.0f} / p95 {percentile(warm, 0.95):.0f} ms over {len(warm)}"
            f" (load average {os.getloadavg()[0]:.1f})"
        )
        for ms, sql, params in sorted(queries, key=lambda q: -q[0])[: args.explain]:
            print(f"\n-- {ms:.0f} ms: {sql[:300]}")
            if sql.lstrip().upper().startswith("SELECT"):
                print(_explain(sql, params))


if __name__ == "__main__":
    main()
