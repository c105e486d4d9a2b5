"""Real hoptac processes (app servers, workers) on a database and Redis of their own, for tests and benchmarks.

Test support, not part of the app: the app never starts servers of its own.

The database is a SQLite file in a temporary var directory, or, when HOPTAC_TEST_DATABASE_URL names a
PostgreSQL server, a fresh database on it; Redis keys and the queue get a unique prefix and name.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from hoptac.exchange import DEMO_FILE


def redis_reachable(url: str) -> bool:
    """Does a Redis server answer at this address?"""
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


def free_port() -> int:
    """A TCP port nobody listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def database(var_dir: Path) -> Iterator[str]:
    """A database URL of its own: a new PostgreSQL database (dropped after) or a SQLite file in var_dir."""
    base = os.environ.get("HOPTAC_TEST_DATABASE_URL", "")
    if not base.startswith("postgres"):
        yield f"sqlite:///{var_dir / 'hoptac.sqlite3'}"
        return
    import psycopg

    name = f"hoptac_procs_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield base.rsplit("/", 1)[0] + "/" + name
    finally:
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Site:
    """One registry (database, Redis prefix, queue) that several hoptac processes share."""

    def __init__(self, var_dir: Path, database_url: str, redis_url: str, **extra: str) -> None:
        label = uuid.uuid4().hex[:10]
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("HOPTAC_")},
            "HOPTAC_VAR_DIR": str(var_dir),
            "HOPTAC_DATABASE_URL": database_url,
            "HOPTAC_REDIS_URL": redis_url,
            "HOPTAC_CACHE_PREFIX": f"t{label}",
            "HOPTAC_QUEUE_NAME": f"hoptac-test-{label}",
            "HOPTAC_SECRET_KEY": f"test-secret-{label}-" + "x" * 40,
            **extra,
        }
        self.children: list[subprocess.Popen[bytes]] = []

    def run(self, *args: str) -> str:
        """Run a hoptac command to its end; its standard output."""
        done = subprocess.run(
            [sys.executable, "-m", "hoptac.cli", *args], env=self.env, capture_output=True, timeout=300
        )
        if done.returncode:
            raise RuntimeError(f"hoptac {' '.join(args)} failed: {done.stderr.decode()[-2000:]}")
        return done.stdout.decode()

    def python(self, code: str) -> str:
        """Run Python with Django set up on this registry; its standard output."""
        setup = "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'hoptac.settings'); django.setup()\n"
        done = subprocess.run(
            [sys.executable, "-c", setup + code], env=self.env, capture_output=True, timeout=120
        )
        if done.returncode:
            raise RuntimeError(f"python failed: {done.stderr.decode()[-2000:]}")
        return done.stdout.decode()

    def session(self, username: str = "admin") -> str:
        """A signed-in session's cookie for that user (sessions live in the shared database)."""
        return self.python(
            "from django.contrib.auth import get_user_model, SESSION_KEY, BACKEND_SESSION_KEY, HASH_SESSION_KEY\n"
            "from django.contrib.sessions.backends.db import SessionStore\n"
            f"u = get_user_model().objects.get(username='{username}'); s = SessionStore()\n"
            "s[SESSION_KEY] = str(u.pk); s[HASH_SESSION_KEY] = u.get_session_auth_hash()\n"
            "s[BACKEND_SESSION_KEY] = 'django.contrib.auth.backends.ModelBackend'; s.create(); print(s.session_key)"
        ).strip()

    def load_demo(self) -> str:
        """Migrate, load the demo data and make an administrator; a write token of theirs."""
        self.run("migrate")
        self.run("import", str(DEMO_FILE))
        self.run("createuser", "admin", "--admin", "--password", "a-long-password-123", "--email", "a@x.vn")
        return self.run("token", "create", "admin", "--scope", "write").strip().splitlines()[-1]

    def start(self, *args: str) -> subprocess.Popen[bytes]:
        """Start a long-running hoptac command (a server, a worker)."""
        child = subprocess.Popen(
            [sys.executable, "-m", "hoptac.cli", *args],
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.children.append(child)
        return child

    def serve(self) -> tuple[subprocess.Popen[bytes], str]:
        """Start one app server (gunicorn, one worker, no task worker); it and its address, once it answers."""
        port = free_port()
        child = self.start("serve", "--no-worker", "--workers", "1", "--port", str(port))
        address = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(address + "/accounts/login/", timeout=2)
                return child, address
            except OSError:
                if child.poll() is not None:
                    raise RuntimeError("the app server stopped at once") from None
                time.sleep(0.3)
        raise RuntimeError("the app server did not answer within a minute")

    def stop(self, child: subprocess.Popen[Any]) -> None:
        """Stop one process and wait for it."""
        child.terminate()
        try:
            child.wait(20)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()

    def close(self) -> None:
        """Stop every process started."""
        for child in self.children:
            if child.poll() is None:
                self.stop(child)
