"""Reading a fetched page: its main text and date, whatever its encoding; the links a source lists."""

from __future__ import annotations

import pytest

from hoptac.extraction.tests.test_robustness import _cp1258
from hoptac.inbox.discover import feed_links, listing_links, main_text
from hoptac.inbox.fetch import Fetched, FetchError

from .conftest import article_page

URL = "https://baotinh.example/tin/a"


def test_the_date_comes_from_the_page_never_from_a_guess() -> None:
    page = article_page("h01_quangtri_savannakhet.txt")
    plain = main_text(Fetched(URL, 200, page, "text/html"))
    assert plain.published is None  # trafilatura would guess one; a guessed day is an invented day
    assert "Savannakhet" in plain.text and "Giấy phép" not in plain.text  # the footer is not the article
    dated = page.replace(
        b"<title>", b"<meta property='article:published_time' content='2025-03-06T08:15'><title>"
    )
    assert main_text(Fetched(URL, 200, dated, "text/html")).published == "2025-03-06"


def test_a_page_in_windows_1258_under_a_wrong_charset_header() -> None:
    page = article_page("h01_quangtri_savannakhet.txt").decode("utf-8").replace("charset='utf-8'", "")
    text = main_text(Fetched(URL, 200, _cp1258(page), "text/html; charset=utf-8")).text
    assert "Savannakhet tổng kết 5 năm hợp tác" in text


def test_a_page_without_text_or_not_a_page_is_refused() -> None:
    with pytest.raises(FetchError, match="no article text"):
        main_text(Fetched(URL, 200, b"<html><body><div></div></body></html>", "text/html"))
    with pytest.raises(FetchError, match="not a web page"):
        main_text(Fetched(URL, 200, b"%PDF-1.4", "application/pdf"))


def test_a_broken_feed_and_a_listing_page() -> None:
    with pytest.raises(FetchError, match="not a readable feed"):
        feed_links(Fetched(URL, 200, b"\x81\x82 not xml at all <<", "text/xml"))
    listing = (
        b"<html><body><a href='/'>Trang ch\xe1\xbb\xa7</a><a href='/doi-ngoai/'>\xc4\x90\xe1\xbb\x91i ngo\xe1\xba\xa1i</a>"
        b"<a href='/tin/quang-tri-savannakhet'>Quang Tri va Savannakhet tong ket hop tac</a>"
        b"<a href='https://other.example/tin/x'>Mot bai o trang khac hoan toan</a></body></html>"
    )
    links = listing_links(Fetched("https://baotinh.example/doi-ngoai/", 200, listing, "text/html"))
    assert [link.url for link in links] == ["https://baotinh.example/tin/quang-tri-savannakhet"]
