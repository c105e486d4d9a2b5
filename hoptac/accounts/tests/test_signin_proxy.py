"""The sign-in lockout behind a real nginx (issue 19, finding 5): every request reaches the app from
nginx's address, yet an outsider's failures lock only the outsider. Clients on distinct loopback
addresses (127.0.0.5, 127.0.0.9) stand for distinct machines. Skips where nginx is not installed."""

from __future__ import annotations

import http.client
import re
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlparse

import pytest

PASSWORD = "correct-Horse-battery-9"
CONFIG = """
daemon off;
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/error.log;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://127.0.0.1:{app};
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        }}
    }}
}}
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def nginx(live_server: Any, tmp_path: Path, settings: Any) -> Iterator[int]:
    """nginx on a free port in front of the test server; the app trusts it (127.0.0.1) as its proxy."""
    binary = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if binary is None:
        pytest.skip("nginx is not installed (apt-get install nginx): the proxy test needs it")
    settings.HOPTAC_TRUSTED_PROXIES = ["127.0.0.1"]
    port = _free_port()
    app = urlparse(live_server.url).port
    (tmp_path / "nginx.conf").write_text(CONFIG.format(dir=tmp_path, port=port, app=app))
    process = subprocess.Popen([binary, "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")])
    try:
        for _ in range(50):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)


def _sign_in(port: int, source: str, password: str, forwarded: str = "") -> int:
    """Sign in as "chief" through nginx from the loopback address `source`, as a browser does."""

    def connect() -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", port, timeout=20, source_address=(source, 0))

    extra = {"X-Forwarded-For": forwarded} if forwarded else {}
    conn = connect()
    conn.request("GET", "/admin/login/", headers=extra)
    page = conn.getresponse()
    cookie = re.search(r"csrftoken=([^;]+)", page.getheader("Set-Cookie") or "")
    form = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.read())
    conn.close()
    assert cookie and form
    body = urlencode(
        {"username": "chief", "password": password, "csrfmiddlewaretoken": form.group(1).decode()}
    )
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": f"csrftoken={cookie.group(1)}",
        "Referer": f"http://127.0.0.1:{port}/admin/login/",
        **extra,
    }
    conn = connect()
    conn.request("POST", "/admin/login/?next=/admin/", body=body, headers=headers)
    status = conn.getresponse().status
    conn.close()
    return status


@pytest.mark.django_db(transaction=True)
def test_an_outsider_behind_nginx_cannot_lock_the_administrator_out(
    nginx: int, django_user_model: Any
) -> None:
    django_user_model.objects.create_superuser("chief", "", PASSWORD)
    for _ in range(5):
        # The outsider even claims the administrator's address: nginx appends the one it saw.
        _sign_in(nginx, "127.0.0.5", "wrong-password", forwarded="127.0.0.9")
    assert _sign_in(nginx, "127.0.0.5", PASSWORD) == 429
    assert _sign_in(nginx, "127.0.0.9", PASSWORD) == 302
