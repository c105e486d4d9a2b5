"""The deployment files: the gunicorn config loads and serves, the replica router routes as documented."""

from __future__ import annotations

import importlib.util
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest

DEPLOY = Path(__file__).resolve().parents[3] / "deploy"


def _load(name: str) -> Any:
    spec = importlib.util.spec_from_file_location(name, DEPLOY / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_gunicorn_config_loads_with_environment_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    from gunicorn.config import Config

    monkeypatch.setenv("HOPTAC_WORKERS", "2")
    monkeypatch.setenv("HOPTAC_BIND", "127.0.0.1:8123")
    config = Config()
    for key, value in vars(_load("gunicorn.conf")).items():
        if key in config.settings:
            config.set(key, value)
    assert config.workers == 2
    assert config.bind == ["127.0.0.1:8123"]
    assert config.timeout == 30 and config.preload_app and config.max_requests == 20000


def test_replica_router_reads_from_the_replica_outside_transactions(settings: Any) -> None:
    from django.db import connections

    router = _load("replica_router").ReplicaRouter()
    assert router.db_for_write(None) == "default"
    assert router.allow_migrate("replica", "agreements") is False
    assert router.db_for_read(None) == "default"  # no replica configured: everything on the primary
    connections.databases["replica"] = connections.databases["default"]
    try:
        assert router.db_for_read(None) == "replica"
    finally:
        del connections.databases["replica"]


@pytest.mark.django_db
def test_replica_router_keeps_a_transaction_on_the_primary() -> None:
    from django.db import connections, transaction

    router = _load("replica_router").ReplicaRouter()
    connections.databases["replica"] = connections.databases["default"]
    try:
        with transaction.atomic():  # a request with ATOMIC_REQUESTS, or one that has just written
            assert router.db_for_read(None) == "default"
    finally:
        del connections.databases["replica"]


def test_gunicorn_serves_hoptac_with_the_config(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith("HOPTAC_")}
    env.update(
        HOPTAC_VAR_DIR=str(tmp_path / "var"),
        HOPTAC_DATABASE_URL=f"sqlite:///{tmp_path / 'r.sqlite3'}",
        HOPTAC_BIND=f"127.0.0.1:{port}",
        HOPTAC_WORKERS="1",
    )
    bin_dir = Path(sys.executable).parent
    subprocess.run(
        [str(bin_dir / "hoptac"), "migrate"], env=env, check=True, capture_output=True, timeout=300
    )
    server = subprocess.Popen(
        [str(bin_dir / "gunicorn"), "-c", str(DEPLOY / "gunicorn.conf.py"), "hoptac.wsgi:application"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        body = ""
        for _ in range(300):
            if server.poll() is not None:
                break
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/accounts/login/", timeout=5
                ) as response:
                    assert response.status == 200
                    body = response.read().decode()
                    break
            except OSError:
                time.sleep(0.2)
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0].decode(errors="replace")
    assert "<form" in body, f"gunicorn did not answer:\n{output}"


def test_app_servers_bound_each_query(monkeypatch: pytest.MonkeyPatch) -> None:
    from hoptac import settings

    monkeypatch.delenv("HOPTAC_TESTING", raising=False)
    monkeypatch.setenv("HOPTAC_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/hoptac")
    monkeypatch.delenv("HOPTAC_STATEMENT_TIMEOUT_MS", raising=False)
    assert "options" not in settings._database().get("OPTIONS", {})
    monkeypatch.setenv("HOPTAC_STATEMENT_TIMEOUT_MS", "30000")
    assert settings._database()["OPTIONS"]["options"] == "-c statement_timeout=30000"
