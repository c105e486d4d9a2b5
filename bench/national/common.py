"""Shared pieces of the national benchmarks: the database URL, creating it, Django set-up, statistics."""

from __future__ import annotations

import os
import statistics
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/hoptac_bench"
RESULTS = ROOT / "var" / "bench"


def database_url() -> str:
    """HOPTAC_BENCH_DATABASE_URL, or the local hoptac_bench database."""
    return os.environ.get("HOPTAC_BENCH_DATABASE_URL", DEFAULT_URL)


def _maintenance(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    return urlunsplit(parts._replace(path="/postgres")), name


def recreate_database(url: str) -> None:
    """Drop and create the benchmark database (it holds nothing else)."""
    import psycopg

    admin, name = _maintenance(url)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def drop_database(url: str) -> None:
    """Drop the benchmark database."""
    import psycopg

    admin, name = _maintenance(url)
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
