"""A small news site on 127.0.0.1 for the inbox tests, built from the project's own invented articles."""

from __future__ import annotations

import contextlib
import html
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

HELDOUT = Path(__file__).resolve().parents[2] / "extraction" / "tests" / "heldout"
PASSWORD = "a-long-password-123"


@dataclass
class Route:
    """What the site answers at one path: a body (or a writer for huge ones), headers, an ETag."""

    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    etag: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    writer: Callable[[Any], None] | None = None


class Site:
    """Routes by path and a log of (method, path, status, request headers)."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.log: list[tuple[str, int, dict[str, str]]] = []
        self.base = ""

    def requests_to(self, path: str) -> list[tuple[str, int, dict[str, str]]]:
        return [entry for entry in self.log if entry[0] == path]


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            route = site.routes.get(self.path)
            headers = {k.lower(): v for k, v in self.headers.items()}
            if route is None:
                status = 404
            elif route.etag and headers.get("if-none-match") == route.etag:
                status = 304
            else:
                status = route.status
            site.log.append((self.path, status, headers))
            self.send_response(status)
            if route is not None:
                for name, value in route.headers.items():
                    self.send_header(name, value)
                if route.etag:
                    self.send_header("ETag", route.etag)
            if status == 304 or route is None or status in (301, 302):
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_header("Content-Type", route.content_type)
            if route.writer is not None:
                self.end_headers()
                # The fetcher hangs up once it has enough: that is the point.
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    route.writer(self.wfile)
                return
            self.send_header("Content-Length", str(len(route.body)))
            self.end_headers()
            self.wfile.write(route.body)

        def log_message(self, *args: Any) -> None:
            pass

    return Handler


@pytest.fixture
def site() -> Iterator[Site]:
    """The local site, served from a thread on a free port of 127.0.0.1."""
    site = Site()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(site))
    server.daemon_threads = True
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield site
    server.shutdown()
    server.server_close()


@pytest.fixture
def fast_fetch(settings: Any) -> None:
    """No pause between requests to one host, and a small size limit so a huge page fails fast."""
    settings.HOPTAC_INBOX_HOST_PAUSE = 0
    settings.HOPTAC_INBOX_MAX_BYTES = 1024 * 1024
    settings.HOPTAC_INBOX_TIMEOUT = 5


def article_page(name: str) -> bytes:
    """An invented article as a news page: menu, the article's paragraphs, related stories."""
    text = (HELDOUT / name).read_text(encoding="utf-8")
    blocks = [p.strip() for p in text.split("\n\n") if p.strip()]
    headline = next(
        (b for b in blocks if len(b.split()) >= 5 and "|" not in b and not b.endswith(".")), "Tin"
    )
    paragraphs = "".join(f"<p>{html.escape(p)}</p>\n" for p in blocks)
    return (
        "<!doctype html><html lang='vi'><head><meta charset='utf-8'>"
        f"<title>{html.escape(headline)}</title></head><body>"
        "<nav><a href='/'>Trang chủ</a> <a href='/thoi-su/'>Thời sự</a></nav>"
        f"<main><article>{paragraphs}</article></main>"
        "<footer>Báo điện tử của tỉnh · Giấy phép số 00/GP</footer></body></html>"
    ).encode()


def feed(base: str, items: list[tuple[str, str]], dates: dict[str, str] | None = None) -> bytes:
    """An RSS 2.0 feed of (path, title) items, each dated (by default 6 March 2025)."""
    dates = dates or {}
    entries = "".join(
        f"<item><title>{html.escape(title)}</title><link>{base}{path}</link>"
        f"<pubDate>{dates.get(path, 'Thu, 06 Mar 2025 08:15:00 +0700')}</pubDate></item>"
        for path, title in items
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Tin đối ngoại</title>'
        f"<link>{base}/</link>{entries}</channel></rss>"
    ).encode()


@pytest.fixture
def quangtri_registry(db: Any) -> Any:
    """Quảng Trị's MOU with Savannakhet (2021-2025): the province's partner is Savannakhet."""
    from hoptac.agreements.services import create_agreement

    return create_agreement(
        {
            "kind": "mou",
            "title": "Biên bản ghi nhớ hợp tác Quảng Trị – Savannakhet giai đoạn 2021-2025",
            "period_start": "2021",
            "period_end": "2025",
            "fields": ["economy"],
            "parties": [
                {"place": "VN-25", "body": "UBND tỉnh Quảng Trị"},
                {"place": "LA-SV", "body": "Chính quyền tỉnh Savannakhet"},
            ],
        }
    )


@pytest.fixture
def news_site(site: Site, fast_fetch: None) -> Site:
    """A provincial news site: a feed of two articles, one about Savannakhet, one about Yunnan."""
    site.routes["/robots.txt"] = Route(b"User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    site.routes["/tin/quang-tri-savannakhet-tong-ket"] = Route(article_page("h01_quangtri_savannakhet.txt"))
    site.routes["/tin/lao-cai-van-nam-hoi-dam"] = Route(article_page("h11_laocai_yunnan.txt"))
    site.routes["/rss/doi-ngoai.rss"] = Route(
        feed(
            site.base,
            [
                ("/tin/quang-tri-savannakhet-tong-ket", "Quảng Trị - Savannakhet tổng kết 5 năm hợp tác"),
                ("/tin/lao-cai-van-nam-hoi-dam", "Lào Cai hội đàm với Vân Nam"),
            ],
            {"/tin/lao-cai-van-nam-hoi-dam": "Thu, 29 Feb 2024 09:00:00 +0700"},
        ),
        content_type="application/rss+xml; charset=utf-8",
        etag='"feed-v1"',
    )
    return site
