"""(c) Load: wrk at 50 connections for 60 s against gunicorn (2 workers, 127.0.0.1 only).

    .venv/bin/python -m bench.national.load [--duration 60] [--connections 50] [--paths /api/v1/agreements/ ...]

Needs the Debian package `wrk`. Requests carry a signed-in administrator's session cookie. Reports
requests/s, p99 latency, errors (non-2xx, timeouts, socket errors) and each worker's peak RSS.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from bench.national.common import ROOT, Target, announce_load, database_url, record, setup, write_result

TARGET_RPS = 60.0
TARGET_P99_S = 1.5
UNITS = {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}

# The main pages and list endpoints, mixed as an office's morning would be.
DEFAULT_PATHS = (
    "/",
    "/agreements/",
    "/activities/",
    "/calendar/",
    "/places/LA-CH/",
    "/api/v1/agreements/",
    "/api/v1/activities/",
    "/api/v1/figures/",
)
LUA = """
local paths = {%s}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1])
end
"""


def _session_cookie() -> str:
    """A session for a benchmark administrator, stored in the database the server reads."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import get_user_model

    # As the server stores them (the engine may change with the deployment).
    SessionStore = import_module(settings.SESSION_ENGINE).SessionStore

    user, _ = get_user_model().objects.get_or_create(
        username="bench-load", defaults={"is_superuser": True, "is_staff": True}
    )
    session = SessionStore()
    session["_auth_user_id"] = str(user.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = user.get_session_auth_hash()
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def _children_rss(pid: int) -> dict[int, int]:
    """RSS in kB of each child process (the gunicorn workers) of pid."""
    found = {}
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        if re.search(rf"^PPid:\s+{pid}$", text, re.M):
            rss = re.search(r"^VmRSS:\s+(\d+)", text, re.M)
            if rss:
                found[int(status.parent.name)] = int(rss.group(1))
    return found


def parse_wrk(out: str) -> dict[str, float | None]:
    """Requests/s, p99 in seconds and errors (non-2xx/3xx answers plus socket errors) from wrk --latency."""
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    p99 = re.search(r"^\s*99%\s+([\d.]+)(us|ms|s|m)\s*$", out, re.M)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sockets = re.search(r"Socket errors: (.*)", out)
    errors = int(non2xx.group(1)) if non2xx else 0
    if sockets:
        errors += sum(int(n) for n in re.findall(r"\d+", sockets.group(1)))
    return {
        "rps": float(rps.group(1)) if rps else None,
        "p99_s": float(p99.group(1)) * UNITS[p99.group(2)] if p99 else None,
        "errors": float(errors) if rps else None,
    }


def load_targets(figures: dict[str, float | None], connections: int, workers: int = 2) -> list[Target]:
    """Throughput, p99 and errors of the run against the targets (50 clients, 2 workers); runs of other
    shapes get keys of their own, so the summary never takes the median of different loads."""
    shape = "" if (connections, workers) == (50, 2) else f" c{connections} w{workers}"
    where = f"load, {connections} clients, {workers} workers"
    return [
        Target(f"load rps{shape}", f"{where}: requests/s", figures["rps"], "req/s", ">=", TARGET_RPS),
        Target(f"load p99{shape}", f"{where}: p99 latency", figures["p99_s"], "s", "<", TARGET_P99_S),
        Target(f"load errors{shape}", f"{where}: errors", figures["errors"], "errors", "==", 0.0),
    ]


def main() -> None:
    """Start gunicorn, run wrk, sample worker memory, print the results."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--paths", nargs="*", default=list(DEFAULT_PATHS))
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--threads",
        type=int,
        default=int(os.environ.get("HOPTAC_THREADS", "1")),
        help="threads per worker (gthread when > 1; 1: sync workers, deploy's default)",
    )
    parser.add_argument(
        "--warmup",
        type=int,
        default=5,
        help="seconds of the same load before measuring, not counted: each worker's first "
        "requests (imports, templates, caches) are the restart benchmark's subject",
    )
    args = parser.parse_args()
    load = announce_load("the load test")
    if shutil.which("wrk") is None:
        record(
            "load",
            load_targets({"rps": None, "p99_s": None, "errors": None}, args.connections, args.workers),
            load,
        )
        sys.exit("wrk is not installed: apt-get install wrk")
    setup()
    cookie = _session_cookie()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = dict(os.environ, HOPTAC_DATABASE_URL=database_url(), HOPTAC_BIND=f"127.0.0.1:{port}",
               HOPTAC_WORKERS=str(args.workers), HOPTAC_THREADS=str(args.threads),
               HOPTAC_ACCESS_LOG="/dev/null", HOPTAC_WORKER_TIMEOUT="60")  # fmt: skip
    gunicorn = Path(sys.executable).parent / "gunicorn"
    server = subprocess.Popen(
        [str(gunicorn), "-c", str(ROOT / "deploy" / "gunicorn.conf.py"), "hoptac.wsgi:application"],
        env=env,
        cwd=ROOT,
    )
    peak: dict[int, int] = {}
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(0.5):
            for pid, rss in _children_rss(server.pid).items():
                peak[pid] = max(peak.get(pid, 0), rss)

    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=5).close()
                break
            except OSError:
                time.sleep(0.5)
        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(LUA % ", ".join(f'"{p}"' for p in args.paths))
        if args.warmup:
            # Few connections: each worker sees every path, and when wrk stops no backlog of requests
            # from closed connections is left for the workers to answer during the measured run.
            subprocess.run(
                ["wrk", "-t1", f"-c{args.workers}", f"-d{args.warmup}s", "--timeout", "30s",
                 "-H", f"Cookie: {cookie}", "-s", script.name, f"http://127.0.0.1:{port}"],
                capture_output=True, text=True, check=True,
            )  # fmt: skip
            peak.clear()
        wrk = subprocess.run(
            ["wrk", "-t2", f"-c{args.connections}", f"-d{args.duration}s", "--latency", "--timeout", "30s",
             "-H", f"Cookie: {cookie}", "-s", script.name, f"http://127.0.0.1:{port}"],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
    finally:
        stop.set()
        server.terminate()
        try:
            server.wait(45)
        except subprocess.TimeoutExpired:  # workers still busy with slow requests past the graceful timeout
            server.kill()
            server.wait()
    out = wrk.stdout
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    p99 = re.search(r"99%\s+([\d.]+\w+)", out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sock = re.search(r"Socket errors: (.*)", out)
    workers = ", ".join(f"{rss / 1024:.0f} MB" for rss in sorted(peak.values()))
    lines = [
        f"paths: {' '.join(args.paths)}",
        f"wrk -t2 -c{args.connections} -d{args.duration}s against gunicorn ({args.workers} workers,"
        f" {args.threads} thread(s) each, 127.0.0.1), after {args.warmup} s of warm-up",
        f"requests/s: {rps.group(1) if rps else '?'}; p99 latency: {p99.group(1) if p99 else '?'}",
        f"errors: non-2xx {non2xx.group(1) if non2xx else 0}; socket {sock.group(1) if sock else 'none'}",
        f"worker peak RSS: {workers} (target < 500 MB each)",
        "",
        out,
    ]
    text = "\n".join(lines)
    print(text)
    write_result("load", text)
    figures = parse_wrk(out)
    record("load", load_targets(figures, args.connections, args.workers), load,
           {**figures, "paths": args.paths, "worker_peak_rss_mb": [rss / 1024 for rss in peak.values()],
            "workers": args.workers, "threads": args.threads, "warmup_s": args.warmup})  # fmt: skip


if __name__ == "__main__":
    main()
