"""What a source lists (feed entries, sitemap addresses, a listing page's article links) and the
main text of an article page (trafilatura, with the project's own HTML reader as the fallback)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit, urlunsplit

from .fetch import Fetched, FetchError

MAX_LINKS = 50  # per poll: a first poll of a big sitemap should not fetch a thousand pages at once


@dataclass(frozen=True)
class Link:
    """An article address a source lists, with what the listing says of it."""

    url: str
    title: str = ""
    published: str | None = None


def _clean(url: str) -> str:
    parts = urlsplit(url.strip())
    return urlunsplit((parts.scheme, parts.netloc.lower(), parts.path or "/", parts.query, ""))


def feed_links(got: Fetched) -> list[Link]:
    """Entries of an RSS or Atom feed, newest as the feed orders them."""
    import feedparser

    parsed = feedparser.parse(got.body, response_headers={"content-location": got.url})
    if parsed.bozo and not parsed.entries:
        raise FetchError(f"not a readable feed: {parsed.get('bozo_exception')}")
    links = []
    for entry in parsed.entries:
        href = entry.get("link")
        if not href:
            continue
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        published = f"{stamp.tm_year:04d}-{stamp.tm_mon:02d}-{stamp.tm_mday:02d}" if stamp else None
        links.append(Link(_clean(urljoin(got.url, href)), entry.get("title", "")[:500], published))
    return links


def sitemap_links(got: Fetched) -> list[Link]:
    """<loc> addresses of a sitemap (a sitemap index lists sitemaps: those are not followed here)."""
    try:
        root = ET.fromstring(got.body)
    except ET.ParseError as exc:
        raise FetchError(f"not a readable sitemap: {exc}") from exc
    links = []
    for node in root.iter():
        if node.tag.endswith("}url") or node.tag == "url":
            loc = next((c.text for c in node if c.tag.endswith("loc") and c.text), None)
            modified = next((c.text for c in node if c.tag.endswith("lastmod") and c.text), None)
            if loc:
                links.append(Link(_clean(urljoin(got.url, loc)), "", (modified or "")[:10] or None))
    return links


def listing_links(got: Fetched) -> list[Link]:
    """Links of a listing page to pages of the same site whose address looks like an article."""
    import lxml.html

    try:
        tree = lxml.html.fromstring(got.body, base_url=got.url)
    except (ValueError, lxml.etree.ParserError) as exc:
        raise FetchError(f"not a readable page: {exc}") from exc
    host = urlsplit(got.url).netloc.lower()
    seen: dict[str, Link] = {}
    for anchor in tree.iterfind(".//a[@href]"):
        url = _clean(urljoin(got.url, anchor.get("href", "")))
        parts = urlsplit(url)
        # Articles sit deeper than section pages and end in a slug or an id, not in "/".
        if parts.netloc != host or parts.path.count("/") < 1 or parts.path.endswith("/") or url == got.url:
            continue
        text = " ".join(anchor.text_content().split())
        if len(text.split()) >= 4 and url not in seen:
            seen[url] = Link(url, text[:500])
    return list(seen.values())


def links_of(kind: str, got: Fetched) -> list[Link]:
    """The article links a source's page lists, by the source's kind."""
    reader = {"feed": feed_links, "sitemap": sitemap_links, "listing": listing_links}[kind]
    return reader(got)[:MAX_LINKS]


@dataclass(frozen=True)
class Page:
    """An article page's main text, title and date."""

    text: str
    title: str = ""
    published: str | None = None
    body: str = ""  # the text without the headline put in front: the same article under two titles


def main_text(got: Fetched, title: str = "") -> Page:
    """The article's text without menus and related stories; raises FetchError when there is none.

    A title the feed or listing gave is kept over the page's: trafilatura cuts a <title> at " - " to drop
    a site's name, and Vietnamese headlines join partners with " - " ("Quảng Trị - Savannakhet …")."""
    import trafilatura

    from hoptac.extraction.normalize import normalize_text
    from hoptac.extraction.reader import ReadError, decode_bytes, html_to_text

    kind = got.content_type.split(";")[0].strip().lower()
    if kind and not (kind.startswith("text/") or "html" in kind or "xml" in kind):
        raise FetchError(f"not a web page ({kind})")
    html = decode_bytes(got.body)  # the project's decoder: Windows-1258, a wrong charset header, …
    extracted = trafilatura.bare_extraction(
        html, url=got.url, include_comments=False, include_tables=True, with_metadata=True
    )
    text = normalize_text(getattr(extracted, "text", "") or "") if extracted is not None else ""
    title = title or ((getattr(extracted, "title", "") or "") if extracted is not None else "")
    try:
        own = html_to_text(html)
    except ReadError as exc:
        own = None
        if len(text) < 200:
            raise FetchError(str(exc)) from exc
    if own is not None and len(text) < 200 and len(own.text) > len(text):
        text = own.text  # short pages trafilatura skips, or markup it cannot parse: the project's reader
    # The date only from the page's own metadata (or the feed): trafilatura guesses one from the address
    # or the text when there is none, and a guessed 1 January is an invented day.
    date = own.published if own is not None else None
    if not text.strip():
        raise FetchError("the page has no article text")
    body = text
    if title and not text.startswith(title):
        text = f"{title}\n\n{text}"  # the headline names the parties as often as the body does
    return Page(text, title[:500], (date or "")[:10] or None, body)
