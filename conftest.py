"""Test set-up shared by every app: database choice and access to ../shared."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

# A shared machine (CI runs two suites side by side on two cores) makes data generation slow at times:
# a property's answer must not depend on the load, so no deadline and no too-slow health check.
settings.register_profile("hoptac", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("hoptac")

os.environ.setdefault("HOPTAC_TESTING", "1")
SHARED = Path(os.environ.get("HOPTAC_SHARED_DIR", Path(__file__).resolve().parent.parent / "shared"))


def pytest_configure(config: pytest.Config) -> None:
    url = os.environ.get("HOPTAC_TEST_DATABASE_URL")
    if not url:
        return
    import psycopg

    try:
        psycopg.connect(url, connect_timeout=5).close()
    except psycopg.OperationalError as exc:
        if os.environ.get("HOPTAC_REQUIRE_POSTGRES") or os.environ.get("CI"):
            raise pytest.UsageError(f"PostgreSQL at {url} cannot be reached: {exc}") from exc
        pytest.exit(
            f"PostgreSQL at {url} cannot be reached; skipping the PostgreSQL run ({exc})", returncode=0
        )


@pytest.fixture(autouse=True)
def fast_hashing(settings: Any) -> None:
    """Argon2 costs 0.1–0.3 s a hash by design (a user fixture of eleven roles paid 2 s a test); tests
    that are not about hashing use a quick one (accounts/tests/test_signin.py checks the real list)."""
    from hoptac.tests.support.shared_records import QUICK_HASHING

    settings.PASSWORD_HASHERS = QUICK_HASHING


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared (seeds, gold, scorer); tests that need it are skipped where it is absent."""
    if not (SHARED / "seeds").is_dir():
        pytest.skip(f"../shared is not here ({SHARED}); CI always has it")
    return SHARED
