"""An officer's day by keyboard, in Vietnamese, in Debian's Chromium: a review report, a visit typed 4/12/2026."""

from __future__ import annotations

import re
from typing import Any

import pytest

from hoptac.web.tests.test_browser import browser, live_demo, page  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser
# An activity's own page, once saved. "**/activities/*/" would match the form's own address too
# (/activities/new/), so a test could end, and its database be emptied, while the save is still running.
SAVED_ACTIVITY = re.compile(r".*/activities/[0-9a-f-]{36}/$")


def tab_to(tab: Any, text: str, limit: int = 120) -> None:
    """Press Tab until the focused element shows the text (a link or a button), as a keyboard user does."""
    for _ in range(limit):
        tab.keyboard.press("Tab")
        if text in tab.evaluate("document.activeElement.innerText || document.activeElement.value || ''"):
            return
    raise AssertionError(f"no focusable element shows {text!r}")


def tab_to_id(tab: Any, dom_id: str, limit: int = 60) -> None:
    """Press Tab until the element with this id has the focus."""
    for _ in range(limit):
        tab.keyboard.press("Tab")
        if tab.evaluate("document.activeElement.id") == dom_id:
            return
    raise AssertionError(f"Tab never reached #{dom_id}")


def pick_by_keyboard(tab: Any, select_id: str, typed: str, shown: str) -> None:
    """Choose a place in a searchable picker as a keyboard user does: Tab to it, type, Enter."""
    from playwright.sync_api import expect

    box = f"{select_id}-ts-control"  # the search box Tom Select puts before the (hidden) select
    # The label names the box one types in, and its help describes it.
    assert tab.evaluate(f"document.querySelector('label[for={box}]') !== null")
    tab.locator("main h1").click()  # start from the top of the form, as the page opens
    tab_to_id(tab, box)
    tab.keyboard.type(typed)
    option = tab.locator(f"#{select_id}-ts-dropdown .option.active")
    expect(option).to_have_text(shown)
    tab.keyboard.press("Enter")


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
    # The partner through its searchable picker, by keyboard, in a press spelling.
    pick_by_keyboard(page, "id_partner", "sekong", "Sê Kông")
    expect(page.locator("#id_partner")).to_have_value("LA-XE")
    date.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("4/12/2026")
    page.keyboard.press("Enter")
    page.wait_for_url(SAVED_ACTIVITY)
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


def test_an_activity_with_parties_chosen_in_the_searchable_picker(page: Any) -> None:  # noqa: F811
    from playwright.sync_api import expect

    page.goto(page.base + "/activities/new/")
    pick_by_keyboard(page, "id_parties", "kon tum", "Kon Tum")
    page.keyboard.press("Escape")
    pick_by_keyboard(page, "id_parties", "Xekong", "Sê Kông")
    page.keyboard.press("Escape")
    chosen = page.evaluate("[...document.querySelector('#id_parties').selectedOptions].map(o => o.value)")
    assert chosen == ["VN-28", "LA-XE"]
    # A refused date keeps both parties chosen, in the picker too, and puts the focus on the date.
    page.locator("#id_date").fill("31/2/2026")
    page.locator("#id_date").press("Enter")
    page.wait_for_load_state()
    expect(page.locator("#id_date")).to_be_focused()
    items = page.locator("#id_parties-ts-control").locator("xpath=..").locator(".item")
    expect(items).to_have_count(2)
    page.keyboard.press("Control+A")
    page.keyboard.type("4/12/2026")
    page.keyboard.press("Enter")
    page.wait_for_url(SAVED_ACTIVITY)
    parties = page.locator("main").inner_text()
    assert "Kon Tum" in parties and "Sê Kông" in parties


def test_the_activity_list_filtered_by_a_party_chosen_by_name(page: Any) -> None:  # noqa: F811
    from playwright.sync_api import expect

    page.goto(page.base + "/activities/")
    every = page.locator("#results tbody tr").count()
    pick_by_keyboard(page, "filter-party", "se kong", "Sê Kông")
    # htmx replaces the results as soon as the place is chosen, and the list has its own address.
    page.wait_for_url("**party=LA-XE**")
    expect(page.locator("#results tbody tr")).not_to_have_count(every)
    rows = page.locator("#results").inner_text()
    assert "Sê Kông" in rows and "Stung Treng" not in rows
