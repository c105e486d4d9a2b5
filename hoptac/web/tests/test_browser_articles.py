"""The article review in a real browser, by keyboard: paste, correct one candidate, save, open it.

Uses the Chromium journey fixtures of test_browser (skipped with a message where chromium is absent).
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from hoptac.web.tests.test_articles import RENEWAL
from hoptac.web.tests.test_browser import browser, live_demo, page  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser


def test_paste_correct_save_and_open_from_the_confirmation(page: Any) -> None:  # noqa: F811
    from playwright.sync_api import expect

    page.goto(f"{page.base}/articles/new/")
    page.fill("#id_text", RENEWAL)  # pasted
    page.focus("#id_text")
    page.keyboard.press("Tab")  # the address, then the file, then the button
    page.locator("button[name=step][value=read]").focus()
    page.keyboard.press("Enter")
    card = page.locator("#finding-agreements-1")
    expect(card.locator("mark")).to_contain_text("Tiếp tục quan hệ đó")
    expect(card.locator(".why")).to_contain_text("Bản ghi nhớ")
    # Keep both agreements (the later renews the earlier, as the article says), by keyboard.
    # The visit's values start closed: Enter on its summary opens them.
    visit = page.locator("#finding-events-0")
    visit.locator("summary").focus()
    page.keyboard.press("Enter")
    expect(visit.locator("#events-0-delegation_size")).to_be_visible()
    for key in ("agreements-0", "agreements-1"):
        page.locator(f"input[name=accept][value={key}]").focus()
        page.keyboard.press("Space")
    expect(page.locator("#agreements-1-predecessor")).to_have_value("index:0")
    # Its values are open already (the renewal it states is shown); correct the period's end by keyboard.
    expect(card.locator("details")).to_have_attribute("open", "")
    field = page.locator("#agreements-1-end_year")
    field.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("2029")
    page.locator("button[name=step][value=save]").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"{page.base}/articles/saved/")
    link = page.locator("main a", has_text="giai đoạn 2025-2029")
    expect(link).to_be_visible()
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/agreements/[0-9a-f-]{36}/$"))
    main = page.inner_text("main")
    assert "giai đoạn 2025-2029" in main and "Sê Kông" in main
