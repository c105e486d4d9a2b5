"""Fixtures: a registry that several real hoptac processes share (skipped when Redis is unreachable)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from hoptac.tests.support.processes import Site, database, redis_reachable


@pytest.fixture
def redis_url() -> str:
    """The Redis server of the tests (HOPTAC_TEST_REDIS_URL, default db 5 on this machine)."""
    url = os.environ.get("HOPTAC_TEST_REDIS_URL", "redis://127.0.0.1:6379/5")
    if not redis_reachable(url):
        pytest.skip(f"no Redis server answers at {url}: install and start redis-server (make system-deps)")
    return url


@pytest.fixture
def site(tmp_path: Path, redis_url: str) -> Iterator[Site]:
    """One database and one Redis for the processes a test starts; all stopped after."""
    with database(tmp_path) as url:
        shared = Site(tmp_path, url, redis_url)
        try:
            yield shared
        finally:
            shared.close()
