"""The whole loop against a local site: poll, keep once, 304 when unchanged, failing sources shown."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from hoptac.inbox.models import FetchedDocument, NewsSource, Proposal
from hoptac.inbox.polling import poll_due_sources
from hoptac.inbox.services import create_news_source

from .conftest import Route, Site, article_page, feed

pytestmark = pytest.mark.django_db

ARTICLE = "/tin/quang-tri-savannakhet-tong-ket"


def _source(site: Site, path: str = "/rss/doi-ngoai.rss", **extra: Any) -> NewsSource:
    return create_news_source(
        {"name": extra.pop("name", path), "url": site.base + path, "province": "VN-25", **extra}
    )


def test_new_articles_about_a_partner_enter_the_inbox_once(news_site: Site, quangtri_registry: Any) -> None:
    source = _source(news_site)
    [result] = poll_due_sources()
    assert result.counts == {"inbox": 1, "hidden": 1}
    shown = FetchedDocument.objects.get(hidden=False)
    assert shown.url.endswith(ARTICLE) and shown.partners == ["LA-SV"]
    assert shown.proposals.filter(kind="agreements").count() == 1
    hidden = FetchedDocument.objects.get(hidden=True)
    assert "lao-cai" in hidden.url and not hidden.proposals.exists()  # kept and countable, not proposed
    source.refresh_from_db()
    assert source.last_status == NewsSource.Status.OK and source.etag == '"feed-v1"'

    # The next poll: the feed is unchanged, so the site answers 304 and no page is fetched again.
    later = timezone.now() + dt.timedelta(minutes=source.interval_minutes + 1)
    [again] = poll_due_sources(now=later)
    assert again.unchanged
    feed_requests = news_site.requests_to("/rss/doi-ngoai.rss")
    assert feed_requests[-1][1] == 304 and feed_requests[-1][2]["if-none-match"] == '"feed-v1"'
    assert len(news_site.requests_to(ARTICLE)) == 1
    assert FetchedDocument.objects.count() == 2 and Proposal.objects.count() == shown.proposals.count()


def test_a_changed_feed_fetches_only_its_new_pages(news_site: Site, quangtri_registry: Any) -> None:
    source = _source(news_site)
    poll_due_sources()
    news_site.routes["/tin/binh-phuoc-kratie"] = Route(article_page("h16_binhphuoc_kratie.txt"))
    items = [("/tin/binh-phuoc-kratie", "Bình Phước - Kratie"), (ARTICLE, "Quảng Trị - Savannakhet")]
    news_site.routes["/rss/doi-ngoai.rss"] = Route(feed(news_site.base, items), etag='"feed-v2"')
    poll_due_sources(now=timezone.now() + dt.timedelta(minutes=source.interval_minutes + 1))
    assert len(news_site.requests_to(ARTICLE)) == 1
    assert len(news_site.requests_to("/tin/binh-phuoc-kratie")) == 1
    assert FetchedDocument.objects.count() == 3


def test_a_source_not_yet_due_is_not_polled(news_site: Site, quangtri_registry: Any) -> None:
    _source(news_site)
    poll_due_sources()
    assert poll_due_sources() == []
    assert len(news_site.requests_to("/rss/doi-ngoai.rss")) == 1


def test_the_same_text_at_two_addresses_is_kept_once(news_site: Site, quangtri_registry: Any) -> None:
    news_site.routes["/tin/ban-sao"] = Route(article_page("h01_quangtri_savannakhet.txt"))
    items = [(ARTICLE, "a"), ("/tin/ban-sao", "b")]
    news_site.routes["/rss/doi-ngoai.rss"] = Route(feed(news_site.base, items))
    _source(news_site)
    [result] = poll_due_sources()
    assert result.counts == {"inbox": 1, "duplicate": 1}
    assert FetchedDocument.objects.filter(hidden=False).count() == 1


def _huge(out: Any) -> None:
    chunk = b"<p>" + b"x" * 65536 + b"</p>"
    for _ in range(800):  # about 50 MB, never all sent: the fetcher stops at its limit
        out.write(chunk)


def test_failing_sources_are_marked_and_never_stop_the_others(
    news_site: Site, quangtri_registry: Any
) -> None:
    site = news_site
    site.routes["/loi-500.rss"] = Route(b"oops", status=500)
    site.routes["/vong-lap.rss"] = Route(status=302, headers={"Location": "/vong-lap.rss"})
    site.routes["/rat-lon.rss"] = Route(writer=_huge)
    site.routes["/hong-ma.rss"] = Route(b"\xff\xfe\x00<rss \x81\x82 broken", content_type="text/xml")
    broken = [
        _source(site, "/loi-500.rss"),
        _source(site, "/vong-lap.rss"),
        _source(site, "/rat-lon.rss"),
        _source(site, "/hong-ma.rss"),
        create_news_source({"name": "unreachable", "url": "http://127.0.0.1:9/tin.rss", "province": "VN-25"}),
    ]
    good = _source(site)
    results = poll_due_sources()
    assert len(results) == 6
    for source in broken:
        source.refresh_from_db()
        assert source.last_status == NewsSource.Status.FAILING, source.url
        assert source.last_error and source.failures == 1
        assert source.next_poll_at is not None and source.next_poll_at > timezone.now()
    messages = {s.url.rsplit("/", 1)[-1]: s.last_error for s in NewsSource.objects.all()}
    assert "500" in messages["loi-500.rss"]
    assert "redirect" in messages["vong-lap.rss"]
    assert "larger than" in messages["rat-lon.rss"]
    good.refresh_from_db()
    assert good.last_status == NewsSource.Status.OK
    assert FetchedDocument.objects.filter(hidden=False).count() == 1


def test_a_broken_page_fails_alone(news_site: Site, quangtri_registry: Any) -> None:
    news_site.routes["/tin/hong"] = Route(b"\x00\x01\x02" * 100, content_type="application/octet-stream")
    news_site.routes["/tin/rong"] = Route(b"<html><body><div><p>", content_type="text/html")
    items = [("/tin/hong", "a"), ("/tin/rong", "b"), (ARTICLE, "c")]
    news_site.routes["/rss/doi-ngoai.rss"] = Route(feed(news_site.base, items))
    source = _source(news_site)
    [result] = poll_due_sources()
    assert result.counts == {"failed": 2, "inbox": 1}
    source.refresh_from_db()
    assert source.last_status == NewsSource.Status.OK and "2 page(s)" in source.last_error
    assert set(FetchedDocument.objects.filter(status="failed").values_list("hidden", flat=True)) == {True}


def test_robots_txt_is_obeyed(news_site: Site, quangtri_registry: Any) -> None:
    news_site.routes["/private/feed.rss"] = Route(feed(news_site.base, [(ARTICLE, "a")]))
    source = _source(news_site, "/private/feed.rss")
    poll_due_sources()
    source.refresh_from_db()
    assert source.last_status == NewsSource.Status.FAILING and "robots.txt" in source.last_error
    assert not news_site.requests_to("/private/feed.rss")
    assert "hoptac" in news_site.requests_to("/robots.txt")[0][2]["user-agent"]


def test_sitemap_and_listing_sources_find_the_articles(news_site: Site, quangtri_registry: Any) -> None:
    base = news_site.base
    news_site.routes["/sitemap.xml"] = Route(
        (
            '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<url><loc>{base}{ARTICLE}</loc><lastmod>2025-03-06</lastmod></url></urlset>"
        ).encode(),
        content_type="application/xml",
    )
    news_site.routes["/doi-ngoai/"] = Route(
        (
            "<html><body><a href='/'>Trang chủ</a>"
            "<a href='/tin/lao-cai-van-nam-hoi-dam'>Lào Cai hội đàm với tỉnh Vân Nam về hợp tác</a>"
            "</body></html>"
        ).encode()
    )
    _source(news_site, "/sitemap.xml", kind="sitemap")
    _source(news_site, "/doi-ngoai/", kind="listing")
    results = poll_due_sources()
    assert sorted(sum((r.counts for r in results), start=type(results[0].counts)()).items()) == [
        ("hidden", 1),
        ("inbox", 1),
    ]


def test_a_source_another_worker_claimed_is_left_to_it(news_site: Site, quangtri_registry: Any) -> None:
    from hoptac.inbox import polling

    source = _source(news_site)
    stale = NewsSource.objects.get(pk=source.pk)  # what a second worker read before the first claimed it
    assert polling._claim(source, timezone.now())
    assert not polling._claim(stale, timezone.now())
