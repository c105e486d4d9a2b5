"""End to end: real workers on a real queue send the reminder to a local SMTP server, once.

Skipped without Redis (the processes share the queue through it); the registry is a SQLite file, or a
PostgreSQL database of its own when HOPTAC_TEST_DATABASE_URL is set.
"""

from __future__ import annotations

import email
import subprocess
import sys
import time
from collections.abc import Iterator
from email.message import Message
from pathlib import Path
from typing import Any

import pytest

from hoptac.tests.support.processes import Site, database, free_port, redis_reachable


@pytest.fixture
def smtp() -> Iterator[tuple[int, list[Message]]]:
    from aiosmtpd.controller import Controller

    received: list[Message] = []

    class Handler:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
            received.append(email.message_from_bytes(envelope.content))
            return "250 OK"

    port = free_port()
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port, received
    finally:
        controller.stop()


@pytest.fixture
def site(tmp_path: Path, smtp: tuple[int, list[Message]]) -> Iterator[Site]:
    import os

    url = os.environ.get("HOPTAC_TEST_REDIS_URL", "redis://127.0.0.1:6379/5")
    if not redis_reachable(url):
        pytest.skip(f"no Redis server answers at {url}: install and start redis-server (make system-deps)")
    with database(tmp_path) as db_url:
        shared = Site(tmp_path, db_url, url, HOPTAC_EMAIL_HOST="127.0.0.1", HOPTAC_EMAIL_PORT=str(smtp[0]))
        try:
            yield shared
        finally:
            shared.close()


def text_of(message: Message) -> str:
    part = next(p for p in message.walk() if p.get_content_type() == "text/plain")
    payload = part.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload.decode(part.get_content_charset() or "utf-8")


def wait_for(received: list[Message], count: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while len(received) < count and time.monotonic() < deadline:
        time.sleep(0.2)


def test_the_overdue_review_reaches_the_smtp_server_within_one_worker_cycle(
    site: Site, smtp: tuple[int, list[Message]]
) -> None:
    _port, received = smtp
    site.load_demo()
    site.start("worker")
    site.run("remind", "--queue")
    wait_for(received, 1)
    assert len(received) == 1 and received[0]["To"] == "a@x.vn"
    body = text_of(received[0])
    assert "Stung Treng" in body and "quá hạn" in body


def test_two_workers_and_two_runs_send_one_digest(site: Site, smtp: tuple[int, list[Message]]) -> None:
    _port, received = smtp
    site.load_demo()
    site.start("worker", "--threads", "2")
    site.start("worker", "--threads", "2")
    for _ in range(4):  # four runs queued at once: the two workers take them side by side
        site.run("remind", "--queue")
    # and two runs by hand at the same moment
    runs = [
        subprocess.Popen([sys.executable, "-m", "hoptac.cli", "remind"], env=site.env, stdout=subprocess.PIPE)
        for _ in range(2)
    ]
    for run in runs:
        run.wait(120)
    wait_for(received, 2, seconds=15)  # a second would come within this time if any were sent
    assert len(received) == 1
    digests = site.python("from hoptac.notifications.models import Digest; print(Digest.objects.count())")
    assert digests.strip() == "1"
