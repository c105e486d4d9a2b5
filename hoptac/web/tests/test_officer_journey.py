"""An officer's day by keyboard, in Vietnamese, in Debian's Chromium: a review report, a visit typed 4/12/2026."""

from __future__ import annotations

from typing import Any

import pytest

from hoptac.web.tests.test_browser import browser, live_demo, page  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser


def tab_to(tab: Any, text: str, limit: int = 120) -> None:
    """Press Tab until the focused element shows the text (a link or a button), as a keyboard user does."""
    for _ in range(limit):
        tab.keyboard.press("Tab")
        if text in tab.evaluate("document.activeElement.innerText || document.activeElement.value || ''"):
            return
    raise AssertionError(f"no focusable element shows {text!r}")


def test_dashboard_to_the_review_report_in_two_clicks(page: Any) -> None:  # noqa: F811
    from playwright.sync_api import expect

    page.goto(page.base + "/")
    tab_to(page, "Báo cáo")
    page.keyboard.press("Enter")  # first click: the report page
    page.wait_for_url("**/reports/")
    tab_to(page, "Hội nghị sơ kết ngày 12/12/2024")
    expect(page.locator(":focus")).to_contain_text("Kon Tum, Át-tạ-pư, Sê Kông")
    page.keyboard.press("Enter")  # second click: the report itself
    page.wait_for_load_state()
    body = page.locator("body")
    expect(body).to_contain_text("BÁO CÁO")
    expect(body).to_contain_text("PHỤ LỤC")
    text = body.inner_text()
    assert "Sê Kông" in text and "VN-28" not in text and "LA-XE" not in text
    # Styled by its stylesheet under the page's CSP (no inline style refused): Times-metric serif.
    family = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert "Times New Roman" in family


def test_a_visit_typed_as_officers_write_dates(page: Any) -> None:  # noqa: F811
    from playwright.sync_api import expect

    page.goto(page.base + "/activities/visit/")
    date = page.locator("#id_date")
    expect(date).to_have_value("15/03/2026")  # today by default (the tests' fixed day)
    page.locator("#id_province").select_option(label="Kon Tum")
    page.locator("#id_partner").select_option(label="Sê Kông")
    date.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("4/12/2026")
    page.keyboard.press("Enter")
    page.wait_for_url("**/activities/*/")
    body = page.locator("main")
    expect(body).to_contain_text("04/12/2026")
    expect(body).to_contain_text("Đoàn Sê Kông thăm, làm việc tại Kon Tum")


def test_a_refused_date_puts_the_focus_on_it(page: Any) -> None:  # noqa: F811
    from playwright.sync_api import expect

    page.goto(page.base + "/activities/visit/")
    page.locator("#id_province").select_option(label="Kon Tum")
    page.locator("#id_partner").select_option(label="Sê Kông")
    page.locator("#id_date").fill("31/2/2026")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page.locator("#id_date")).to_be_focused()
