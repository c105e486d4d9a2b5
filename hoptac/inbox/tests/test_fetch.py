"""The fetcher's manners: a pause per host (and robots.txt's Crawl-delay), its name, conditional GET."""

from __future__ import annotations

from typing import Any

import pytest

from hoptac.inbox.fetch import USER_AGENT, Fetcher, FetchError

from .conftest import Route, Site


class FakeTime:
    def __init__(self) -> None:
        self.now, self.slept = 100.0, []  # type: ignore[var-annotated]

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(round(seconds, 3))
        self.now += seconds


@pytest.mark.parametrize(
    ("robots", "pause"), [("User-agent: *\n", 2.0), ("User-agent: *\nCrawl-delay: 5\n", 5.0)]
)
def test_requests_to_one_host_wait_their_turn(site: Site, settings: Any, robots: str, pause: float) -> None:
    settings.HOPTAC_INBOX_HOST_PAUSE = 2
    site.routes["/robots.txt"] = Route(robots.encode(), content_type="text/plain")
    site.routes["/a"] = Route(b"<p>a</p>")
    time = FakeTime()
    with Fetcher(clock=time.clock, sleep=time.sleep) as fetcher:
        fetcher.get(site.base + "/a")
        fetcher.get(site.base + "/a")
    # robots.txt first, then the page twice, each waiting the pause (or the Crawl-delay) after the last.
    assert time.slept == [pause, pause]
    assert all(entry[2]["user-agent"] == USER_AGENT for entry in site.log)


def test_an_unchanged_page_costs_a_304(site: Site, fast_fetch: None) -> None:
    site.routes["/feed"] = Route(b"<rss/>", etag='"v1"')
    with Fetcher() as fetcher:
        first = fetcher.get(site.base + "/feed")
        second = fetcher.get(site.base + "/feed", etag=first.etag)
    assert first.status == 200 and first.body == b"<rss/>"
    assert second.not_modified and second.body == b""


def test_a_page_larger_than_the_limit_is_cut_off(site: Site, settings: Any) -> None:
    settings.HOPTAC_INBOX_HOST_PAUSE = 0
    settings.HOPTAC_INBOX_MAX_BYTES = 1000
    site.routes["/big"] = Route(b"x" * 5000)
    with Fetcher() as fetcher, pytest.raises(FetchError, match="larger than"):
        fetcher.get(site.base + "/big")


def test_only_web_addresses_are_fetched(fast_fetch: None) -> None:
    with Fetcher() as fetcher, pytest.raises(FetchError, match="not a web address"):
        fetcher.get("file:///etc/passwd")


def test_a_site_that_forbids_its_robots_txt_is_left_alone(site: Site, fast_fetch: None) -> None:
    site.routes["/robots.txt"] = Route(b"no", status=403)
    site.routes["/a"] = Route(b"<p>a</p>")
    with Fetcher() as fetcher, pytest.raises(FetchError, match=r"robots\.txt"):
        fetcher.get(site.base + "/a")
    assert not site.requests_to("/a")
