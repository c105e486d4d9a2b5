"""A polite fetcher: robots.txt, a User-Agent naming hoptac, a pause per host, conditional GET,
timeouts, a redirect limit and a size limit applied while streaming (a 50 MB page is cut off early).

Every failure is a FetchError whose message says what went wrong, for the source's status line.
"""

from __future__ import annotations

import threading
import time
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx
from django.conf import settings

USER_AGENT = "hoptac-news/0.1 (+https://hoptac.org/bot; news inbox of a cooperation registry)"


class FetchError(Exception):
    """A page that could not be fetched; the message says why."""


@dataclass(frozen=True)
class Fetched:
    """What a GET brought back: the body, or not_modified when the site answered 304."""

    url: str
    status: int
    body: bytes = b""
    content_type: str = ""
    etag: str = ""
    last_modified: str = ""

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def _setting(name: str, default: float) -> float:
    return float(getattr(settings, name, default))


class Fetcher:
    """Fetches pages one at a time, keeping each host's robots.txt and the time of its last request."""

    def __init__(
        self,
        client: httpx.Client | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.max_bytes = int(_setting("HOPTAC_INBOX_MAX_BYTES", 5 * 1024 * 1024))
        self.host_pause = _setting("HOPTAC_INBOX_HOST_PAUSE", 2.0)
        self.client = client or httpx.Client(
            headers={"User-Agent": USER_AGENT, "Accept-Language": "vi,en;q=0.5"},
            timeout=httpx.Timeout(_setting("HOPTAC_INBOX_TIMEOUT", 20.0)),
            follow_redirects=True,
            max_redirects=int(_setting("HOPTAC_INBOX_MAX_REDIRECTS", 5)),
        )
        self.clock, self.sleep = clock, sleep
        self._robots: dict[str, urllib.robotparser.RobotFileParser] = {}
        self._last: dict[str, float] = {}
        self._lock = threading.Lock()

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _wait_turn(self, host: str, delay: float) -> None:
        with self._lock:
            last = self._last.get(host)
            now = self.clock()
            if last is not None and now - last < delay:
                self.sleep(delay - (now - last))
            self._last[host] = self.clock()

    def _robots_for(self, url: str) -> urllib.robotparser.RobotFileParser:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        parser = self._robots.get(origin)
        if parser is None:
            parser = urllib.robotparser.RobotFileParser(urljoin(origin, "/robots.txt"))
            try:
                got = self._get(urljoin(origin, "/robots.txt"), {}, check_robots=False)
            except FetchError:
                got = None  # no robots.txt we can read: nothing is forbidden (the page fetch will tell)
            if got is not None and got.status in (401, 403):
                parser.parse(["User-agent: *", "Disallow: /"])  # robots.txt itself forbidden: stay out
            elif got is not None and got.status == 200:
                parser.parse(got.body.decode("utf-8", "replace").splitlines())
            else:
                parser.parse([])
            self._robots[origin] = parser
        return parser

    def get(self, url: str, etag: str = "", last_modified: str = "") -> Fetched:
        """GET a page (conditionally when validators are given); raises FetchError on any failure."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        got = self._get(url, headers, check_robots=True)
        if got.status >= 400:
            raise FetchError(f"the site answered HTTP {got.status}")
        return got

    def _get(self, url: str, headers: dict[str, str], check_robots: bool) -> Fetched:
        if urlsplit(url).scheme not in ("http", "https"):
            raise FetchError(f"not a web address: {url}")
        delay = self.host_pause
        if check_robots:
            robots = self._robots_for(url)
            if not robots.can_fetch(USER_AGENT, url):
                raise FetchError("robots.txt does not allow hoptac to read this address")
            delay = max(delay, float(robots.crawl_delay(USER_AGENT) or 0))
        self._wait_turn(urlsplit(url).netloc, delay)
        try:
            with self.client.stream("GET", url, headers=headers) as response:
                declared = response.headers.get("Content-Length", "")
                if declared.isdigit() and int(declared) > self.max_bytes:
                    raise FetchError(self._too_large())
                chunks: list[bytes] = []
                size = 0
                if response.status_code < 300:
                    for chunk in response.iter_bytes():
                        size += len(chunk)
                        if size > self.max_bytes:
                            raise FetchError(self._too_large())
                        chunks.append(chunk)
                return Fetched(
                    url=str(response.url),
                    status=response.status_code,
                    body=b"".join(chunks),
                    content_type=response.headers.get("Content-Type", ""),
                    etag=response.headers.get("ETag", ""),
                    last_modified=response.headers.get("Last-Modified", ""),
                )
        except httpx.TooManyRedirects as exc:
            raise FetchError("too many redirects (a redirect loop?)") from exc
        except httpx.TimeoutException as exc:
            raise FetchError("the site did not answer in time") from exc
        except httpx.HTTPError as exc:
            raise FetchError(f"cannot reach the site: {type(exc).__name__}: {exc}") from exc

    def _too_large(self) -> str:
        return f"the page is larger than {self.max_bytes / 1e6:.0f} MB; not read"
