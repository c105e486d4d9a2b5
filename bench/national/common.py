"""Shared pieces of the national benchmarks: the database URL, creating it, Django set-up, statistics."""

from __future__ import annotations

import datetime as dt
import json
import operator
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/hoptac_bench"
# Beside the SQLite file and uploads (HOPTAC_VAR_DIR, ./var by default), as the rest of the project.
RESULTS = Path(os.environ.get("HOPTAC_VAR_DIR", ROOT / "var")).resolve() / "bench"
QUIET_LOAD = 0.5  # the quiet-machine rule: figures are quoted only from runs started below this
QUIET_BUSY = 0.10  # the same rule measured directly: share of the CPU other work used while a step waited


def database_url() -> str:
    """HOPTAC_BENCH_DATABASE_URL, or the local hoptac_bench database."""
    return os.environ.get("HOPTAC_BENCH_DATABASE_URL", DEFAULT_URL)


def maintenance_url(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    return urlunsplit(parts._replace(path="/postgres")), name


def recreate_database(url: str) -> None:
    """Drop and create the benchmark database (it holds nothing else)."""
    import psycopg

    admin, name = maintenance_url(url)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def drop_database(url: str) -> None:
    """Drop the benchmark database."""
    import psycopg

    admin, name = maintenance_url(url)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def setup(url: str | None = None) -> None:
    """Point Django at the benchmark database and set it up."""
    os.environ["HOPTAC_DATABASE_URL"] = url or database_url()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hoptac.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def percentile(values: list[float], fraction: float) -> float:
    """The value below which `fraction` of the values fall (nearest rank)."""
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[index]


def summary(values: list[float]) -> dict[str, float]:
    """Median, p95 and max of timings in milliseconds."""
    return {
        "p50": statistics.median(values),
        "p95": percentile(values, 0.95),
        "max": max(values),
    }


def write_result(name: str, text: str) -> Path:
    """Keep a benchmark's output under var/bench/ for docs/benchmarks.md."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.txt"
    path.write_text(text)
    return path


OPERATORS: dict[str, Callable[[float, float], bool]] = {
    "<=": operator.le,
    "<": operator.lt,
    ">=": operator.ge,
    "==": operator.eq,
}


@dataclass
class Target:
    """One figure of a run against its target, e.g. the dashboard's p95 against ≤ 150 ms."""

    key: str  # stable across runs: the summary lines runs up by it
    label: str
    value: float | None  # None: not measured in this run (the route failed, wrk missing …)
    unit: str
    op: str
    limit: float
    note: str = ""  # what this run adds, e.g. the first (cold) request's time

    @property
    def met(self) -> bool:
        """Whether the figure meets the target (an unmeasured figure does not)."""
        return is_met(self.value, self.op, self.limit)

    def line(self) -> str:
        """`met    dashboard p95 (warm)          118.2 ms   target ≤ 150 ms`"""
        return (
            f"{'met' if self.met else 'MISSED':6} {self.label:44} {show(self.value, self.unit):>14}"
            f"   target {self.op} {show(self.limit, self.unit)}" + (f"   ({self.note})" if self.note else "")
        )


def is_met(value: float | None, op: str, limit: float) -> bool:
    """value op limit, and False for a figure that was not measured."""
    return value is not None and OPERATORS[op](value, limit)


def show(value: float | None, unit: str) -> str:
    """A figure with its unit, grouped by thousands; '–' when not measured."""
    if value is None:
        return "–"
    if unit in ("rows/s", "req/s"):
        return f"{value:,.0f} {unit}" if value >= 100 else f"{value:.1f} {unit}"
    if unit == "errors":
        return f"{value:.0f} {unit}"
    if unit == "×":
        return f"{value:.2f}×"
    return f"{value:,.1f} {unit}" if unit else f"{value:.2f}"


def load_average() -> tuple[float, float, float]:
    """The 1, 5 and 15 minute load averages."""
    return os.getloadavg()


_BUSY: list[float] = []  # the last `others_busy` figure, kept in the step's JSON by `record`


def others_busy(seconds: float = 2.0) -> float | None:
    """Share of the machine's CPU time spent busy while this process sleeps `seconds` (/proc/stat):
    other work only, unlike the load average, whose one-minute window still counts the benchmark's own
    previous step. None where /proc/stat is missing."""

    def sample() -> tuple[int, int]:
        fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
        return sum(fields), idle

    try:
        total0, idle0 = sample()
        time.sleep(seconds)
        total1, idle1 = sample()
    except (OSError, ValueError, IndexError):
        return None
    spent = total1 - total0
    return (spent - (idle1 - idle0)) / spent if spent > 0 else 0.0


def announce_load(what: str) -> tuple[float, float, float]:
    """Print the load average and the other work's CPU share before a run; warn when the machine is busy."""
    one, five, fifteen = load_average()
    busy = others_busy()
    _BUSY[:] = [] if busy is None else [busy]
    shown = "unknown" if busy is None else f"{busy:.0%}"
    print(f"load average before {what}: {one:.2f} {five:.2f} {fifteen:.2f}; other work: {shown} of the CPU")
    quiet = busy <= QUIET_BUSY if busy is not None else one <= QUIET_LOAD
    if not quiet:
        print(
            f"WARNING: the machine is not quiet (other work {shown} of the CPU, load {one:.2f}); "
            "do not quote these figures (docs/benchmarks.md quotes quiet-machine runs only)"
        )
    return one, five, fifteen


def _commit() -> str:
    try:
        found = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False
        )
    except OSError:
        return ""
    return found.stdout.strip()


def record(
    name: str,
    targets: list[Target],
    load: tuple[float, float, float],
    extra: dict[str, Any] | None = None,
    now: dt.datetime | None = None,
) -> Path:
    """Print a met/missed line per target and keep the run's figures as var/bench/<name>-<time>.json."""
    for target in targets:
        print(target.line())
    now = now or dt.datetime.now(dt.UTC)
    document = {
        "bench": name,
        "finished": now.isoformat(timespec="seconds"),
        "commit": _commit(),
        "database": urlsplit(database_url()).path.lstrip("/"),
        "load_average": list(load),
        **({"busy_share": _BUSY[0]} if _BUSY else {}),
        "targets": [{**asdict(t), "met": t.met} for t in targets],
        "extra": extra or {},
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = now.strftime("%Y%m%dT%H%M%S")
    path = RESULTS / f"{name}-{stamp}.json"
    for n in range(2, 100):  # two runs in the same second keep both files, in order
        if not path.exists():
            break
        path = RESULTS / f"{name}-{stamp}.{n:02d}.json"
    path.write_text(json.dumps(document, indent=1, ensure_ascii=False))
    print(f"figures written to {path}")
    return path
