"""First requests after an app server restart, with and without the shared Redis cache.

    python -m bench.national.restart            # the national database (HOPTAC_BENCH_DATABASE_URL)
    python -m bench.national.restart --demo     # the demo registry in a temporary SQLite file (a self-check)

Server A serves the dashboard, the calendar and the feed once (filling the cache) and stops; server B
starts cold and serves them again: with Redis it finds them in the shared cache. The same with a
process-memory cache shows what a restart cost before.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench.national.common import Target, announce_load, database_url, record

ROUTES = ("/", "/calendar/", "/calendar.ics")
TARGET_MS = 150.0


def _get(address: str, path: str, cookie: str) -> float:
    request = urllib.request.Request(address + path, headers={"Cookie": f"sessionid={cookie}"})
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=300) as response:
        response.read()
    return (time.perf_counter() - started) * 1000


def measure(var_dir: Path, url: str, redis_url: str, demo: bool) -> dict[str, tuple[float, float]]:
    """Per route: ms of the first request on a fresh server, and on a second server started after it."""
    from hoptac.tests.support.processes import Site

    site = Site(var_dir, url, redis_url)
    try:
        if demo:
            site.load_demo()
        else:
            site.python(
                "from django.contrib.auth import get_user_model\n"
                "U = get_user_model()\n"
                "U.objects.filter(username='admin').exists() or "
                "U.objects.create_superuser('admin', '', 'a-long-password-123')"
            )
        cookie = site.session()
        first, address = site.serve()
        cold = {path: _get(address, path, cookie) for path in ROUTES}
        site.stop(first)
        _second, address = site.serve()
        again = {path: _get(address, path, cookie) for path in ROUTES}
        return {path: (cold[path], again[path]) for path in ROUTES}
    finally:
        site.close()


def restart_targets(shared: dict[str, tuple[float, float]]) -> list[Target]:
    """The dashboard's first request on a fresh server and after a restart (shared cache), against 150 ms."""
    fresh, again = shared["/"]
    return [
        Target("restart first dashboard", "restart: first dashboard request, fresh server", fresh, "ms", "<=",
               TARGET_MS),
        Target("restart dashboard after restart", "restart: first dashboard request after a restart (Redis)",
               again, "ms", "<=", TARGET_MS),
    ]  # fmt: skip


def main() -> None:
    """Measure with the shared Redis cache and with the process-memory cache; print the table."""
    demo = "--demo" in sys.argv
    load = announce_load("the restart test")
    redis_url = os.environ.get("HOPTAC_BENCH_REDIS_URL", "redis://127.0.0.1:6379/5")
    with tempfile.TemporaryDirectory() as tmp:
        var_dir = Path(tmp)
        url = f"sqlite:///{var_dir / 'hoptac.sqlite3'}" if demo else database_url()
        shared = measure(var_dir, url, redis_url, demo)
        if demo:
            (var_dir / "hoptac.sqlite3").unlink()
        alone = measure(var_dir, url, "", demo)
    print(
        "| route | first request, fresh server | after a restart, shared Redis cache | after a restart, memory cache |"
    )
    print("| --- | --- | --- | --- |")
    for path in ROUTES:
        print(f"| `{path}` | {shared[path][0]:.0f} ms | {shared[path][1]:.0f} ms | {alone[path][1]:.0f} ms |")
    if not demo:
        record("restart", restart_targets(shared), load, {"shared_redis": shared, "memory_cache": alone})


if __name__ == "__main__":
    main()
